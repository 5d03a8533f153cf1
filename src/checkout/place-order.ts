import { inArray } from "drizzle-orm";
import type { AtomicResult, BoundStatement, DatabaseHandle } from "../db/client";
import { products, type Unit } from "../db/schema";
import type { Order } from "../db/shop-tables";
import { sha256Hex } from "../accounts/tokens";
import type { CartSummary } from "../cart/summary";
import { readForCheckout, type CheckoutFacts } from "./checkout-read";
import { afterOrderPlaced, newOrderNoticeValues } from "../notifications/notices";
import { sameRequest, type OrderRequest } from "./contract";
import { checkoutStatements, lineStatements } from "./order-statements";
import { deliveryPlace, isRefusal, orderCharges, type ChargeContext, type ChargeRefusal, type OrderCharges } from "../fulfilment/order-charges";
import { slotRefusalOf } from "../fulfilment/reservations";
import { DEFAULT_PICKING_SETTINGS, orderedLinePicking, type PickingSettings } from "../picking/settings";
import { maxChargeCents } from "../picking/max-charge";
import { PAY_ON_DELIVERY, type PaymentMethod } from "../payments/methods";
import { authorisationCents, cardSlotRefusal } from "../payments/amounts";
import { placementStatements } from "../payments/placement";

/** The order's own part (fulfilment, address, note) comes from the checkout contract: orderRequestOf() in contract.ts. */
export type CheckoutRequest = OrderRequest & {
  /** The signed-in shopper placing the order; the confirmation goes to this name and address. */
  customer: { id: number; name: string; email: string };
  idempotencyKey: string;
  /**
   * The cart version the shopper reviewed (the checkout page carries it). Absent: the version read
   * now. Either way the order is placed from that version of the cart or not at all.
   */
  cartVersion?: number;
  /** Delivery and collection (src/fulfilment): a window (absent: the shopper's reservation), an address-book entry, a typed postcode. */
  slotId?: number | null;
  addressId?: number | null;
  postcode?: string | null;
};

export type ShortItem = { productId: number; name: string; unit: Unit; wanted: number; left: number };

export type CheckoutResult =
  | { kind: "placed"; order: Pick<Order, "id"> }
  /**
   * The same idempotency key was used before; `sameRequest` tells a retry from a different order,
   * `cartRefilled` that the cart holds lines again since (a stale form re-posted, not a double submit).
   */
  | { kind: "replayed"; order: Order; sameRequest: boolean; cartRefilled: boolean }
  /** Another checkout (another tab, a retry under a new key) already placed this version of the cart. */
  | { kind: "already_ordered"; order: Pick<Order, "id"> }
  /** The cart changed since it was read or shown: nothing was ordered; show it as it is now. */
  | { kind: "cart_changed" }
  | { kind: "empty" }
  | { kind: "out_of_stock"; items: ShortItem[] }
  | { kind: "below_minimum"; minimumCents: number; subtotalCents: number }
  | { kind: "promo_rejected"; message: string }
  | { kind: "unavailable"; names: string[] }
  | { kind: "prices_changed" }
  /** The slot, address or zone refused the order (src/fulfilment/order-charges.ts). */
  | { kind: "fulfilment_refused"; refusal: ChargeRefusal }
  /** The payment method cannot pay for this order (a card for a slot beyond its authorisation's life, ADR 031). */
  | { kind: "payment_refused"; message: string };

export type CheckoutContext = {
  now: Date;
  minimumCents: number;
  money: (cents: number) => string;
  /** The store's slot, zone and VAT settings (configuration). */
  charges: Omit<ChargeContext, "now">;
  /** Picking settings (ADR 028): weighed lines' tolerance and whether lines allow a substitute by default. Absent: the defaults. */
  picking?: PickingSettings;
  /** How the shopper pays (src/payments, ADR 030); absent: on delivery or collection. */
  payment?: CheckoutPayment;
};

export type CheckoutPayment = { method: PaymentMethod; timeoutMinutes: number; cardBookingDays: number };

/** A fingerprint of what was ordered (lines, prices, code and request), kept with the order as a record. */
async function requestHash(summary: CartSummary, request: CheckoutRequest): Promise<string> {
  const lines = summary.lines.map((line) => `${line.productId}:${line.quantity}:${line.priceCents}`).sort();
  return sha256Hex(JSON.stringify([lines, summary.promo?.code ?? null, request.fulfilment, request.deliveryAddress, request.note]));
}

