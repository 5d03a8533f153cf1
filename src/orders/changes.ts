import { and, eq, exists, inArray, sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { randomToken } from "../accounts/tokens";
import { checkAmount } from "../cart/quantity";
import { lineTotalCents, totals } from "../cart/pricing";
import type { Config } from "../config";
import type { DatabaseHandle, UnitStatement } from "../db/client";
import { invoices } from "../db/invoice-tables";
import { products, type Unit } from "../db/schema";
import { orderItems, orders, promoCodes } from "../db/shop-tables";
import { slotWindows } from "../db/fulfilment-tables";
import { moveBookingStatements, precheckWindow, slotRefusalOf, type SlotRefusal } from "../fulfilment/reservations";
import { deliveryCharge, findZone, normalizePostcode } from "../fulfilment/zones";
import { maxChargeCents } from "../picking/max-charge";
import { vatRatesOf } from "../tax/rates";
import { taxBasket } from "../tax/vat";
import { moneyFormat } from "../values/money";
import { orderWithItems, type OrderWithItems } from "./queries";

/*
 * Changing a placed order before its cut-off (ADR 027): move it to another window with room, and
 * add, change or remove lines, with stock, the promo's minimum and the store's minimum order
 * checked again, the fee and VAT computed again, all in ONE atomic unit guarded by the database
 * (the order still placed, unchanged since it was read, before its window's cut-off, not invoiced).
 * `changeOrder` is the single entry point for shoppers, staff and the API; `confirm: false` only
 * answers the difference.
 */

const dialect = new SQLiteSyncDialect();

export type OrderChangeRequest = {
  orderId: number;
  /** Who asks: a shopper may change only their own order; staff any. */
  actor: { id: number; staff: boolean };
  /** Another window for the order (same fulfilment). */
  slotId?: number | null;
  /** New quantities in thousandths per product; 0 removes a line; products not named stay as they are. */
  quantities?: Map<number, number>;
};

export type ChangedLine = { productId: number; name: string; unit: Unit; before: number; after: number; lineTotalBefore: number; lineTotalAfter: number };
export type Amounts = {
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  deliveryFeeCents: number;
  amountDueCents: number;
  vatCents: number;
  /** The most the order may be charged after picking (ADR 028): what a card must be authorised for; null for orders from before it. */
  maxChargeCents: number | null;
};

export type ChangePreview = {
  order: OrderWithItems;
  lines: ChangedLine[];
  window: { fromId: number | null; toId: number | null; changed: boolean };
  before: Amounts;
  after: Amounts;
  /** after.amountDueCents - before.amountDueCents. */
  differenceCents: number;
};

export type ChangeRefusal =
  | { kind: "not_found" }
  | { kind: "locked"; message: string }
  | { kind: "invalid"; message: string }
  | { kind: "out_of_stock"; message: string }
  | { kind: "slot"; refusal: SlotRefusal | "mismatch" }
  | { kind: "below_minimum"; message: string }
  | { kind: "promo"; message: string }
  | { kind: "conflict"; message: string }
  | { kind: "declined"; message: string };

export type ChangeResult = { ok: true; applied: boolean; preview: ChangePreview } | { ok: false; refusal: ChangeRefusal };

/**
 * Hooks into the unit, e.g. payments: an edit that raises what the card must cover re-authorises it
 * first, and may add its own statements (its ledger rows) to the same unit. Declining refuses the change.
 */
export type ChangeHooks = {
  /** `changeToken` is what the unit stamps on the order: statements guarded by it act only if the change wins. */
  beforeCommit?: (preview: ChangePreview, changeToken: string) => Promise<{ ok: true; statements?: UnitStatement[] } | { ok: false; message: string }>;
  /** After the unit (or its refusal): lets the hook undo what it did outside the database when the change did not apply. */
  afterUnit?: (applied: boolean) => Promise<void>;
};

export type ChangeContext = { now: Date; config: Config; confirm: boolean; hooks?: ChangeHooks };

const refuse = (refusal: ChangeRefusal): ChangeResult => ({ ok: false, refusal });

/** Why the order can't be changed now, or null. */
export function lockReason(order: OrderWithItems, now: Date, invoiced: boolean): string | null {
  if (order.status !== "placed") return "This order can no longer be changed: it is already being picked or on its way.";
  if (order.slot && order.slot.cutoffAt.getTime() <= now.getTime()) return "This order can no longer be changed: its slot's cut-off has passed and it is locked for picking.";
  if (invoiced) return "This order can no longer be changed: it has been invoiced.";
  return null;
}

const postcodeOf = (address: string | null) => {
  const last = address?.split(",").at(-1)?.trim();
  return last ? normalizePostcode(last) : null;
};

type NewLine = { productId: number; name: string; unit: Unit; quantity: number; priceCents: number; lineTotalCents: number; rateBp: number; existing: boolean; pricePerKgCents: number | null; estimatedWeightGrams: number | null };

/** Reads, checks and prices the change; nothing is written. */
async function plan(handle: DatabaseHandle, request: OrderChangeRequest, context: ChangeContext): Promise<{ preview: ChangePreview; lines: NewLine[]; fee: { rateBp: number; vatCents: number } | null; vat: ReturnType<typeof taxBasket> } | ChangeRefusal> {
  const { db } = handle;
  const order = await orderWithItems(db, request.orderId);
  if (!order || (!request.actor.staff && order.userId !== request.actor.id)) return { kind: "not_found" };
  const [invoiced] = await db.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.orderId, order.id), eq(invoices.kind, "invoice")));
  const locked = lockReason(order, context.now, Boolean(invoiced));
  if (locked) return { kind: "locked", message: locked };
  const rates = vatRatesOf(context.config);
  const money = moneyFormat(context.config.CURRENCY, context.config.LOCALE);

  const asked = request.quantities ?? new Map<number, number>();
  const ids = [...new Set([...order.items.map((item) => item.productId), ...asked.keys()])];
  const shelf = new Map((await db.select().from(products).where(inArray(products.id, ids))).map((product) => [product.id, product]));
  const lines: NewLine[] = [];
  const changed: ChangedLine[] = [];
  for (const id of ids) {
    const item = order.items.find((line) => line.productId === id);
    const product = shelf.get(id);
    const quantity = asked.get(id) ?? item?.quantity ?? 0;
    if (!item && quantity === 0) continue; // none of something not on the order: nothing to add
    if (item && quantity === item.quantity) {
      lines.push({ ...item, quantity, rateBp: item.vatRateBp ?? rates[product?.vatClass ?? "standard"], existing: true });
      continue;
    }
    if (!product || (!product.active && quantity > 0)) return { kind: "invalid", message: `${item?.name ?? "That product"} is not sold any more; you can only remove it.` };
    const checked = checkAmount(quantity, { ...product, stock: product.stock + (item?.quantity ?? 0) }, { allowZero: true });
    if (!checked.ok) return { kind: checked.message.includes("stock") ? "out_of_stock" : "invalid", message: checked.message };
    // A changed or new line takes today's price (an unchanged line keeps the price it was sold at).
    const priceCents = product.priceCents;
    const total = lineTotalCents({ priceCents, quantity });
    changed.push({ productId: id, name: product.name, unit: product.unit, before: item?.quantity ?? 0, after: quantity, lineTotalBefore: item?.lineTotalCents ?? 0, lineTotalAfter: total });
    if (quantity > 0) {
      lines.push({
        productId: id,
        name: product.name,
        unit: product.unit,
        quantity,
        priceCents,
        lineTotalCents: total,
        rateBp: rates[product.vatClass],
        existing: Boolean(item),
        pricePerKgCents: item?.pricePerKgCents ?? null,
        estimatedWeightGrams: item?.estimatedWeightGrams ?? null,
      });
    }
  }
  if (lines.length === 0) return { kind: "invalid", message: "An order needs at least one item; to remove everything, cancel the order instead." };

  const promo = order.promoCodeId ? ((await db.select().from(promoCodes).where(eq(promoCodes.id, order.promoCodeId)))[0] ?? null) : null;
  const sums = totals(lines, promo);
  if (promo && sums.subtotalCents < promo.minSubtotalCents) {
    return { kind: "promo", message: `Your code ${promo.code} needs a basket of at least ${money(promo.minSubtotalCents)}; keep enough in the order or the code can't apply.` };
  }
  if (sums.subtotalCents < context.config.MIN_ORDER_CENTS) return { kind: "below_minimum", message: `Orders need at least ${money(context.config.MIN_ORDER_CENTS)} of groceries.` };

  // The window: the one asked for, or the order's own.
  let windowId = order.slotWindowId;
  let windowFee = order.slot ? ((await db.select({ fee: slotWindows.feeCents }).from(slotWindows).where(eq(slotWindows.id, order.slot.id)))[0]?.fee ?? 0) : 0;
  if (request.slotId && request.slotId !== order.slotWindowId) {
    const checked = await precheckWindow(db, request.slotId, context.now.getTime(), context.config.STORE_TIMEZONE);
    if ("refusal" in checked) return { kind: "slot", refusal: checked.refusal };
    if (checked.window.fulfilment !== (order.fulfilment === "delivery" ? "delivery" : "collection")) return { kind: "slot", refusal: "mismatch" };
    windowId = checked.window.id;
    windowFee = checked.window.feeCents;
  }
  const zone = order.fulfilment === "delivery" ? await findZoneOf(handle, order.deliveryAddress) : null;
  if (zone && sums.totalCents < zone.minimumBasketCents) return { kind: "below_minimum", message: `Delivery to your address needs a basket of at least ${money(zone.minimumBasketCents)}.` };
  const feeCents = windowId !== null || zone ? deliveryCharge(zone, windowFee, sums.totalCents).feeCents : order.deliveryFeeCents;
  const vat = taxBasket(
    lines.map((line) => ({ grossCents: line.lineTotalCents, rateBp: line.rateBp })),
    sums.discountCents,
    { grossCents: feeCents, rateBp: order.deliveryFeeVatRateBp ?? rates[context.config.DELIVERY_FEE_VAT_CLASS] },
  );
  const before: Amounts = {
    subtotalCents: order.subtotalCents,
    discountCents: order.discountCents,
    totalCents: order.totalCents,
    deliveryFeeCents: order.deliveryFeeCents,
    amountDueCents: order.totalCents + order.deliveryFeeCents,
    vatCents: order.items.reduce((sum, item) => sum + (item.vatCents ?? 0), 0) + (order.deliveryFeeVatCents ?? 0),
    maxChargeCents: order.maxChargeCents,
  };
  const estimate = {
    totalCents: sums.totalCents,
    deliveryFeeCents: feeCents,
    lines: lines.map((line) => ({ quantity: line.quantity, unit: line.unit, priceCents: line.priceCents, lineTotalCents: line.lineTotalCents, pricePerKgCents: line.pricePerKgCents, estimatedWeightGrams: line.estimatedWeightGrams })),
  };
  const after: Amounts = {
    ...sums,
    deliveryFeeCents: feeCents,
    amountDueCents: sums.totalCents + feeCents,
    vatCents: vat.vatCents,
    maxChargeCents: order.maxChargeCents === null ? null : maxChargeCents(estimate, order.weightToleranceBp ?? undefined),
  };
  const preview: ChangePreview = {
    order,
    lines: changed,
    window: { fromId: order.slotWindowId, toId: windowId, changed: windowId !== order.slotWindowId },
    before,
    after,
    differenceCents: after.amountDueCents - before.amountDueCents,
  };
  return { preview, lines, fee: vat.fee ? { rateBp: vat.fee.rateBp, vatCents: vat.fee.vatCents } : null, vat };
}

