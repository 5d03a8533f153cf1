import { inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import type { SlotFulfilment } from "../db/fulfilment-tables";
import { products, type VatClass } from "../db/schema";
import { taxBasket, type VatRates } from "../tax/vat";
import { vatRatesOf } from "../tax/rates";
import type { Config } from "../config";
import { addressText, listAddresses, ownAddress } from "./addresses";
import { heldReservation, judgeWindow, precheckWindow, type HeldForCheckout, type SlotRefusal } from "./reservations";
import type { WindowView } from "./windows";
import { deliveryCharge, findZone, normalizePostcode } from "./zones";

/*
 * What delivery or collection adds to an order, decided once for the checkout page and the API:
 * the window (given, or the one the shopper reserved), the address and its zone, the fee, and the
 * VAT of every line and of the fee (ADR 015). The database checks the window again in the order's unit.
 */

export type FulfilmentRequest = {
  userId: number;
  fulfilment: SlotFulfilment;
  /** A window chosen at checkout; absent: the shopper's reservation, if any. */
  slotId?: number | null;
  /** An address from the shopper's address book. */
  addressId?: number | null;
  /** Or a typed address with its postcode. */
  deliveryAddress?: string | null;
  postcode?: string | null;
  /** The shopper's reservation when the caller already read it (checkout reads it with the cart); absent: read here. */
  held?: HeldForCheckout | null;
};

/** A line's VAT class when the caller already read it (checkout does); absent: read here. */
export type ChargeLine = { productId: number; lineTotalCents: number; vatClass?: VatClass };

export type OrderCharges = {
  window: WindowView | null;
  deliveryAddress: string | null;
  feeCents: number;
  feeVat: { rateBp: number; vatCents: number } | null;
  lineVat: Map<number, { rateBp: number; discountCents: number; vatCents: number }>;
  vatCents: number;
};

export type ChargeRefusal =
  | { kind: "slot"; refusal: SlotRefusal }
  | { kind: "slot_mismatch" }
  | { kind: "slot_required" }
  | { kind: "address_unknown" }
  | { kind: "outside_zones"; postcode: string }
  | { kind: "below_zone_minimum"; minimumCents: number; subtotalCents: number };

export type ChargeContext = { now: number; timeZone: string; vatRates: VatRates; feeVatClass: VatClass; slotRequired: boolean };

async function chosenWindow(db: Database, request: FulfilmentRequest, context: ChargeContext): Promise<WindowView | ChargeRefusal | null> {
  if (request.slotId) {
    // The window the shopper holds was read with the cart (checkout): judged on it, not read again.
    const held = request.held?.window.id === request.slotId ? request.held : null;
    const checked = held ? await judgeWindow(held.window, () => held.horizonDays ?? undefined, context.now, context.timeZone) : await precheckWindow(db, request.slotId, context.now, context.timeZone);
    return "refusal" in checked ? { kind: "slot", refusal: checked.refusal } : checked.window;
  }
  const held = request.held !== undefined ? request.held : await heldReservation(db, request.userId, context.now);
  if (held && held.window.fulfilment === request.fulfilment) return held.window;
  return context.slotRequired ? { kind: "slot_required" } : null;
}

/** The delivery address as the order records it: from the address book, or typed (with its postcode). */
export async function deliveryPlace(db: Database, request: FulfilmentRequest): Promise<{ text: string | null; postcode: string | null } | ChargeRefusal> {
  if (request.fulfilment !== "delivery") return { text: null, postcode: null };
  if (request.addressId) {
    const address = await ownAddress(db, request.userId, request.addressId);
    return address ? { text: addressText(address), postcode: address.postcode } : { kind: "address_unknown" };
  }
  const postcode = request.postcode ? normalizePostcode(request.postcode) : null;
  const text = request.deliveryAddress ?? null;
  return { text: text && postcode && !text.toUpperCase().includes(postcode) ? `${text}, ${postcode}` : text, postcode };
}

export const isRefusal = (value: unknown): value is ChargeRefusal => typeof value === "object" && value !== null && "kind" in value;

/** The order's fulfilment charges, or why it can't be placed as asked. */
export async function orderCharges(
  db: Database,
  request: FulfilmentRequest,
  basket: { lines: ChargeLine[]; subtotalCents: number; discountCents: number },
  context: ChargeContext,
): Promise<OrderCharges | ChargeRefusal> {
  const window = await chosenWindow(db, request, context);
  if (isRefusal(window)) return window;
  if (window && window.fulfilment !== request.fulfilment) return { kind: "slot_mismatch" };
  const place = await deliveryPlace(db, request);
  if (isRefusal(place)) return place;
  const zone = place.postcode ? await findZone(db, place.postcode) : null;
  if (place.postcode && !zone) return { kind: "outside_zones", postcode: place.postcode };
  const goods = basket.subtotalCents - basket.discountCents;
  if (zone && goods < zone.minimumBasketCents) return { kind: "below_zone_minimum", minimumCents: zone.minimumBasketCents, subtotalCents: goods };
  const charge = window || zone ? deliveryCharge(request.fulfilment === "delivery" ? zone : null, window?.feeCents ?? 0, goods) : { feeCents: 0, free: true };

  const classOf = await vatClassesOf(db, basket.lines);
  const taxed = taxBasket(
    basket.lines.map((line) => ({ grossCents: line.lineTotalCents, rateBp: context.vatRates[classOf.get(line.productId) ?? "standard"] })),
    basket.discountCents,
    { grossCents: charge.feeCents, rateBp: context.vatRates[context.feeVatClass] },
  );
  return {
    window,
    deliveryAddress: place.text,
    feeCents: charge.feeCents,
    feeVat: taxed.fee ? { rateBp: taxed.fee.rateBp, vatCents: taxed.fee.vatCents } : null,
    lineVat: new Map(basket.lines.map((line, i) => [line.productId, { rateBp: taxed.lines[i]!.rateBp, discountCents: taxed.lines[i]!.discountCents, vatCents: taxed.lines[i]!.vatCents }])),
    vatCents: taxed.vatCents,
  };
}

async function vatClassesOf(db: Database, lines: ChargeLine[]): Promise<Map<number, VatClass>> {
  if (lines.every((line) => line.vatClass !== undefined)) return new Map(lines.map((line) => [line.productId, line.vatClass!]));
  const ids = lines.map((line) => line.productId);
  const classes = await db.select({ id: products.id, vatClass: products.vatClass }).from(products).where(inArray(products.id, ids));
  return new Map(classes.map((row) => [row.id, row.vatClass]));
}

/** The store's settings for charges, from configuration. */
export const chargeSettings = (config: Pick<Config, "STORE_TIMEZONE" | "VAT_STANDARD_PERCENT" | "VAT_REDUCED_PERCENT" | "VAT_SECOND_REDUCED_PERCENT" | "DELIVERY_FEE_VAT_CLASS" | "SLOT_REQUIRED">): Omit<ChargeContext, "now"> => ({
  timeZone: config.STORE_TIMEZONE,
  vatRates: vatRatesOf(config),
  feeVatClass: config.DELIVERY_FEE_VAT_CLASS,
  slotRequired: config.SLOT_REQUIRED,
});

const SLOT_REFUSALS: Record<SlotRefusal, { status: 404 | 409 | 422; slug: string; message: string }> = {
  not_found: { status: 422, slug: "slot-unknown", message: "That slot does not exist; choose another." },
  full: { status: 409, slug: "slot-full", message: "Sorry, that slot is full now; choose another." },
  past_cutoff: { status: 409, slug: "slot-past-cutoff", message: "That slot has stopped taking orders (its cut-off has passed); choose another." },
  closed: { status: 409, slug: "slot-closed", message: "That slot is closed; choose another." },
  beyond_horizon: { status: 409, slug: "slot-beyond-horizon", message: "That slot can't be booked yet; choose an earlier one." },
};

/** One wording of each refusal for the checkout page and the API (status and problem type too). */
export function chargeRefusalText(refusal: ChargeRefusal, money: (cents: number) => string): { status: 404 | 409 | 422; slug: string; message: string } {
  switch (refusal.kind) {
    case "slot":
      return SLOT_REFUSALS[refusal.refusal];
    case "slot_mismatch":
      return { status: 422, slug: "slot-mismatch", message: "That slot is for the other kind of fulfilment; choose a slot for this one." };
    case "slot_required":
      return { status: 422, slug: "slot-required", message: "Choose a delivery or collection slot first." };
    case "address_unknown":
      return { status: 422, slug: "address-unknown", message: "Choose one of your own addresses." };
    case "outside_zones":
      return { status: 422, slug: "outside-delivery-zones", message: `We don't deliver to ${refusal.postcode} yet. Choose click & collect, or another address.` };
    case "below_zone_minimum":
      return { status: 422, slug: "below-minimum", message: `Delivery to this address needs a basket of at least ${money(refusal.minimumCents)}; yours comes to ${money(refusal.subtotalCents)}.` };
  }
}

/**
 * What the checkout page shows before the order is placed: the reserved window, the default
 * address for delivery, and the fee and VAT orderCharges() would charge for this basket now.
 */
export async function checkoutPreview(
  db: Database,
  userId: number,
  basket: { lines: ChargeLine[]; subtotalCents: number; discountCents: number },
  context: ChargeContext,
  money: (cents: number) => string,
): Promise<{ window: WindowView; expiresAt: Date; address: { id: number; text: string } | null; feeCents: number; vatCents: number; refusal: string | null } | null> {
  const held = await heldReservation(db, userId, context.now);
  if (!held) return null;
  const book = held.window.fulfilment === "delivery" ? await listAddresses(db, userId) : [];
  const chosen = book.find((address) => address.isDefault) ?? null;
  const charges = await orderCharges(db, { userId, fulfilment: held.window.fulfilment, slotId: held.window.id, addressId: chosen?.id ?? null }, basket, { ...context, slotRequired: false });
  const address = chosen ? { id: chosen.id, text: addressText(chosen) } : null;
  if (isRefusal(charges)) return { window: held.window, expiresAt: held.expiresAt, address, feeCents: 0, vatCents: 0, refusal: chargeRefusalText(charges, money).message };
  return { window: held.window, expiresAt: held.expiresAt, address, feeCents: charges.feeCents, vatCents: charges.vatCents, refusal: null };
}
