import { Hono, type Context } from "hono";
import { requireSignedIn } from "../accounts/middleware";
import { parseQuantity } from "../cart/quantity";
import { dayLabel, slotText, windowTime } from "../fulfilment/slot-text";
import { shopperWindows } from "../fulfilment/windows";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { redirectAfterPost, renderNotFound, renderPage } from "../http/render";
import { ChangeOrderPage, ConfirmChangePage, type ChangeSlot } from "../../views/orders/change-order";
import { cardReauthorisation, reauthorisationNeeded } from "../payments/reauthorise";
import { paymentStateOfOrder } from "../payments/ledger";
import { changeOrder, changeRefusalText, lockReason } from "./changes";
import { findOwnOrder, orderNumber, type OrderWithItems } from "./queries";
import { invoiceIdOfOrder } from "../invoices/issue";
import { additionChoices, chosenAdditionIds } from "./change-additions";

/** Mounted at /orders: a shopper changes their own order before its cut-off (ADR 027). */
export const orderChangeRoutes = new Hono<AppEnv>();
orderChangeRoutes.use("/:id/change", requireSignedIn());

async function ownOrder(c: Context<AppEnv>) {
  const id = (c.req.param("id") ?? "").replace(/^GR-/i, "");
  if (!/^\d{1,12}$/.test(id)) return null;
  return findOwnOrder(c.var.deps.database.db, c.var.user!.id, Number(id));
}

export async function slotChoices(c: Context<AppEnv>, order: OrderWithItems): Promise<ChangeSlot[]> {
  if (!order.slot) return [];
  const { database, clock, config } = c.var.deps;
  const windows = await shopperWindows(database, { fulfilment: order.slot.fulfilment, now: clock.now().getTime(), timeZone: config.STORE_TIMEZONE });
  return windows
    .filter((window) => window.id === order.slot!.id || (window.bookable && (order.slot!.fulfilment === "delivery" || window.pointId === null || window.pointName === order.slot!.pointName)))
    .map((window) => ({
      id: window.id,
      day: dayLabel(window.startsAt.getTime(), config.STORE_TIMEZONE),
      time: windowTime(window, config.STORE_TIMEZONE),
      feeCents: window.feeCents,
      left: window.capacityLeft,
      current: window.id === order.slot!.id,
    }));
}

async function formPage(c: Context<AppEnv>, order: OrderWithItems, values: Record<string, string>, error?: { status: 409 | 422; message: string }) {
  const tz = c.var.deps.config.STORE_TIMEZONE;
  const page = (
    <ChangeOrderPage
      orderId={order.id}
      orderNumber={orderNumber(order)}
      cutoffText={order.slot ? slotText({ startsAt: order.slot.cutoffAt, endsAt: order.slot.cutoffAt }, tz).split("–")[0]! : null}
      lines={order.items}
      slots={await slotChoices(c, order)}
      additions={await additionChoices(c.var.deps.database.db, order, values.add_q ?? "", chosenAdditionIds(values))}
      values={values}
      error={error?.message}
      money={moneyFormatter(c)}
    />
  );
  return renderPage(c, `Change order ${orderNumber(order)}`, page, { status: error?.status ?? 200 });
}

/**
 * Reads the form into a change request: qty_<product id> (the order's lines, in the product's unit;
 * empty removes), add_<product id> (products to add; empty adds none), slot_id.
 */
export function requestOf(values: Record<string, string>): { quantities: Map<number, number>; slotId: number | null } | { error: string } {
  const quantities = new Map<number, number>();
  for (const [name, value] of Object.entries(values)) {
    const match = /^(qty|add)_(\d{1,12})$/.exec(name);
    if (!match || (match[1] === "add" && value.trim() === "")) continue;
    const parsed = parseQuantity(value.trim() === "" ? "0" : value);
    if (!parsed.ok) return { error: parsed.message };
    const id = Number(match[2]);
    if (match[1] === "qty" || !quantities.has(id)) quantities.set(id, parsed.milli);
  }
  const slot = values.slot_id ?? "";
  if (slot !== "" && !/^\d{1,12}$/.test(slot)) return { error: "Choose one of the slots listed." };
  return { quantities, slotId: slot ? Number(slot) : null };
}

orderChangeRoutes.get("/:id/change", async (c) => {
  const order = await ownOrder(c);
  if (!order) return renderNotFound(c);
  const locked = lockReason(order, c.var.deps.clock.now(), (await invoiceIdOfOrder(c.var.deps.database.db, order.id)) !== null);
  if (locked) return redirectAfterPost(c, `/orders/${order.id}`, { kind: "error", text: locked });
  return formPage(c, order, {});
});

orderChangeRoutes.post("/:id/change", async (c) => {
  const order = await ownOrder(c);
  if (!order) return renderNotFound(c);
  const { database, clock, config } = c.var.deps;
  const body = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === "string" && key !== "confirm" && key !== "find") values[key] = value;
  // "Find" searches the shop for products to add, keeping everything typed so far.
  if (body.find !== undefined && body.confirm !== "1") return formPage(c, order, values);
  const asked = requestOf(values);
  if ("error" in asked) return formPage(c, order, values, { status: 422, message: asked.error });
  const confirm = body.confirm === "1";
  const result = await changeOrder(database, { orderId: order.id, actor: { id: c.var.user!.id, staff: false }, ...asked }, { now: clock.now(), config, confirm, hooks: cardReauthorisation(c.var.deps) });
  if (!result.ok) {
    const text = changeRefusalText(result.refusal);
    if (result.refusal.kind === "not_found") return renderNotFound(c);
    if (result.refusal.kind === "locked") return redirectAfterPost(c, `/orders/${order.id}`, { kind: "error", text: text.message });
    const fresh = (await findOwnOrder(database.db, c.var.user!.id, order.id)) ?? order;
    return formPage(c, fresh, values, { status: text.status === 409 ? 409 : 422, message: text.message });
  }
  if (result.applied) return redirectAfterPost(c, `/orders/${order.id}`, { kind: "success", text: `Order ${orderNumber(order)} is changed.` });
  if (result.preview.lines.length === 0 && !result.preview.window.changed) return formPage(c, order, values, { status: 422, message: "Nothing to change: change a quantity or choose another slot." });
  const slots = await slotChoices(c, order);
  const target = slots.find((slot) => slot.id === result.preview.window.toId);
  const cardAgain = reauthorisationNeeded(await paymentStateOfOrder(database.db, order), result.preview);
  const page = <ConfirmChangePage orderId={order.id} orderNumber={orderNumber(order)} preview={result.preview} slotText={target ? `${target.day}, ${target.time}` : null} values={values} money={moneyFormatter(c)} cardAgain={cardAgain} />;
  return renderPage(c, `Confirm the change to ${orderNumber(order)}`, page);
});
