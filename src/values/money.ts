import { readDecimal, writeDecimal } from "./decimal";

const formats = new Map<string, Intl.NumberFormat>();

/** Money is integer cents everywhere; this is the only place it becomes text. */
export function moneyFormat(currency: string, locale: string): (cents: number) => string {
  // Building an Intl.NumberFormat costs far more than formatting with one: keep one per locale and currency.
  const key = `${locale} ${currency}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, { style: "currency", currency })));
  const ready = format;
  return (cents) => ready.format(cents / 100);
}

export const formatMoney = (cents: number, currency: string, locale: string): string => moneyFormat(currency, locale)(cents);

/** "3.20", "3,2", "19" -> cents, up to 9,999,999.99; null when it is not an amount of money. */
export const parseMoney = (text: string): number | null => readDecimal(text, 2, 7);

/** 320 -> "3.20", for putting an amount back into a form. */
export const centsToInput = (cents: number) => writeDecimal(cents, 2);
