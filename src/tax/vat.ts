import type { VatClass } from "../db/schema";

/*
 * VAT on VAT-inclusive prices, rounded once, as ADR 015 defines it:
 * 1. an order-level discount is shared over the lines in proportion to their amounts, largest
 *    remainder first, so the shares add up to the discount exactly;
 * 2. each line's VAT is taken out of its gross amount (after its share of the discount):
 *    vat = gross * rate / (1 + rate), rounded half up to the cent, per line;
 * 3. the invoice sums lines per rate: gross, VAT and net (gross - VAT) per rate, so every column
 *    adds up to the totals to the cent by construction.
 * Rates are basis points (2300 = 23 %, 1350 = 13.5 %).
 */

export type VatRates = Record<VatClass, number>;

/** Irish rates; each can be set by configuration. */
export const IRISH_VAT_RATES: VatRates = { standard: 2300, reduced: 1350, second_reduced: 900, zero: 0 };

/** The VAT inside `grossCents` at `rateBp`, rounded half up to the cent. */
export function vatInGross(grossCents: number, rateBp: number): number {
  if (grossCents < 0) return -vatInGross(-grossCents, rateBp);
  const numerator = grossCents * rateBp;
  const denominator = 10_000 + rateBp;
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** Splits `total` over `weights` in proportion, largest remainder first; the parts add up to `total`. */
export function shareOut(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total === 0) return weights.map(() => 0);
  // Integer arithmetic: each share's whole part and remainder exactly.
  const shares = weights.map((weight) => Math.floor((total * weight) / sum));
  const remainders = weights.map((weight, i) => total * weight - shares[i]! * sum);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = remainders.map((remainder, index) => ({ index, remainder })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}

export type TaxableLine = { grossCents: number; rateBp: number };
export type TaxedLine = { grossCents: number; discountCents: number; rateBp: number; vatCents: number };
export type RateTotal = { rateBp: number; grossCents: number; vatCents: number; netCents: number };
export type VatSummary = { lines: TaxedLine[]; fee: TaxedLine | null; rates: RateTotal[]; totalCents: number; vatCents: number; netCents: number };

/**
 * The VAT of a basket: lines (gross before discount), an order discount shared over them, and an
 * optional delivery fee with its own rate. `totalCents` is what the shopper pays.
 */
export function taxBasket(lines: TaxableLine[], discountCents: number, fee: TaxableLine | null): VatSummary {
  const shares = shareOut(discountCents, lines.map((line) => line.grossCents));
  const taxed = lines.map((line, i) => {
    const gross = line.grossCents - shares[i]!;
    return { grossCents: gross, discountCents: shares[i]!, rateBp: line.rateBp, vatCents: vatInGross(gross, line.rateBp) };
  });
  const taxedFee = fee && fee.grossCents > 0 ? { grossCents: fee.grossCents, discountCents: 0, rateBp: fee.rateBp, vatCents: vatInGross(fee.grossCents, fee.rateBp) } : null;
  return { lines: taxed, fee: taxedFee, ...sumByRate([...taxed, ...(taxedFee ? [taxedFee] : [])]) };
}

/** Per-rate totals of taxed lines (as an invoice shows them) and the grand totals. */
export function sumByRate(lines: Pick<TaxedLine, "grossCents" | "rateBp" | "vatCents">[]): Pick<VatSummary, "rates" | "totalCents" | "vatCents" | "netCents"> {
  const byRate = new Map<number, RateTotal>();
  for (const line of lines) {
    const total = byRate.get(line.rateBp) ?? { rateBp: line.rateBp, grossCents: 0, vatCents: 0, netCents: 0 };
    total.grossCents += line.grossCents;
    total.vatCents += line.vatCents;
    total.netCents = total.grossCents - total.vatCents;
    byRate.set(line.rateBp, total);
  }
  const rates = [...byRate.values()].sort((a, b) => b.rateBp - a.rateBp);
  const totalCents = rates.reduce((sum, rate) => sum + rate.grossCents, 0);
  const vatCents = rates.reduce((sum, rate) => sum + rate.vatCents, 0);
  return { rates, totalCents, vatCents, netCents: totalCents - vatCents };
}

export { ratePercent } from "../values/percent";
