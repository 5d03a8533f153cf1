import type { Unit } from "../db/schema";
import { readDecimal, writeDecimal } from "./decimal";

/** Quantities are stored in thousandths of the unit: 250 of "kg" is 0.25 kg (ADR 002). */
export const MILLI = 1000;

export const toMilli = (quantity: number) => Math.round(quantity * MILLI);
export const fromMilli = (milli: number) => milli / MILLI;

/** "0.25" -> 250 thousandths of the unit, at most 3 decimals; null when it is not such a number. */
export const parseThousandths = (text: string, maxWholeDigits = 9): number | null => readDecimal(text, 3, maxWholeDigits);

/** 250 -> "0.25", 3000 -> "3", for putting an amount back into a form. */
export const thousandthsToInput = (milli: number) => writeDecimal(milli, 3, { trim: true });

export const unitLabels: Record<Unit, string> = { each: "each", kg: "kg", g: "g", l: "l", ml: "ml", dozen: "dozen" };

/** "0.25 kg", "3", "1 dozen" — how a shopper reads a quantity. */
export function quantityLabel(milli: number, unit: Unit): string {
  const amount = Number(fromMilli(milli).toFixed(3)).toString();
  if (unit === "each") return amount;
  return `${amount} ${unitLabels[unit]}`;
}

/** The unit a thousand of a small unit makes ("g" -> "kg"), where there is one. */
const LARGER_UNIT: Partial<Record<Unit, Unit>> = { g: "kg", ml: "l" };

/**
 * How much there is of something, in the larger unit from a thousand up: 12000 ml -> "12 l",
 * 1250 g -> "1.25 kg", 750 ml -> "750 ml"; other units as quantityLabel. For amounts on a shelf
 * (stock, thresholds, what is left), not for what a shopper chose by the gram.
 */
export function amountLabel(milli: number, unit: Unit): string {
  const larger = LARGER_UNIT[unit];
  if (larger && Math.abs(milli) >= MILLI * MILLI) return quantityLabel(Math.round(milli / MILLI), larger);
  return quantityLabel(milli, unit);
}