async function findZoneOf(handle: DatabaseHandle, address: string | null) {
  const postcode = postcodeOf(address);
  return postcode ? findZone(handle.db, postcode) : null;
}

/**
 * THE way to change an order (shopper pages, the API, and staff edits built on it): checks and
 * prices the change; with `confirm` it applies it in one atomic unit, after `hooks.beforeCommit`.
 */
export async function changeOrder(handle: DatabaseHandle, request: OrderChangeRequest, context: ChangeContext): Promise<ChangeResult> {
  const planned = await plan(handle, request, context);
  if ("kind" in planned) return refuse(planned);
  const { preview } = planned;
  const nothing = preview.lines.length === 0 && !preview.window.changed;
  if (!context.confirm || nothing) return { ok: true, applied: false, preview };
  const token = randomToken(16);
  const hooked = context.hooks?.beforeCommit ? await context.hooks.beforeCommit(preview, token) : { ok: true as const };
  if (!hooked.ok) return refuse({ kind: "declined", message: hooked.message });
  const statements = changeStatements(handle, planned, token, context.now);
  if ("statements" in hooked && hooked.statements) statements.push(...hooked.statements);
  let applied = false;
  try {
    const result = await applyUnit(handle, statements, preview, token);
    applied = result.ok;
    return result;
  } finally {
    await context.hooks?.afterUnit?.(applied);
  }
}

