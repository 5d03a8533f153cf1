import { expect, test } from "bun:test";
import { amountLabel, quantityLabel } from "../src/values/quantity";

// Amounts on a shelf read in the larger unit from a thousand up; what a shopper chose stays as chosen.
test("stock amounts of 1000 g or ml and more read in kg or l; smaller ones and other units as they are", () => {
  expect(amountLabel(12_000_000, "ml")).toBe("12 l");
  expect(amountLabel(1_250_000, "g")).toBe("1.25 kg");
  expect(amountLabel(1_000_000, "ml")).toBe("1 l");
  expect(amountLabel(750_000, "ml")).toBe("750 ml");
  expect(amountLabel(999_500, "g")).toBe("999.5 g");
  expect(amountLabel(-2_500_000, "g")).toBe("-2.5 kg");
  expect(amountLabel(12_000_000, "kg")).toBe("12000 kg");
  expect(amountLabel(40_000, "each")).toBe("40");
  expect(amountLabel(3000, "dozen")).toBe("3 dozen");
  // quantityLabel itself is unchanged: a cart line of 1500 g stays 1500 g.
  expect(quantityLabel(1_500_000, "g")).toBe("1500 g");
});
