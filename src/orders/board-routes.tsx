import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/env";
import { readForm } from "../http/forms";
import { moneyFormatter } from "../http/money";
import { dayFormatter, momentFormatter } from "../http/days";
import { redirectAfterPost, renderPage, wantsFragment } from "../http/render";
import { orderStatusInput } from "./contract";
import { orderNumber } from "./queries";
import { BoardOrderPage, BoardRow, OrdersBoardPage, PickingListPage } from "../../views/manage/orders-board";
import { ErrorPage } from "../../views/errors";
import { dayRange, dayText, inStoreDays, parseDay, storeDayBounds } from "../reports/date-range";
import { boardOrder, boardOrders, isOrderStatus, moveOrder, orderHistory, pickingList } from "./board";
import { orderWithItems } from "./queries";
import { staffInvoicePage } from "../invoices/routes";
import { windowsBetween } from "../fulfilment/windows";
import { slotText } from "../fulfilment/slot-text";
import { localDate } from "../fulfilment/store-time";

export const ordersBoardRoutes = new Hono<AppEnv>();

/** `?slot=<window id>`: only that window's orders; anything else means every slot. */
const slotParam = (text: string | undefined) => (text && /^\d{1,12}$/.test(text) ? Number(text) : undefined);

/** The windows from yesterday to the horizon, to filter by. */
async function slotOptions(c: Context<AppEnv>) {
  const { database, clock, config } = c.var.deps;
  const now = clock.now().getTime();
  const windows = await windowsBetween(database.db, now - 86_400_000, now + 15 * 86_400_000, now);
  return windows.map((window) => ({ id: window.id, text: `${window.fulfilment === "delivery" ? "Delivery" : `Collection${window.pointName ? ` (${window.pointName})` : ""}`} ${slotText(window, config.STORE_TIMEZONE)}` }));
}

const idParam = z.object({ id: z.coerce.number().int().positive() });
const notFound = (c: Context<AppEnv>) => renderPage(c, "Not found", <ErrorPage heading="No such order" message="That order does not exist." />, { status: 404 });

ordersBoardRoutes.get("/", async (c) => {
  const statusText = c.req.query("status") ?? "";
  const status = isOrderStatus(statusText) ? statusText : "";
  const range = dayRange(c.req.query("from"), c.req.query("to"), dayFormatter(c).read);
  // The days asked for are the store's (STORE_TIMEZONE), as on the picking list and the reports.
  const placed = inStoreDays(range, c.var.deps.config.STORE_TIMEZONE);
  const slot = slotParam(c.req.query("slot"));
  const orders = await boardOrders(c.var.deps.database.db, { status: status || undefined, from: placed.from, to: placed.to, slotWindowId: slot });
  const slots = await slotOptions(c);
  return renderPage(c, "Orders", <OrdersBoardPage orders={orders} money={moneyFormatter(c)} moment={momentFormatter(c)} status={status} fromText={range.fromText} toText={range.toText} slots={slots} slot={slot} day={dayFormatter(c)} />);
});

ordersBoardRoutes.get("/picking", async (c) => {
  const { database, clock, config } = c.var.deps;
  const dateText = c.req.query("date");
  const chosen = parseDay(dateText === undefined ? undefined : (dayFormatter(c).read(dateText) ?? undefined));
  // The store's day (STORE_TIMEZONE), as the sales reports count it: midnight to midnight on the store's clock.
  const shown = chosen ? dayText(chosen) : localDate(clock.now().getTime(), config.STORE_TIMEZONE);
  const day = storeDayBounds(shown, config.STORE_TIMEZONE);
  const slot = slotParam(c.req.query("slot"));
  const lines = await pickingList(database.db, day, slot);
  const slots = await slotOptions(c);
  const heading = slot !== undefined ? (slots.find((option) => option.id === slot)?.text ?? "slot") : dayFormatter(c).input(shown);
  return renderPage(c, "Picking list", <PickingListPage lines={lines} dayText={shown} heading={heading} slots={slots} slot={slot} day={dayFormatter(c)} />);
});

ordersBoardRoutes.get("/:id", async (c) => {
  const params = idParam.safeParse(c.req.param());
  const { db } = c.var.deps.database;
  const order = params.success ? await boardOrder(db, params.data.id) : null;
  if (!order) return notFound(c);
  const [full, history] = await Promise.all([orderWithItems(db, order.id), orderHistory(db, order.id)]);
  return renderPage(c, `Order ${orderNumber(order)}`, <BoardOrderPage order={order} full={full!} history={history} money={moneyFormatter(c)} moment={momentFormatter(c)} />);
});

ordersBoardRoutes.get("/:id/invoice", async (c) => {
  const params = idParam.safeParse(c.req.param());
  return params.success ? staffInvoicePage(c, params.data.id) : notFound(c);
});

const moveForm = z.object({ to: orderStatusInput("Choose the status to move the order to.") });

ordersBoardRoutes.post("/:id/status", async (c) => {
  const params = idParam.safeParse(c.req.param());
  const { database, clock } = c.var.deps;
  const before = params.success ? await boardOrder(database.db, params.data.id) : null;
  if (!before) return notFound(c);
  const money = moneyFormatter(c);
  const form = await readForm(c, moveForm);
  const answer = async (status: 200 | 409 | 422, error?: string) => {
    const order = (await boardOrder(database.db, before.id))!;
    if (wantsFragment(c)) return c.html(<BoardRow order={order} money={money} moment={momentFormatter(c)} error={error} />, status);
    if (status === 200) return redirectAfterPost(c, "/manage/orders", { kind: "success", text: `${orderNumber(order)} is now ${order.status.replace(/_/g, " ")}.` });
    return renderPage(c, "Order not changed", <ErrorPage heading="Order not changed" message={error ?? ""} />, { status });
  };
  if (!form.ok) return answer(422, form.errors.to ?? "Choose the status to move the order to.");
  const result = await moveOrder(database, before.id, form.data.to, { actorId: c.var.user!.id, now: clock.now(), config: c.var.deps.config });
  if (!result.ok) return result.status === 404 ? notFound(c) : answer(409, result.message);
  return answer(200);
});
