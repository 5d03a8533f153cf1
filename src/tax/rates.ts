import type { Config } from "../config";
import type { VatClass } from "../db/schema";
import type { VatRates } from "./vat";

/** The configured rate of each VAT class, in basis points. */
export function vatRatesOf(config: Pick<Config, "VAT_STANDARD_PERCENT" | "VAT_REDUCED_PERCENT" | "VAT_SECOND_REDUCED_PERCENT">): VatRates {
  return {
    standard: Math.round(config.VAT_STANDARD_PERCENT * 100),
    reduced: Math.round(config.VAT_REDUCED_PERCENT * 100),
    second_reduced: Math.round(config.VAT_SECOND_REDUCED_PERCENT * 100),
    zero: 0,
  };
}

export const VAT_CLASS_NAMES: Record<VatClass, string> = {
  standard: "Standard",
  reduced: "Reduced",
  second_reduced: "Second reduced",
  zero: "Zero",
};
