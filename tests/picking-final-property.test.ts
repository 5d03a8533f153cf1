import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { finalAmounts, pickProblems, type LinePick, type OrderedLine, type OrderForFinal } from "../src/picking/final-amounts";
import { maxChargeCents } from "../src/picking/max-charge";
import { discountCents } from "../src/cart/pricing";
import { vatInGross } from "../src/tax/vat";

/*
 * Property tests of the final-amount rules (ADR 029) on random orders and picks: the final total
 * is the sum of the charged lines minus the discount plus the fee, to the cent; it never exceeds
 * the most the order may cost; VAT adds up; stock moves by exactly what was not picked or was taken.
 */

const RATES = [0, 900, 1350, 2300];

const orderedLine = (id: number) =>
  fc.oneof(
    // By the piece (or litre): price, 1-6 items.
    fc.record({ price: fc.integer({ min: 1, max: 5000 }), count: fc.integer({ min: 1, max: 6 }), rate: fc.constantFrom(...RATES), allow: fc.boolean() }).map(
      ({ price, count, rate, allow }): OrderedLine => ({ id, productId: id, name: `P${id}`, unit: "each", quantity: count * 1000, priceCents: price, lineTotalCents: price * count, pricePerKgCents: null, estimatedWeightGrams: null, vatRateBp: rate, allowSubstitute: allow }),
    ),
    // By the kg: price per kg, 0.25-5 kg.
    fc.record({ price: fc.integer({ min: 1, max: 3000 }), milli: fc.integer({ min: 250, max: 5000 }), rate: fc.constantFrom(...RATES), allow: fc.boolean() }).map(
      ({ price, milli, rate, allow }): OrderedLine => ({ id, productId: id, name: `P${id}`, unit: "kg", quantity: milli, priceCents: price, lineTotalCents: Math.floor((price * milli + 500) / 1000), pricePerKgCents: null, estimatedWeightGrams: null, vatRateBp: rate, allowSubstitute: allow }),
    ),
    // A piece priced by weight.
    fc.record({ perKg: fc.integer({ min: 100, max: 4000 }), grams: fc.integer({ min: 100, max: 3000 }), count: fc.integer({ min: 1, max: 4 }), rate: fc.constantFrom(...RATES), allow: fc.boolean() }).map(({ perKg, grams, count, rate, allow }): OrderedLine => {
      const piece = Math.floor((perKg * grams + 500) / 1000);
      return { id, productId: id, name: `P${id}`, unit: "each", quantity: count * 1000, priceCents: piece, lineTotalCents: piece * count, pricePerKgCents: perKg, estimatedWeightGrams: grams, vatRateBp: rate, allowSubstitute: allow };
    }),
  );

/** A pick for a line: a fraction picked, a weight within the tolerance, maybe a substitute at a random price. */
const pickFor = (line: OrderedLine, toleranceBp: number) =>
  fc.record({ share: fc.integer({ min: 0, max: 1000 }), weightShare: fc.integer({ min: 500, max: 10_000 + toleranceBp }), substitutePrice: fc.option(fc.integer({ min: 1, max: 6000 })), rate: fc.constantFrom(...RATES) }).map(
    ({ share, weightShare, substitutePrice, rate }): LinePick => {
      const whole = line.unit === "each";
      const kgLine = line.unit === "kg";
      const most = kgLine ? Math.floor((line.quantity * (10_000 + toleranceBp)) / 10_000) : line.quantity;
      let picked = Math.floor((most * share) / 1000);
      if (whole) picked -= picked % 1000;
      const weight = line.pricePerKgCents !== null && picked > 0 ? Math.max(1, Math.floor((((line.estimatedWeightGrams! * picked) / 1000) * weightShare) / 10_000)) : null;
      const missing = line.quantity - picked;
      const substitute =
        substitutePrice !== null && line.allowSubstitute && missing >= 1000
          ? { productId: 1000 + line.id, name: "Sub", unit: "each", priceCents: substitutePrice, pricePerKgCents: null, estimatedWeightGrams: null, vatRateBp: rate, quantity: missing - (missing % 1000), weightGrams: null }
          : null;
      return { pickedQuantity: picked, pickedWeightGrams: weight, substitute };
    },
  );

const scenario = fc
  .record({
    lineCount: fc.integer({ min: 1, max: 6 }),
    toleranceBp: fc.integer({ min: 0, max: 2500 }),
    fee: fc.integer({ min: 0, max: 800 }),
    feeRate: fc.constantFrom(...RATES),
    promo: fc.option(fc.oneof(fc.record({ kind: fc.constant("percent" as const), value: fc.integer({ min: 1, max: 100 }) }), fc.record({ kind: fc.constant("fixed" as const), value: fc.integer({ min: 1, max: 5000 }) }))),
  })
  .chain((base) =>
    fc.tuple(...Array.from({ length: base.lineCount }, (_, i) => orderedLine(i + 1))).chain((lines) =>
      fc.tuple(...lines.map((line) => pickFor(line, base.toleranceBp))).map((picks) => ({ ...base, lines, picks })),
    ),
  );

describe("final amounts (property)", () => {
  test("total = charged lines - discount + fee, to the cent; never above the most the order may cost; VAT and stock add up", () => {
    fc.assert(
      fc.property(scenario, ({ lines, picks, toleranceBp, fee, feeRate, promo }) => {
        const subtotal = lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
        const checkoutDiscount = discountCents(promo, subtotal);
        const order: OrderForFinal = { lines, promo, checkoutDiscountCents: checkoutDiscount, feeCents: fee, feeVatRateBp: feeRate };
        const pickMap = new Map(lines.map((line, i) => [line.id, picks[i]!]));
        for (const line of lines) expect(pickProblems(line, pickMap.get(line.id)!, toleranceBp)).toEqual([]);
        const final = finalAmounts(order, pickMap);

        const charged = [...final.lines.map((line) => line.chargedCents), ...final.substitutes.map((line) => line.chargedCents)];
        const sum = charged.reduce((a, b) => a + b, 0);
        expect(final.subtotalCents).toBe(sum);
        expect(final.amountDueCents).toBe(sum - final.discountCents + fee);
        expect(final.discountCents).toBeLessThanOrEqual(final.subtotalCents);

        const most = maxChargeCents({ totalCents: subtotal - checkoutDiscount, deliveryFeeCents: fee, lines }, toleranceBp);
        expect(final.amountDueCents).toBeLessThanOrEqual(most);

        const shares = [...final.lines, ...final.substitutes].reduce((a, line) => a + line.discountCents, 0);
        expect(shares).toBe(final.discountCents);
        const lineVat = [...final.lines, ...final.substitutes].reduce((a, line) => a + line.vatCents, 0);
        expect(final.vatCents).toBe(lineVat + (fee > 0 ? vatInGross(fee, feeRate) : 0));
        for (const line of final.substitutes) {
          const original = lines.find((candidate) => candidate.id === line.substituteFor)!;
          const pickedEstimate = Math.floor((original.priceCents * pickMap.get(original.id)!.pickedQuantity + 500) / 1000);
          const replaced = original.lineTotalCents - pickedEstimate;
          expect(line.chargedCents).toBe(Math.min(line.lineTotalCents, replaced));
        }
        for (const line of lines) {
          const pick = pickMap.get(line.id)!;
          expect(final.stock.get(line.productId)).toBe(line.quantity - pick.pickedQuantity);
          if (pick.substitute) expect(final.stock.get(pick.substitute.productId)).toBe(-pick.substitute.quantity);
        }
      }),
      { numRuns: 500 },
    );
  });
});
