import { Hono } from "hono";
import { requireStaff } from "../accounts/middleware";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { renderPage } from "../http/render";
import { deliverPendingNotices } from "../notifications/notices";
import { unreadCount } from "../notifications/notify";
import { notificationRoutes } from "../notifications/routes";
import { NOTIFICATION_STREAM } from "../../views/notifications/bell";
import { reportRoutes } from "../reports/routes";
import { DashboardPage } from "../../views/manage/dashboard";
import { dashboardFigures, lowStockProducts, todayFigures } from "../reports/dashboard";
import { ordersBoardRoutes } from "../orders/board-routes";
import { promoRoutes } from "../promotions/routes";
import { stockRoutes } from "../inventory/routes";

export const manageRoutes = new Hono<AppEnv>();

const staffOnly = requireStaff("manager");
manageRoutes.use("/manage", staffOnly);
// The bell's stream answers with a status, not a log-in redirect (see notifications/routes.tsx).
manageRoutes.use("/manage/*", (c, next) => (c.req.path === NOTIFICATION_STREAM ? next() : staffOnly(c, next)));

manageRoutes.get("/manage", async (c) => {
  const { database, clock } = c.var.deps;
  const { db } = database;
  const user = c.var.user!;
  await deliverPendingNotices(database, clock.now());
  const [figures, today, lowStock, unread] = await Promise.all([dashboardFigures(db), todayFigures(db, clock.now()), lowStockProducts(db), unreadCount(db, user)]);
  return renderPage(
    c,
    "Back office",
    <DashboardPage name={user.name} isAdmin={user.role === "admin"} figures={figures} today={today} money={moneyFormatter(c)} unreadNotifications={unread} lowStock={lowStock} />,
  );
});

manageRoutes.route("/", stockRoutes);
manageRoutes.route("/", promoRoutes);
manageRoutes.route("/", ordersBoardRoutes);
manageRoutes.route("/", reportRoutes);
manageRoutes.route("/", notificationRoutes);
