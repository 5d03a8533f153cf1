import { parseThousandths } from "../values/quantity";
import { quantityLabel } from "../catalog/units";
import type { Product, Unit } from "../db/schema";

/** The most of one product a single cart line may hold, in units (1,000 kg, 1,000 items). */
export const MAX_UNITS_PER_LINE = 1000;

/** The same limit for products sold by the gram or millilitre: 1,000 kg or 1,000 l, not 1 kg. */
const maxMilliPerLine = (unit: Unit) => MAX_UNITS_PER_LINE * 1000 * (unit === "g" || unit === "ml" ? 1000 : 1);

export type QuantityCheck = { ok: true; milli: number } | { ok: false; message: string };

/** Reads a quantity typed in the product's unit ("0.25", "2", "1,5") into exact thousandths, without floats. */
export function parseQuantity(input: unknown): QuantityCheck {
  const text = typeof input === "number" ? String(input) : typeof input === "string" ? input.trim() : "";
  const milli = parseThousandths(text, 7);
  if (milli === null) {
    if (/^-/.test(text)) return { ok: false, message: "Quantity can't be negative." };
    return { ok: false, message: "Enter a quantity as a number, like 1 or 0.5." };
  }
  return { ok: true, milli };
}

/** Checks an amount against the product's step and stock; `allowZero` lets 0 mean "remove this line". */
export function checkAmount(
  milli: number,
  product: Pick<Product, "name" | "unit" | "step" | "stock">,
  options: { allowZero?: boolean } = {},
): QuantityCheck {
  if (milli === 0) {
    return options.allowZero ? { ok: true, milli: 0 } : { ok: false, message: "Quantity must be more than zero." };
  }
  if (milli > maxMilliPerLine(product.unit)) {
    return { ok: false, message: `You can order at most ${quantityLabel(maxMilliPerLine(product.unit), product.unit)} of one product.` };
  }
  if (milli % product.step !== 0) {
    return { ok: false, message: `${product.name} is sold in steps of ${quantityLabel(product.step, product.unit)}.` };
  }
  if (milli > product.stock) {
    return {
      ok: false,
      message: product.stock === 0 ? `${product.name} is out of stock.` : `Only ${quantityLabel(product.stock, product.unit)} of ${product.name} left in stock.`,
    };
  }
  return { ok: true, milli };
}

export function checkQuantity(
  input: unknown,
  product: Pick<Product, "name" | "unit" | "step" | "stock">,
  options: { allowZero?: boolean } = {},
): QuantityCheck {
  const parsed = parseQuantity(input);
  return parsed.ok ? checkAmount(parsed.milli, product, options) : parsed;
}
