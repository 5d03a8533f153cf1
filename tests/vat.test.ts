import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { IRISH_VAT_RATES, shareOut, sumByRate, taxBasket, vatInGross } from "../src/tax/vat";
import { vatRatesOf } from "../src/tax/rates";
import { loadConfig } from "../src/config";

/* The rounding rule of ADR 015, checked on random baskets: per line, then summed per rate. */

const rate = fc.constantFrom(...Object.values(IRISH_VAT_RATES), 2100, 1000, 550);
const line = fc.record({ priceCents: fc.integer({ min: 1, max: 20_000 }), quantity: fc.integer({ min: 1, max: 40 }), rateBp: rate });
const basket = fc
  .record({ lines: fc.array(line, { minLength: 1, maxLength: 25 }), discountPart: fc.double({ min: 0, max: 1, noNaN: true }), fee: fc.integer({ min: 0, max: 1500 }), feeRate: rate })
  .map(({ lines, discountPart, fee, feeRate }) => {
    const gross = lines.map((l) => ({ grossCents: l.priceCents * l.quantity, rateBp: l.rateBp }));
    const subtotal = gross.reduce((sum, l) => sum + l.grossCents, 0);
    return { gross, subtotal, discount: Math.floor(subtotal * discountPart), fee: { grossCents: fee, rateBp: feeRate } };
  });

/** The exact VAT in a gross amount as a fraction, to compare the rounded figure with. */
const exactVat = (gross: number, rateBp: number) => (gross * rateBp) / (10_000 + rateBp);

describe("VAT on VAT-inclusive prices", () => {
  test("known figures: 23% of a €12.30 line is €2.30; 13.5% and 9% round half up", () => {
    expect(vatInGross(1230, 2300)).toBe(230);
    expect(vatInGross(1135, 1350)).toBe(135);
    expect(vatInGross(109, 900)).toBe(9);
    expect(vatInGross(1000, 0)).toBe(0);
  });

  test("the Irish rates are the defaults and each can be configured", () => {
    expect(vatRatesOf(loadConfig({}))).toEqual({ standard: 2300, reduced: 1350, second_reduced: 900, zero: 0 });
    expect(vatRatesOf(loadConfig({ VAT_STANDARD_PERCENT: "21", VAT_REDUCED_PERCENT: "12.5" })).standard).toBe(2100);
    expect(() => loadConfig({ VAT_REDUCED_PERCENT: "13.555" })).toThrow(/VAT_REDUCED_PERCENT: use at most two decimals/);
  });

  test("each line's VAT is its gross at its rate, rounded to the nearest cent", () => {
    fc.assert(
      fc.property(basket, ({ gross, discount, fee }) => {
        const summary = taxBasket(gross, discount, fee);
        for (const taxed of [...summary.lines, ...(summary.fee ? [summary.fee] : [])]) {
          expect(Math.abs(taxed.vatCents - exactVat(taxed.grossCents, taxed.rateBp))).toBeLessThanOrEqual(0.5);
          expect(Number.isInteger(taxed.vatCents)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  test("the invoice adds up to the cent: lines per rate, rates to the total, net + VAT = gross", () => {
    fc.assert(
      fc.property(basket, ({ gross, subtotal, discount, fee }) => {
        const summary = taxBasket(gross, discount, fee);
        expect(summary.totalCents).toBe(subtotal - discount + fee.grossCents);
        expect(summary.lines.reduce((sum, l) => sum + l.discountCents, 0)).toBe(discount);
        expect(summary.rates.reduce((sum, r) => sum + r.grossCents, 0)).toBe(summary.totalCents);
        expect(summary.rates.reduce((sum, r) => sum + r.vatCents, 0)).toBe(summary.vatCents);
        expect(summary.rates.reduce((sum, r) => sum + r.netCents, 0)).toBe(summary.netCents);
        expect(summary.netCents + summary.vatCents).toBe(summary.totalCents);
        for (const r of summary.rates) {
          expect(r.netCents + r.vatCents).toBe(r.grossCents);
          const ofRate = [...summary.lines, ...(summary.fee ? [summary.fee] : [])].filter((l) => l.rateBp === r.rateBp);
          expect(r.vatCents).toBe(ofRate.reduce((sum, l) => sum + l.vatCents, 0));
        }
        // Summing again from the stored lines (as an invoice re-read from the order does) gives the same figures.
        expect(sumByRate([...summary.lines, ...(summary.fee ? [summary.fee] : [])])).toEqual({ rates: summary.rates, totalCents: summary.totalCents, vatCents: summary.vatCents, netCents: summary.netCents });
      }),
      { numRuns: 500 },
    );
  });

  test("a discount is shared in proportion, never more than a line, adding up exactly", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (weights, part) => {
        const total = Math.floor(weights.reduce((a, b) => a + b, 0) * part);
        const shares = shareOut(total, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(weights.some((w) => w > 0) ? total : 0);
        shares.forEach((share, i) => {
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(weights[i]!);
        });
      }),
      { numRuns: 500 },
    );
  });
});
