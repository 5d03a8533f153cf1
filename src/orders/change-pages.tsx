import { Hono, type Context } from "hono";
import { parseQuantity } from "../cart/quantity";
import { dayLabel, slotText, windowTime } from "../fulfilment/slot-text";
import { shopperWindows } from "../fulfilment/windows";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { redirectAfterPost, renderNotFound, renderPage } from "../http/render";
import { invoiceIdOfOrder } from "../invoices/issue";
import { paymentStateOfOrder } from "../payments/ledger";
import { reauthorisationNeeded } from "../payments/reauthorise";
import { ChangeOrderPage, ConfirmChangePage, type ChangePaths, type ChangeSlot } from "../../views/orders/change-order";
import { additionChoices, chosenAdditionIds } from "./change-additions";
import { changeOrder, changeRefusalText, lockReason, type ChangeHooks } from "./changes";
import { orderNumber, type OrderWithItems } from "./queries";

/**
 * Who changes an order, and where its two pages live: the shopper at /orders/:id/change (ADR 027),
 * staff on the shopper's behalf at /manage/orders/:id/edit. Both run the same form, the same
 * confirmation and the same changeOrder; a desk only says whose order it finds and what it adds to
 * the change's unit.
 */
export type ChangeDesk = {
  /** The route below the mount point, e.g. "/:id/change". */
  route: string;
  paths: (orderId: number) => ChangePaths;
  findOrder: (c: Context<AppEnv>, orderId: number) => Promise<OrderWithItems | null>;
  actor: (c: Context<AppEnv>) => { id: number; staff: boolean };
  hooks: (c: Context<AppEnv>) => ChangeHooks;
  /** The sentence shown on the order page once the change is made. */
  changedText: (orderNumber: string) => string;
};

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

function orderIdOf(c: Context<AppEnv>): number | null {
  const id = (c.req.param("id") ?? "").replace(/^GR-/i, "");
  return /^\d{1,12}$/.test(id) ? Number(id) : null;
}

async function formPage(c: Context<AppEnv>, desk: ChangeDesk, order: OrderWithItems, values: Record<string, string>, error?: { status: 409 | 422; message: string }) {
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
      paths={desk.paths(order.id)}
    />
  );
  return renderPage(c, `Change order ${orderNumber(order)}`, page, { status: error?.status ?? 200 });
}

/** The form (GET), then the difference and its confirmation (POST; POST with confirm=1 applies it). */
export function changePages(desk: ChangeDesk): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  const found = async (c: Context<AppEnv>) => {
    const id = orderIdOf(c);
    return id === null ? null : desk.findOrder(c, id);
  };

  pages.get(desk.route, async (c) => {
    const order = await found(c);
    if (!order) return renderNotFound(c);
    const locked = lockReason(order, c.var.deps.clock.now(), (await invoiceIdOfOrder(c.var.deps.database.db, order.id)) !== null);
    if (locked) return redirectAfterPost(c, desk.paths(order.id).order, { kind: "error", text: locked });
    return formPage(c, desk, order, {});
  });

  pages.post(desk.route, async (c) => {
    const order = await found(c);
    if (!order) return renderNotFound(c);
    const paths = desk.paths(order.id);
    const { database, clock, config } = c.var.deps;
    const body = await c.req.parseBody();
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) if (typeof value === "string" && key !== "confirm" && key !== "find") values[key] = value;
    // "Find" searches the shop for products to add, keeping everything typed so far.
    if (body.find !== undefined && body.confirm !== "1") return formPage(c, desk, order, values);
    const asked = requestOf(values);
    if ("error" in asked) return formPage(c, desk, order, values, { status: 422, message: asked.error });
    const result = await changeOrder(database, { orderId: order.id, actor: desk.actor(c), ...asked }, { now: clock.now(), config, confirm: body.confirm === "1", hooks: desk.hooks(c) });
    if (!result.ok) {
      const text = changeRefusalText(result.refusal);
      if (result.refusal.kind === "not_found") return renderNotFound(c);
      if (result.refusal.kind === "locked") return redirectAfterPost(c, paths.order, { kind: "error", text: text.message });
      const fresh = (await desk.findOrder(c, order.id)) ?? order;
      return formPage(c, desk, fresh, values, { status: text.status === 409 ? 409 : 422, message: text.message });
    }
    if (result.applied) return redirectAfterPost(c, paths.order, { kind: "success", text: desk.changedText(orderNumber(order)) });
    if (result.preview.lines.length === 0 && !result.preview.window.changed) return formPage(c, desk, order, values, { status: 422, message: "Nothing to change: change a quantity or choose another slot." });
    const target = (await slotChoices(c, order)).find((slot) => slot.id === result.preview.window.toId);
    const cardAgain = reauthorisationNeeded(await paymentStateOfOrder(database.db, order), result.preview);
    const page = <ConfirmChangePage orderId={order.id} orderNumber={orderNumber(order)} preview={result.preview} slotText={target ? `${target.day}, ${target.time}` : null} values={values} money={moneyFormatter(c)} cardAgain={cardAgain} paths={paths} />;
    return renderPage(c, `Confirm the change to ${orderNumber(order)}`, page);
  });
  return pages;
}
