import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { renderPage } from "../http/render";
import { dayFormatter } from "../http/days";
import { dayRange, inStoreDays } from "../reports/date-range";
import { PickingReportPage } from "../../views/picking/report-page";
import { pickersByDay, pickingByDay, pickingByProduct } from "./report";

/** /manage/reports/picking: the picking report for a range of the store's days (report.ts). */
export const pickingReportRoutes = new Hono<AppEnv>();

pickingReportRoutes.get("/", async (c) => {
  const { reports } = c.var.deps.database;
  const range = dayRange(c.req.query("from"), c.req.query("to"), dayFormatter(c).read);
  const instants = inStoreDays(range, c.var.deps.config.STORE_TIMEZONE);
  const [days, products, pickers] = await Promise.all([pickingByDay(reports, instants), pickingByProduct(reports, instants), pickersByDay(reports, instants)]);
  return renderPage(c, "Picking report", <PickingReportPage fromText={range.fromText} toText={range.toText} days={days} products={products} pickers={pickers} day={dayFormatter(c)} />);
});