async function orderIdByKey(handle: DatabaseHandle, userId: number, key: string): Promise<number | null> {
  const [row] = await checkoutStatements(handle.db).orderIdByKey.all({ userId, key });
  return row?.id ?? null;
}

async function orderById(handle: DatabaseHandle, id: number): Promise<Order> {
  const [order] = await checkoutStatements(handle.db).orderById.all({ id });
  return order!;
}

async function findByKey(handle: DatabaseHandle, userId: number, key: string): Promise<Order | null> {
  const id = await orderIdByKey(handle, userId, key);
  return id === null ? null : orderById(handle, id);
}

/**
 * Places the signed-in shopper's cart as an order in ONE atomic unit: the order, its lines at the
 * database's current prices, conditional stock decrements, the promo use and emptying the cart.
 * The database refuses an oversell (CHECK stock >= 0), a stale price and an over-used promo
 * (triggers in drizzle/0001_storefront_rules.sql), and any refusal rolls the whole unit back.
 */
export async function placeOrder(handle: DatabaseHandle, asked: CheckoutRequest, context: CheckoutContext): Promise<CheckoutResult> {
  const userId = asked.customer.id;
  const place = await deliveryPlace(handle.db, { ...asked, userId, fulfilment: slotFulfilment(asked) });
  if (isRefusal(place)) return { kind: "fulfilment_refused", refusal: place };
  const request = { ...asked, deliveryAddress: asked.fulfilment === "delivery" ? place.text : null, postcode: place.postcode, addressId: null };
  // One statement: cart, lines, promo, reservation, substitution default and this key's order (checkout-read.ts).
  const facts = await readForCheckout(handle.db, { userId, key: request.idempotencyKey }, { userId, now: context.now, money: context.money });
  const { summary } = facts;
  if (facts.previousOrderId !== null) return replayOf(await orderById(handle, facts.previousOrderId), request, summary);
  if (request.cartVersion !== undefined && summary.cartId !== null && request.cartVersion !== summary.cartVersion) {
    return consumedOrChanged(handle, summary.cartId, request.cartVersion);
  }

  const refusal = precheck(summary, context);
  if (refusal) return refusal;
  const charges = await orderCharges(
    handle.db,
    { ...request, userId, fulfilment: slotFulfilment(request), held: facts.held },
    { lines: summary.lines.map((line) => ({ ...line, vatClass: facts.lines.get(line.productId)?.vatClass })), subtotalCents: summary.subtotalCents, discountCents: summary.discountCents },
    { ...context.charges, now: context.now.getTime() },
  );
  if (isRefusal(charges)) return { kind: "fulfilment_refused", refusal: charges };
  const paymentRefusal = cardSlotRefusal(context.payment, charges.window, context.now);
  if (paymentRefusal) return { kind: "payment_refused", message: paymentRefusal };

  const fingerprint = await requestHash(summary, request);
  let placed: AtomicResult;
  try {
    placed = await handle.atomic(orderStatements(handle, summary, request, context, fingerprint, charges, facts.shopperSubstituteDefault));
  } catch (error) {
    return explainFailure(handle, error, summary, request);
  }
  // The unit's first statement inserts the order: its rowid is the order's id.
  const id = placed.firstInsertId ?? (await orderIdByKey(handle, userId, request.idempotencyKey))!;
  if (mayRunLow(summary, facts)) await afterOrderPlaced(handle, id, context.now);
  return { kind: "placed", order: { id } };
}

/**
 * Whether this order may have taken a product down to its low-stock level (from the stock read
 * before the write). Only then are low-stock notices delivered now; an event another order raised
 * meanwhile is delivered by that order, or when staff next open their notices (deliverPendingNotices).
 */
const mayRunLow = (summary: CartSummary, facts: CheckoutFacts): boolean =>
  summary.lines.some((line) => line.stock - line.quantity <= (facts.lines.get(line.productId)?.lowStockThreshold ?? Number.MAX_SAFE_INTEGER));

const replayOf = (order: Order, request: CheckoutRequest, summary: CartSummary): CheckoutResult => ({
  kind: "replayed",
  order,
  sameRequest: sameRequest(order, request),
  cartRefilled: summary.lines.length > 0,
});

/** Why a cart version can no longer be ordered: an order was placed from it, or the cart changed. */
async function consumedOrChanged(handle: DatabaseHandle, cartId: number, cartVersion: number): Promise<CheckoutResult> {
  const [order] = await checkoutStatements(handle.db).orderFromCart.all({ cartId, cartVersion });
  return order ? { kind: "already_ordered", order } : { kind: "cart_changed" };
}