async function applyUnit(handle: DatabaseHandle, statements: UnitStatement[], preview: ChangePreview, token: string): Promise<ChangeResult> {
  try {
    await handle.atomic([statements[0]!, ...statements.slice(1)]);
  } catch (error) {
    return refuse(explain(error));
  }
  const [after] = await handle.db.select({ changeToken: orders.changeToken }).from(orders).where(eq(orders.id, preview.order.id));
  if (after?.changeToken !== token) return refuse({ kind: "conflict", message: "This order changed meanwhile (or was locked for picking); here it is as it stands now." });
  return { ok: true, applied: true, preview };
}

function explain(error: unknown): ChangeRefusal {
  const parts: string[] = [];
  for (let current: unknown = error; current instanceof Error; current = current.cause) parts.push(current.message);
  const text = parts.join(" | ");
  if (/products_stock_not_negative|CHECK constraint failed: .*stock/.test(text)) return { kind: "out_of_stock", message: "Some of what you added has just sold out; check the quantities and try again." };
  if (/order_item_price_changed/.test(text)) return { kind: "conflict", message: "A price changed meanwhile; check the difference again." };
  const slot = slotRefusalOf(error);
  if (slot) return { kind: "slot", refusal: slot };
  throw error;
}

type Planned = Exclude<Awaited<ReturnType<typeof plan>>, ChangeRefusal>;

