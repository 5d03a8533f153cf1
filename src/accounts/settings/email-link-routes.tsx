import { Hono } from "hono";
import type { AppEnv } from "../../http/env";
import { renderPage } from "../../http/render";
import { ErrorPage } from "../../../views/errors";
import { EmailLinkDone, EmailLinkPage } from "../../../views/accounts/close-account";
import { PrivacyPage } from "../../../views/accounts/privacy";
import { clearSessionCookie } from "../middleware";
import { privacyPolicy } from "../privacy/policy";
import { confirmEmailChange, findConfirmable, findUndoable, undoEmailChange } from "./change-email";

/**
 * Links from emails work without logging in (the token is the proof). GET shows one button, so
 * mail scanners that follow links change nothing; the POST does it. And the privacy page.
 */
export const emailLinkRoutes = new Hono<AppEnv>();

const deadLink = (c: Parameters<typeof renderPage>[0]) =>
  renderPage(c, "Link not valid", <ErrorPage heading="This link does not work" message="It is incomplete, was already used, or has expired." />, { status: 400 });

emailLinkRoutes.get("/account/email/confirm", async (c) => {
  const token = c.req.query("token") ?? "";
  const { database, clock } = c.var.deps;
  const change = await findConfirmable(database.db, token, clock.now());
  if (!change) return deadLink(c);
  return renderPage(c, "Confirm your new email", <EmailLinkPage kind="confirm" token={token} detail={`Use ${change.newEmail} for your account from now on?`} />);
});

emailLinkRoutes.post("/account/email/confirm", async (c) => {
  const result = await confirmEmailChange(c.var.deps, c.req.query("token") ?? "");
  if (!result.ok && result.reason === "taken") {
    return renderPage(c, "Address taken", <ErrorPage heading="That address is taken" message="Another account started using that email address meanwhile. Your address is unchanged." />, { status: 409 });
  }
  if (!result.ok) return deadLink(c);
  const next = c.var.user ? { href: "/account", label: "My account" } : { href: "/login", label: "Log in" };
  return renderPage(c, "Email changed", <EmailLinkDone heading="Your email address is changed" message={`From now on, log in with ${result.newEmail}.`} next={next} />);
});

emailLinkRoutes.get("/account/email/undo", async (c) => {
  const token = c.req.query("token") ?? "";
  const { database, clock } = c.var.deps;
  const change = await findUndoable(database.db, token, clock.now());
  if (!change) return deadLink(c);
  const detail = `Someone asked to change your account's email address to ${change.newEmail}. Stop it? Your account keeps (or gets back) ${change.oldEmail}, and everyone signed in to it is logged out.`;
  return renderPage(c, "This wasn't me", <EmailLinkPage kind="undo" token={token} detail={detail} />);
});

emailLinkRoutes.post("/account/email/undo", async (c) => {
  const result = await undoEmailChange(c.var.deps, c.req.query("token") ?? "");
  if (!result.ok) return deadLink(c);
  clearSessionCookie(c);
  const message = `${result.restored ? "Your account has its old email address back" : "The change is stopped"}, and everyone signed in to it is logged out. Now choose a new password: we send a code to ${result.email}.`;
  return renderPage(
    c,
    "Change stopped",
    <EmailLinkDone heading="Done: your account is safe again" message={message} next={{ href: `/forgot-password`, label: "Choose a new password" }} />,
  );
});

emailLinkRoutes.get("/privacy", (c) => {
  const { config } = c.var.deps;
  return renderPage(c, "Privacy", <PrivacyPage policy={privacyPolicy(config)} storeName={config.STORE_NAME} />);
});