function precheck(summary: CartSummary, context: CheckoutContext): CheckoutResult | null {
  if (summary.lines.length === 0 || summary.cartId === null) return { kind: "empty" };
  const unavailable = summary.lines.filter((line) => !line.onSale).map((line) => line.name);
  if (unavailable.length) return { kind: "unavailable", names: unavailable };
  const short = shortItems(summary);
  if (short.length) return { kind: "out_of_stock", items: short };
  if (summary.promoCode && !summary.promo) return { kind: "promo_rejected", message: summary.promoProblem ?? "This promo code can't be used." };
  if (summary.subtotalCents < context.minimumCents) {
    return { kind: "below_minimum", minimumCents: context.minimumCents, subtotalCents: summary.subtotalCents };
  }
  return null;
}

/** Lines on sale that ask for more than is left, as checkout refuses them and its page lists them. */
export const shortItems = (summary: CartSummary): ShortItem[] =>
  summary.lines.filter((line) => line.onSale && line.quantity > line.stock).map(toShortItem);

const toShortItem = (line: CartSummary["lines"][number]): ShortItem => ({
  productId: line.productId,
  name: line.name,
  unit: line.unit,
  wanted: line.quantity,
  left: line.stock,
});

/**
 * Effects the database adds to this unit by trigger (drizzle/*.sql), so they happen with the order
 * or not at all; named here so a reader of the batch sees them.
 */
export const CHECKOUT_TRIGGER_EFFECTS = {
  /** order_items_at_current_price (0001): a line at a price other than the product's now is refused ("prices_changed"). */
  priceCheck: "order_items_at_current_price",
  /** promo_redemptions_valid (0001): an expired, not-yet-started or used-up code is refused ("promo_rejected"). */
  promoLimits: "promo_redemptions_valid",
  /** catalog_version_products_update (0001): taking stock bumps the catalog version (the API's ETags). */
  catalogVersion: "catalog_version_products_update",
  /** catalog_shelf_products_stock (0034): and the shelf version (cached pages) only when a product leaves "In stock" or shows "Only N left". */
  shelfVersion: "catalog_shelf_products_stock",
  /** products_low_stock (0001): stock falling to its threshold records a low-stock event (notices, digest). */
  lowStockEvents: "products_low_stock",
  /** order_items_first_order (0010): a product's first order line sets products.first_ordered_at. */
  firstOrdered: "order_items_first_order",
  /** orders_from_current_cart (0013): an order from a cart version that is no longer current is refused ("cart_changed"). */
  oneCartOneOrder: "orders_from_current_cart",
} as const;

/**
 * The whole order as one unit: the order and its lines, stock, the promo use, the confirmation
 * email job, the staff notice, the emptied cart; plus CHECKOUT_TRIGGER_EFFECTS in the database.
 */
