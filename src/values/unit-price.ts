import type { Unit } from "../db/schema";

/**
 * Unit prices (Price Indication Directive 98/6/EC): the price per kilogram, litre or piece beside
 * the selling price, computed once here from integer cents and the net quantity in thousandths.
 *
 * The rule: price × reference quantity ÷ net quantity, in exact integer arithmetic, rounded half
 * up to the cent (0.5 cent and more goes up). Cards, the product page, the cart, search results
 * and the API all call unitPriceOf.
 */
export const NET_UNITS = ["g", "kg", "ml", "l", "piece"] as const;
export type NetUnit = (typeof NET_UNITS)[number];
export type UnitPriceBasis = "kg" | "l" | "piece";

/** Thousandths of a gram, millilitre or piece in one thousandth of each net unit. */
const BASE_PER_MILLI: Record<NetUnit, bigint> = { g: 1n, kg: 1000n, ml: 1n, l: 1000n, piece: 1n };
const BASIS_OF: Record<NetUnit, UnitPriceBasis> = { g: "kg", kg: "kg", ml: "l", l: "l", piece: "piece" };
/** The reference quantity in thousandths of a gram, millilitre or piece. */
const REFERENCE: Record<UnitPriceBasis, bigint> = { kg: 1_000_000n, l: 1_000_000n, piece: 1000n };

export type UnitPrice = { cents: number; per: UnitPriceBasis };

/** Integer division rounded half up, for non-negative numbers. */
const roundHalfUp = (numerator: bigint, denominator: bigint) => (2n * numerator + denominator) / (2n * denominator);

/** The price of one kg, l or piece of a pack of `netMilli` thousandths of `netUnit` that sells for `priceCents`. */
export function unitPriceCents(priceCents: number, netMilli: number, netUnit: NetUnit): UnitPrice {
  if (!Number.isSafeInteger(priceCents) || priceCents < 0) throw new RangeError("price must be whole cents");
  if (!Number.isSafeInteger(netMilli) || netMilli <= 0) throw new RangeError("net quantity must be positive thousandths");
  const per = BASIS_OF[netUnit];
  const base = BigInt(netMilli) * BASE_PER_MILLI[netUnit];
  return { cents: Number(roundHalfUp(BigInt(priceCents) * REFERENCE[per], base)), per };
}

/** What a selling unit holds when the product is sold loose by it (1 kg, 1 g, a dozen pieces); null for "each". */
const LOOSE: Record<Unit, { milli: number; unit: NetUnit } | null> = {
  each: null,
  kg: { milli: 1000, unit: "kg" },
  g: { milli: 1000, unit: "g" },
  l: { milli: 1000, unit: "l" },
  ml: { milli: 1000, unit: "ml" },
  dozen: { milli: 12_000, unit: "piece" },
};

export type PricedProduct = { priceCents: number; unit: Unit; netQuantity: number | null; netUnit: NetUnit | null };

/**
 * The unit price to show beside the selling price, or null when the selling price already is one
 * (loose by the kg or litre) or nothing is known to divide it by (an item without a net quantity).
 */
export function unitPriceOf(product: PricedProduct): UnitPrice | null {
  if (product.unit === "each") {
    if (product.netQuantity === null || product.netUnit === null) return null;
    return unitPriceCents(product.priceCents, product.netQuantity, product.netUnit);
  }
  if (product.unit === "kg" || product.unit === "l") return null;
  const loose = LOOSE[product.unit]!;
  return unitPriceCents(product.priceCents, loose.milli, loose.unit);
}

const NET_UNIT_TEXT: Record<NetUnit, [string, string]> = { g: ["g", "g"], kg: ["kg", "kg"], ml: ["ml", "ml"], l: ["l", "l"], piece: ["piece", "pieces"] };

/** "500 g", "0.75 l", "6 pieces". */
export function netQuantityLabel(milli: number, unit: NetUnit): string {
  const amount = Number((milli / 1000).toFixed(3));
  const [one, many] = NET_UNIT_TEXT[unit];
  return `${amount} ${amount === 1 ? one : many}`;
}

/** "€3.78 / kg". */
export const unitPriceText = (price: UnitPrice, money: (cents: number) => string) => `${money(price.cents)} / ${price.per}`;

/** "500 g · €3.78 / kg", "€30.00 / kg" (loose spices), or null when there is nothing to add. */
export function packLabel(product: PricedProduct, money: (cents: number) => string): string | null {
  const price = unitPriceOf(product);
  const net = product.unit === "each" && product.netQuantity !== null && product.netUnit !== null ? netQuantityLabel(product.netQuantity, product.netUnit) : null;
  const parts = [net, price ? unitPriceText(price, money) : null].filter((part): part is string => part !== null);
  return parts.length ? parts.join(" · ") : null;
}
