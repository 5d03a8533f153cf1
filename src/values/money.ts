const formats = new Map<string, Intl.NumberFormat>();

/** Money is integer cents everywhere; this is the only place it becomes text. */
export function formatMoney(cents: number, currency: string, locale: string): string {
  // Building an Intl.NumberFormat costs far more than formatting with one: keep one per locale and currency.
  const key = `${locale} ${currency}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, { style: "currency", currency })));
  return format.format(cents / 100);
}
