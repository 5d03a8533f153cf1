/*
 * The most an order may ever be charged (ADR 028): what the shopper saw at checkout plus, for each
 * weighed line, what the line would cost picked at its tolerance above the estimate. Cards are
 * authorised for exactly this amount, and the final total after picking never exceeds it (the
 * database refuses a final total above the order's stored max_charge_cents).
 */

/** A weighed line may be picked at most this far above its estimate unless the store says otherwise: 10 %. */
export const DEFAULT_WEIGHT_TOLERANCE_BP = 1000;

export type EstimatedLine = {
  /** Thousandths of the unit: pieces for a piece priced by weight, grams ×1 for a kg line (1.5 kg is 1500). */
  quantity: number;
  unit: string;
  /** The unit price at checkout (per piece estimate, or per kg / per g). */
  priceCents: number;
  lineTotalCents: number;
  /** Set for a piece priced by weight. */
  pricePerKgCents: number | null;
  estimatedWeightGrams: number | null;
};

export type OrderEstimate = {
  /** Goods after the discount (orders.total_cents). */
  totalCents: number;
  deliveryFeeCents: number;
  lines: EstimatedLine[];
};

const roundHalfUp = (numerator: number, denominator: number) => Math.floor((numerator * 2 + denominator) / (2 * denominator));

/** A line is weighed when the picker records a weight: a piece priced by weight, or anything sold by kg or g. */
export const isWeighedLine = (line: Pick<EstimatedLine, "unit" | "pricePerKgCents">): boolean =>
  line.pricePerKgCents !== null || line.unit === "kg" || line.unit === "g";

/** The heaviest a weighed line may be picked: grams for a piece priced by weight, else thousandths of its unit. */
export function heaviestPick(line: EstimatedLine, toleranceBp: number): number {
  const estimate = line.pricePerKgCents !== null ? ((line.estimatedWeightGrams ?? 0) * line.quantity) / 1000 : line.quantity;
  return Math.floor((estimate * (10_000 + toleranceBp)) / 10_000);
}

/** What a weighed line costs at a picked weight (grams for a piece priced by weight, thousandths otherwise), rounded half up once. */
export function weighedChargeCents(line: Pick<EstimatedLine, "priceCents" | "pricePerKgCents">, picked: number): number {
  return line.pricePerKgCents !== null ? roundHalfUp(line.pricePerKgCents * picked, 1000) : roundHalfUp(line.priceCents * picked, 1000);
}

/** What tolerance may add to a line: its charge at the heaviest allowed pick less its estimate, never negative. */
export function toleranceAllowanceCents(line: EstimatedLine, toleranceBp: number): number {
  if (!isWeighedLine(line)) return 0;
  return Math.max(0, weighedChargeCents(line, heaviestPick(line, toleranceBp)) - line.lineTotalCents);
}

/** The most the order may be charged: estimate (goods after discount, plus the fee) plus every weighed line's allowance. */
export function maxChargeCents(order: OrderEstimate, toleranceBp: number = DEFAULT_WEIGHT_TOLERANCE_BP): number {
  const allowance = order.lines.reduce((sum, line) => sum + toleranceAllowanceCents(line, toleranceBp), 0);
  return order.totalCents + order.deliveryFeeCents + allowance;
}

/** The store's tolerance setting (WEIGHT_TOLERANCE_PERCENT, whole or with up to two decimals) in basis points. */
export const toleranceBpOf = (config: { WEIGHT_TOLERANCE_PERCENT: number }): number => Math.round(config.WEIGHT_TOLERANCE_PERCENT * 100);
