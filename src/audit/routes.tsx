import { Hono } from "hono";
import { z } from "zod";
import { momentFormatter } from "../http/days";
import type { AppEnv } from "../http/env";
import { renderPage } from "../http/render";
import { ErrorPage } from "../../views/errors";
import { AuditPage } from "../../views/admin/audit";
import { auditActions, listAudit } from "./log";

/** The admin's audit trail, mounted at /admin/audit (the admin guard is the mount's). */
export const auditRoutes = new Hono<AppEnv>();

const auditQuery = z.object({
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  action: z
    .string()
    .max(80)
    .regex(/^[a-z_.]*$/, "an action is lower-case words joined by dots")
    .optional()
    .transform((action) => action || undefined),
});

auditRoutes.get("/", async (c) => {
  const query = auditQuery.safeParse(c.req.query());
  if (!query.success) {
    const message = "That audit page does not exist: 'before' is an entry number and 'action' a kind of entry.";
    return renderPage(c, "Audit log", <ErrorPage heading="No such page" message={message} />, { status: 400 });
  }
  const db = c.var.deps.database.db;
  const [page, actions] = await Promise.all([listAudit(db, query.data), auditActions(db)]);
  return renderPage(c, "Audit log", <AuditPage {...page} actions={actions} action={query.data.action ?? ""} moment={momentFormatter(c)} />);
});
