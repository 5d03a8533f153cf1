import { Hono } from "hono";
import { requireStaff } from "../accounts/middleware";
import type { AppEnv } from "../http/env";
import { renderPage } from "../http/render";
import { DashboardPage } from "../../views/manage/dashboard";
import { dashboardFigures, lowStockProducts } from "./dashboard";

export const manageRoutes = new Hono<AppEnv>();

manageRoutes.use("/manage", requireStaff("manager"));
manageRoutes.use("/manage/*", requireStaff("manager"));

manageRoutes.get("/manage", async (c) => {
  const { db } = c.var.deps.database;
  const user = c.var.user!;
  const [figures, lowStock] = await Promise.all([dashboardFigures(db), lowStockProducts(db)]);
  return renderPage(c, "Back office", <DashboardPage name={user.name} isAdmin={user.role === "admin"} figures={figures} lowStock={lowStock} />);
});
