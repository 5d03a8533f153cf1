/**
 * Reads "3.2", "3,20", " 19 " into an exact integer of `decimals` places (320 for 2), by string
 * arithmetic so no float ever touches money or weight; null when it isn't such a number.
 */
export function readDecimal(text: string, decimals: number, maxWholeDigits: number): number | null {
  const match = new RegExp(`^(\\d{1,${maxWholeDigits}})(?:[.,](\\d{1,${decimals}}))?$`).exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 10 ** decimals + Number((match[2] ?? "").padEnd(decimals, "0"));
}

/** 320 with 2 decimals -> "3.20"; with `trim`, 250 with 3 -> "0.25" and 3000 -> "3". */
export function writeDecimal(value: number, decimals: number, options: { trim?: boolean } = {}): string {
  const scale = 10 ** decimals;
  const whole = Math.trunc(value / scale);
  const rest = String(value % scale).padStart(decimals, "0");
  if (!options.trim) return `${whole}.${rest}`;
  const fraction = rest.replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}
