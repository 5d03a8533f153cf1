import { Hono } from "hono";
import { z } from "zod";
import { momentFormatter } from "../http/days";
import type { AppEnv } from "../http/env";
import { renderNotFound, renderPage } from "../http/render";
import { OutboxMessagePage, OutboxPage } from "../../views/admin/outbox";
import { findOutboxMessage, listOutbox } from "../mail/outbox";

export const outboxRoutes = new Hono<AppEnv>();


outboxRoutes.get("/", async (c) => renderPage(c, "Outbox", <OutboxPage messages={await listOutbox(c.var.deps.database.db)} moment={momentFormatter(c)} />));

const messageId = z.coerce.number().int().positive();

outboxRoutes.get("/:id", async (c) => {
  const id = messageId.safeParse(c.req.param("id"));
  const message = id.success ? await findOutboxMessage(c.var.deps.database.db, id.data) : null;
  if (!message) return renderNotFound(c);
  return renderPage(c, message.subject, <OutboxMessagePage message={message} narrow={c.req.query("width") === "320"} moment={momentFormatter(c)} />);
});

/**
 * The email's own HTML for the preview frame. Emails need inline styles, so this one response
 * gets its own policy: no scripts at all, inline styles only, framed by our pages only, sandboxed.
 */
outboxRoutes.get("/:id/html", async (c) => {
  const id = messageId.safeParse(c.req.param("id"));
  const message = id.success ? await findOutboxMessage(c.var.deps.database.db, id.data) : null;
  if (!message) return c.text("No such message.", 404);
  c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox");
  c.header("X-Frame-Options", "SAMEORIGIN");
  return c.html(message.html);
});
