/*
 * Calendar days written YYYY-MM-DD, read as UTC midnight: the back office's date fields, the
 * reports' ranges, promo code dates and the API alike.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-11-20" as UTC midnight, or null when empty or not a real day (2026-02-30). */
export function parseDay(input: string | undefined): Date | null {
  if (!input || !DAY.test(input)) return null;
  const date = new Date(`${input}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== input ? null : date;
}

/** True for a real calendar day written YYYY-MM-DD. */
export const isDay = (input: string) => parseDay(input) !== null;

export const dayText = (date: Date) => date.toISOString().slice(0, 10);