/** The unit: the guarded order update first; every other statement acts only if it stamped the order. */
function changeStatements(handle: DatabaseHandle, planned: Planned, token: string, now: Date): UnitStatement[] {
  const { db } = handle;
  const { preview, lines, fee, vat } = planned;
  const order = preview.order;
  const beforeCutoff = order.slotWindowId === null ? sql`1` : sql`exists (select 1 from ${slotWindows} where ${slotWindows.id} = ${order.slotWindowId} and ${slotWindows.cutoffAt} > ${now.getTime()})`;
  const notInvoiced = sql`not exists (select 1 from ${invoices} where ${invoices.orderId} = ${order.id} and ${invoices.kind} = 'invoice')`;
  const stamped: SQL = exists(db.select({ one: sql`1` }).from(orders).where(and(eq(orders.id, order.id), eq(orders.changeToken, token))));
  const statements: UnitStatement[] = [
    db
      .update(orders)
      .set({
        subtotalCents: preview.after.subtotalCents,
        discountCents: preview.after.discountCents,
        totalCents: preview.after.totalCents,
        deliveryFeeCents: preview.after.deliveryFeeCents,
        deliveryFeeVatRateBp: fee?.rateBp ?? order.deliveryFeeVatRateBp,
        deliveryFeeVatCents: fee?.vatCents ?? (preview.after.deliveryFeeCents === 0 ? 0 : order.deliveryFeeVatCents),
        slotWindowId: preview.window.toId,
        maxChargeCents: preview.after.maxChargeCents,
        changeToken: token,
        updatedAt: now,
      })
      .where(and(eq(orders.id, order.id), eq(orders.status, "placed"), eq(orders.updatedAt, order.updatedAt), beforeCutoff, notInvoiced)),
  ];
  const newIds = new Set(lines.map((line) => line.productId));
  for (const item of order.items) {
    if (!newIds.has(item.productId)) {
      statements.push(db.delete(orderItems).where(and(eq(orderItems.orderId, order.id), eq(orderItems.productId, item.productId), stamped)));
    }
  }
  lines.forEach((line, i) => {
    const taxed = vat.lines[i]!;
    if (line.existing) {
      statements.push(
        db
          .update(orderItems)
          .set({ quantity: line.quantity, priceCents: line.priceCents, lineTotalCents: line.lineTotalCents, vatRateBp: taxed.rateBp, discountCents: taxed.discountCents, vatCents: taxed.vatCents })
          .where(and(eq(orderItems.orderId, order.id), eq(orderItems.productId, line.productId), stamped)),
      );
    } else {
      statements.push(
        dialect.sqlToQuery(sql`insert into ${orderItems} ("order_id", "product_id", "name", "unit", "quantity", "price_cents", "line_total_cents", "vat_rate_bp", "discount_cents", "vat_cents")
          select ${order.id}, ${line.productId}, ${line.name}, ${line.unit}, ${line.quantity}, ${line.priceCents}, ${line.lineTotalCents}, ${taxed.rateBp}, ${taxed.discountCents}, ${taxed.vatCents} where ${stamped}`),
      );
    }
  });
  // Stock follows the difference; CHECK (stock >= 0) refuses an oversell and rolls everything back.
  for (const changed of preview.lines) {
    const taken = changed.after - changed.before;
    if (taken !== 0) statements.push(db.update(products).set({ stock: sql`${products.stock} - ${taken}`, updatedAt: now }).where(and(eq(products.id, changed.productId), stamped)));
  }
  if (preview.window.changed && preview.window.toId !== null) {
    statements.push(...moveBookingStatements(db, { userId: order.userId, windowId: preview.window.toId, orderId: order.id, now: now.getTime() }, stamped));
  }
  return statements;
}

