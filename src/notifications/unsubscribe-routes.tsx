import { Hono, type Context } from "hono";
import type { AppEnv } from "../http/env";
import { renderPage } from "../http/render";
import { ErrorPage } from "../../views/errors";
import { UnsubscribePage } from "../../views/accounts/unsubscribe";
import { findUnsubscribeLink, OPTIONAL_EMAILS, optOut } from "./unsubscribe";

/**
 * Unsubscribe links work without logging in: the token (stored hashed) names the person and the
 * kind of email. GET only shows the button, so link scanners in mail systems change nothing.
 */
export const unsubscribeRoutes = new Hono<AppEnv>();

const badLink = (c: Context<AppEnv>) =>
  renderPage(c, "Link not valid", <ErrorPage heading="This link does not work" message="The unsubscribe link is incomplete or unknown." />, { status: 400 });

unsubscribeRoutes.get("/unsubscribe", async (c) => {
  const token = c.req.query("token") ?? "";
  const link = await findUnsubscribeLink(c.var.deps.database.db, token);
  if (!link) return badLink(c);
  return renderPage(c, "Unsubscribe", <UnsubscribePage token={token} what={OPTIONAL_EMAILS[link.kind]} done={false} />);
});

unsubscribeRoutes.post("/unsubscribe", async (c) => {
  const token = c.req.query("token") ?? "";
  const { database, clock } = c.var.deps;
  const link = await findUnsubscribeLink(database.db, token);
  if (!link) return badLink(c);
  await optOut(database.db, link.userId, link.kind, clock.now());
  return renderPage(c, "Unsubscribed", <UnsubscribePage token={token} what={OPTIONAL_EMAILS[link.kind]} done={true} />);
});