function orderStatements(
  handle: DatabaseHandle,
  summary: CartSummary,
  request: CheckoutRequest,
  context: CheckoutContext,
  fingerprint: string,
  charges: OrderCharges,
  shopperSubstituteDefault: boolean | null,
): [BoundStatement, ...BoundStatement[]] {
  const compiled = checkoutStatements(handle.db);
  const { now } = context;
  const placed = { userId: request.customer.id, key: request.idempotencyKey };
  const picking = context.picking ?? DEFAULT_PICKING_SETTINGS;
  const taxedLines = summary.lines.map((line) => {
    const vat = charges.lineVat.get(line.productId);
    return {
      ...line,
      ...orderedLinePicking(line, shopperSubstituteDefault, picking),
      vatRateBp: vat?.rateBp ?? null,
      discountCents: vat?.discountCents ?? null,
      vatCents: vat?.vatCents ?? null,
    };
  });
  const estimate = { totalCents: summary.totalCents, deliveryFeeCents: charges.feeCents, lines: taxedLines };
  const statements: [BoundStatement, ...BoundStatement[]] = [
    compiled.order.bind({
      ...placed,
      fulfilment: request.fulfilment,
      deliveryAddress: request.deliveryAddress,
      note: request.note,
      subtotalCents: summary.subtotalCents,
      discountCents: summary.discountCents,
      totalCents: summary.totalCents,
      promoCodeId: summary.promo?.id ?? null,
      promoCode: summary.promo?.code ?? null,
      requestHash: fingerprint,
      cartId: summary.cartId!,
      cartVersion: summary.cartVersion!,
      slotWindowId: charges.window?.id ?? null,
      weightToleranceBp: picking.weightToleranceBp,
      maxChargeCents: maxChargeCents(estimate, picking.weightToleranceBp),
      deliveryFeeCents: charges.feeCents,
      deliveryFeeVatRateBp: charges.feeVat?.rateBp ?? null,
      deliveryFeeVatCents: charges.feeVat?.vatCents ?? null,
      now,
    }),
  ];
  if (charges.window) {
    // The place in the window, booked in the order's unit: full or past its cut-off rolls the order back (ADR 016).
    statements.push(compiled.releaseReservation.bind({ userId: placed.userId }), compiled.bookSlot.bind({ ...placed, windowId: charges.window.id, now }));
  }
  statements.push(...lineStatements(handle.db, taxedLines, placed, now.getTime()));
  if (summary.promo) {
    statements.push(
      compiled.countPromoUse.bind({ promoCodeId: summary.promo.id }),
      compiled.redeemPromo.bind({ ...placed, promoCodeId: summary.promo.id, now }),
    );
  }
  const payment = context.payment ?? { method: PAY_ON_DELIVERY, timeoutMinutes: 30, cardBookingDays: 6 };
  // A card order is confirmed once its card is authorised (src/payments/authorise.ts).
  if (payment.method.name !== "card") statements.push(compiled.confirmation.bind({ ...placed, now }));
  statements.push(
    ...placementStatements(handle.db, payment.method, { ...placed, now, timeoutMinutes: payment.timeoutMinutes, authorisationCents: authorisationCents({ totalCents: summary.totalCents, deliveryFeeCents: charges.feeCents, maxChargeCents: maxChargeCents(estimate, picking.weightToleranceBp) }) }),
    compiled.staffNotice.bind({ ...placed, ...newOrderNoticeValues({ fulfilment: request.fulfilment, totalCents: summary.totalCents }, context) }),
    compiled.emptyCart.bind({ cartId: summary.cartId! }),
  );
  if (summary.promoCode) statements.push(compiled.clearCartPromo.bind({ cartId: summary.cartId!, nowMs: now.getTime() }));
  return statements;
}

function failureText(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error; current instanceof Error; current = current.cause) parts.push(current.message);
  return parts.join(" | ");
}

/** Turns the database's refusal into the answer a shopper can act on. */
async function explainFailure(
  handle: DatabaseHandle,
  error: unknown,
  summary: CartSummary,
  request: CheckoutRequest,
): Promise<CheckoutResult> {
  const text = failureText(error);
  if (/cart_changed|UNIQUE constraint failed: orders\.user_id, orders\.idempotency_key/.test(text)) {
    // The same key racing itself is a replay; another key lost the cart to the order that won it.
    const order = await findByKey(handle, request.customer.id, request.idempotencyKey);
    if (order) return { kind: "replayed", order, sameRequest: sameRequest(order, request), cartRefilled: false };
    if (/cart_changed/.test(text)) return consumedOrChanged(handle, summary.cartId!, summary.cartVersion!);
  }
  if (/products_stock_not_negative/.test(text)) {
    const ids = summary.lines.map((line) => line.productId);
    const stock = await handle.db.select({ id: products.id, stock: products.stock }).from(products).where(inArray(products.id, ids));
    const left = new Map(stock.map((row) => [row.id, row.stock]));
    const items = summary.lines
      .map((line) => ({ ...toShortItem(line), left: left.get(line.productId) ?? 0 }))
      .filter((item) => item.wanted > item.left);
    return { kind: "out_of_stock", items };
  }
  if (/order_item_price_changed/.test(text)) return { kind: "prices_changed" };
  const slot = slotRefusalOf(error);
  if (slot) return { kind: "fulfilment_refused", refusal: { kind: "slot", refusal: slot } };
  if (/promo_code_not_redeemable|promo_codes_within_limit/.test(text)) {
    return { kind: "promo_rejected", message: `The code ${summary.promo?.code ?? ""} can no longer be used: it was used up or has ended.` };
  }
  throw error;
}

/** "pickup" is the older name of collection. */
const slotFulfilment = (request: Pick<CheckoutRequest, "fulfilment">) => (request.fulfilment === "delivery" ? "delivery" : "collection") as "delivery" | "collection";
