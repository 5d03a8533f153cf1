import { Hono } from "hono";
import { paymentManageRoutes } from "../payments/manage-routes";
import { requireStaff } from "../accounts/middleware";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { renderPage } from "../http/render";
import { deliverPendingNotices } from "../notifications/notices";
import { unreadCount } from "../notifications/notify";
import { notificationRoutes } from "../notifications/routes";
import { NOTIFICATION_STREAM } from "../../views/shell/bell";
import { reportRoutes } from "../reports/routes";
import { DashboardPage } from "../../views/manage/dashboard";
import { categoryRequestRoutes, categoryRoutes } from "../catalog/categories/routes";
import { imageRoutes } from "../catalog/products/image-routes";
import { productRoutes } from "../catalog/products/routes";
import { dashboardFigures, lowStockProducts, todayFigures } from "../reports/dashboard";
import { ordersBoardRoutes } from "../orders/board-routes";
import { pickingRoutes } from "../picking/routes";
import { staffOrderEditRoutes } from "../picking/staff-edit-routes";
import { promoRoutes } from "../promotions/routes";
import { stockRoutes } from "../inventory/routes";
import { slotManageRoutes } from "../fulfilment/manage-routes";
import { zoneManageRoutes } from "../fulfilment/zone-routes";

/** The back office, mounted at /manage: its staff guard is set here once, for every page below it. */
export const manageRoutes = new Hono<AppEnv>();

const staffOnly = requireStaff("manager");
// The bell's stream answers with a status, not a log-in redirect (see notifications/routes.tsx).
manageRoutes.use((c, next) => (c.req.path === NOTIFICATION_STREAM ? next() : staffOnly(c, next)));

manageRoutes.get("/", async (c) => {
  const { database, clock } = c.var.deps;
  const { db } = database;
  const user = c.var.user!;
  await deliverPendingNotices(database, clock.now());
  const [figures, today, lowStock, unread] = await Promise.all([dashboardFigures(db), todayFigures(db, clock.now(), c.var.deps.config.STORE_TIMEZONE), lowStockProducts(db), unreadCount(db, user)]);
  return renderPage(
    c,
    "Back office",
    <DashboardPage name={user.name} isAdmin={user.role === "admin"} figures={figures} today={today} money={moneyFormatter(c)} unreadNotifications={unread} lowStock={lowStock} />,
  );
});

manageRoutes.route("/products/:id{[0-9]+}/images", imageRoutes);
manageRoutes.route("/products", productRoutes);
manageRoutes.route("/categories", categoryRoutes);
manageRoutes.route("/category-requests", categoryRequestRoutes);
manageRoutes.route("/stock", stockRoutes);
manageRoutes.route("/promo-codes", promoRoutes);
manageRoutes.route("/orders", paymentManageRoutes);
manageRoutes.route("/orders", staffOrderEditRoutes);
manageRoutes.route("/orders", ordersBoardRoutes);
manageRoutes.route("/picking", pickingRoutes);
manageRoutes.route("/reports", reportRoutes);
manageRoutes.route("/notifications", notificationRoutes);
manageRoutes.route("/slots", slotManageRoutes);
manageRoutes.route("/zones", zoneManageRoutes);