const SLOT_WORDS: Record<SlotRefusal | "mismatch", string> = {
  not_found: "That slot does not exist; choose another.",
  full: "Sorry, that slot is full now; choose another.",
  past_cutoff: "That slot has stopped taking orders (its cut-off has passed); choose another.",
  closed: "That slot is closed; choose another.",
  beyond_horizon: "That slot can't be booked yet; choose an earlier one.",
  mismatch: "That slot is for the other kind of fulfilment; choose one for this order.",
};

/** One wording (and HTTP status, problem slug) of each refusal for the pages and the API. */
export function changeRefusalText(refusal: ChangeRefusal): { status: 404 | 409 | 422; slug: string; message: string } {
  switch (refusal.kind) {
    case "not_found":
      return { status: 404, slug: "not-found", message: "You have no order with that id." };
    case "slot":
      return { status: refusal.refusal === "not_found" || refusal.refusal === "mismatch" ? 422 : 409, slug: `slot-${refusal.refusal.replace(/_/g, "-")}`, message: SLOT_WORDS[refusal.refusal] };
    case "locked":
      return { status: 409, slug: "order-locked", message: refusal.message };
    case "conflict":
      return { status: 409, slug: "order-changed", message: refusal.message };
    case "out_of_stock":
      return { status: 409, slug: "out-of-stock", message: refusal.message };
    case "declined":
      return { status: 409, slug: "payment-declined", message: refusal.message };
    case "below_minimum":
      return { status: 422, slug: "below-minimum", message: refusal.message };
    case "promo":
      return { status: 422, slug: "promo-minimum", message: refusal.message };
    case "invalid":
      return { status: 422, slug: "invalid-change", message: refusal.message };
  }
}
