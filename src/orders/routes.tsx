import { momentFormatter } from "../http/days";
import { slotText } from "../fulfilment/slot-text";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { requireSignedIn } from "../accounts/middleware";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { redirectAfterPost, renderNotFound, renderPage } from "../http/render";
import { ErrorPage } from "../../views/errors";
import { OrderPage, OrdersPage } from "../../views/orders/orders";
import { buyAgain } from "./buy-again";
import { cancelOrder } from "./cancel";
import { lockReason } from "./changes";
import { invoiceIdOfOrder } from "../invoices/issue";
import { findOwnOrder, orderNumber, ordersOf } from "./queries";

export const orderRoutes = new Hono<AppEnv>();

/** Mounted at /orders: a shopper's own orders, signed in (the guard is set once here). */
orderRoutes.use(requireSignedIn());

const ORDERS_PER_PAGE = 20;
const historyQuery = z.object({
  page: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number({ message: "Page must be a whole number such as 2." }).int("Page must be a whole number such as 2.").min(1, "Page numbers start at 1.").max(10_000, "Page numbers go up to 10000.").default(1),
  ),
});

/** The order history, a page at a time (it showed the latest 50 and nothing older). */
orderRoutes.get("/", async (c) => {
  const parsed = historyQuery.safeParse(c.req.query());
  if (!parsed.success) {
    return renderPage(c, "Your orders", <ErrorPage heading="We couldn't read that address" message={parsed.error.issues[0]!.message} />, { status: 400 });
  }
  const { page } = parsed.data;
  const found = await ordersOf(c.var.deps.database.db, c.var.user!.id, { limit: ORDERS_PER_PAGE, offset: (page - 1) * ORDERS_PER_PAGE });
  return renderPage(c, page > 1 ? `Your orders (page ${page})` : "Your orders", <OrdersPage {...found} page={page} money={moneyFormatter(c)} moment={momentFormatter(c)} />);
});

/** The signed-in shopper's own order named in the URL, or null (someone else's is "not found"). */
async function ownOrder(c: Context<AppEnv>) {
  // By id, or by the order number emails link to (GR-000042).
  const id = (c.req.param("id") ?? "").replace(/^GR-/i, "");
  if (!/^\d{1,12}$/.test(id)) return null;
  return findOwnOrder(c.var.deps.database.db, c.var.user!.id, Number(id));
}

orderRoutes.get("/:id", async (c) => {
  const order = await ownOrder(c);
  if (!order) return renderNotFound(c);
  const justPlaced = c.req.query("placed") === "1";
  const invoiced = (await invoiceIdOfOrder(c.var.deps.database.db, order.id)) !== null;
  const changeable = lockReason(order, c.var.deps.clock.now(), invoiced) === null;
  return renderPage(c, `Order ${orderNumber(order)}`, <OrderPage order={order} money={moneyFormatter(c)} moment={momentFormatter(c)} justPlaced={justPlaced} changeable={changeable} invoiced={invoiced} slotText={order.slot ? slotText(order.slot, c.var.deps.config.STORE_TIMEZONE) : undefined} />);
});

orderRoutes.post("/:id/cancel", async (c) => {
  const order = await ownOrder(c);
  if (!order) return renderNotFound(c);
  const result = await cancelOrder(c.var.deps.database, order, { allowedFrom: ["placed"], actorId: c.var.user!.id, now: c.var.deps.clock.now() });
  if (!result.ok) {
    c.set("flash", { kind: "error", text: result.message });
    return renderPage(c, `Order ${orderNumber(order)}`, <OrderPage order={order} money={moneyFormatter(c)} moment={momentFormatter(c)} justPlaced={false} slotText={order.slot ? slotText(order.slot, c.var.deps.config.STORE_TIMEZONE) : undefined} />, { status: 409 });
  }
  return redirectAfterPost(c, `/orders/${order.id}`, { kind: "success", text: `Order ${orderNumber(order)} is cancelled.` });
});

orderRoutes.post("/:id/buy-again", async (c) => {
  const order = await ownOrder(c);
  if (!order) return renderNotFound(c);
  const result = await buyAgain(c.var.deps.database.db, c.var.user!.id, order, c.var.deps.clock.now());
  const parts = [];
  if (result.added.length) parts.push(`Added to your cart: ${result.added.join(", ")}.`);
  if (result.reduced.length) parts.push(`Less than last time (not enough in stock): ${result.reduced.join(", ")}.`);
  if (result.unavailable.length) parts.push(`Not available now: ${result.unavailable.join(", ")}.`);
  const kind = result.added.length || result.reduced.length ? "success" : "error";
  return redirectAfterPost(c, "/cart", { kind, text: parts.join(" ") });
});
