/**
 * An order line as checkout stores it (order_items): the product, the amount and the price paid.
 * Written once here for checkout (what it writes), picking (what it weighs and charges) and the
 * pick list (what it shows); each adds what it needs beside it.
 */
export type OrderLine = {
  productId: number;
  name: string;
  unit: string;
  quantity: number;
  priceCents: number;
  lineTotalCents: number;
  /** A piece priced by weight: its price per kg and estimated grams per piece. */
  pricePerKgCents: number | null;
  estimatedWeightGrams: number | null;
  /** The shopper's substitution choice, resolved (ADR 028). */
  allowSubstitute: boolean;
};
