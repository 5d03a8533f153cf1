import { Hono } from "hono";
import { requireSignedIn } from "../accounts/middleware";
import type { AppEnv } from "../http/env";
import { cardReauthorisation } from "../payments/reauthorise";
import { changePages } from "./change-pages";
import { findOwnOrder } from "./queries";

/** Mounted at /orders: a shopper changes their own order before its cut-off (ADR 027). */
export const orderChangeRoutes = new Hono<AppEnv>();
orderChangeRoutes.use("/:id/change", requireSignedIn());
orderChangeRoutes.route("/", changePages({
  route: "/:id/change",
  paths: (id) => ({ action: `/orders/${id}/change`, order: `/orders/${id}` }),
  findOrder: (c, id) => findOwnOrder(c.var.deps.database.db, c.var.user!.id, id),
  actor: (c) => ({ id: c.var.user!.id, staff: false }),
  hooks: (c) => cardReauthorisation(c.var.deps),
  changedText: (number) => `Order ${number} is changed.`,
}));
