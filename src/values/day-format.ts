import { parseDay } from "./day";

/*
 * Calendar days as the store's locale writes them (LOCALE, en-IE by default: 24/12/2026), for
 * every page that shows or asks for a day. Days are stored and sent through the API as
 * YYYY-MM-DD; a form field shows the locale's numeric form and reads it back, and also takes
 * YYYY-MM-DD, so a pasted ISO day or an old bookmark still works.
 */

export type DayFormat = {
  /** "2026-12-24" -> "24/12/2026" (en-IE) or "12/24/2026" (en-US); other text is returned as is. */
  input: (iso: string) => string;
  /** "24/12/2026", "24-12-2026", "24.12.2026" or "2026-12-24" -> "2026-12-24"; null when it is no real day. */
  read: (text: string) => string | null;
  /** How a day is typed here: "dd/mm/yyyy". */
  pattern: string;
  /** "2026-12-24" -> "24 Dec 2026", for reading (lists, notices). */
  long: (iso: string) => string;
};

type Order = ("day" | "month" | "year")[];

const formats = new Map<string, DayFormat>();

/** The order the locale writes day, month and year in, from Intl itself. */
function orderOf(locale: string): Order {
  const parts = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }).formatToParts(new Date(Date.UTC(2026, 11, 24)));
  const order = parts.map((part) => part.type).filter((type): type is "day" | "month" | "year" => type === "day" || type === "month" || type === "year");
  return order.length === 3 ? order : ["day", "month", "year"];
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");

function build(locale: string): DayFormat {
  const order = orderOf(locale);
  const long = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const words = { day: "dd", month: "mm", year: "yyyy" } as const;
  return {
    pattern: order.map((part) => words[part]).join("/"),
    input(iso) {
      const [year, month, day] = iso.split("-");
      if (!parseDay(iso) || !year || !month || !day) return iso;
      const parts = { day, month, year };
      return order.map((part) => parts[part]).join("/");
    },
    read(text) {
      const trimmed = text.trim();
      if (parseDay(trimmed)) return trimmed;
      const pieces = trimmed.split(/\s*[/.\-]\s*/);
      if (pieces.length !== 3 || !pieces.every((piece) => /^\d{1,4}$/.test(piece))) return null;
      const value = { day: 0, month: 0, year: 0 };
      order.forEach((part, index) => (value[part] = Number(pieces[index])));
      const yearText = pieces[order.indexOf("year")]!;
      if (yearText.length !== 4) return null;
      const iso = `${pad(value.year, 4)}-${pad(value.month, 2)}-${pad(value.day, 2)}`;
      return parseDay(iso) ? iso : null;
    },
    long(iso) {
      const date = parseDay(iso);
      return date ? long.format(date) : iso;
    },
  };
}

/** The store's day format for its locale (cached: Intl formatters are slow to build). */
export function dayFormat(locale: string): DayFormat {
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = build(locale)));
  return format;
}

/** What a day field's text reads as: YYYY-MM-DD, null when left empty, or why it can't be read. */
export type DayFieldReading = { ok: true; iso: string | null } | { ok: false; message: string };

/**
 * The one reading of a day typed into a form (the product editor, promo codes): the store's own way
 * of writing a day (24/12/2026 in en-IE) and YYYY-MM-DD alike; without a day format (a catalog CSV)
 * only YYYY-MM-DD. A day shaped right that is not on the calendar (31/02/2026) says so.
 */
export function readDayField(text: string, days?: DayFormat): DayFieldReading {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, iso: null };
  const iso = days ? days.read(trimmed) : parseDay(trimmed) ? trimmed : null;
  if (iso) return { ok: true, iso };
  const shaped = /^\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}$/.test(trimmed);
  const example = days ? `${days.pattern}, such as ${days.input("2026-12-24")}` : "YYYY-MM-DD, such as 2026-12-24";
  return { ok: false, message: shaped ? `That date does not exist. Write it as ${example}.` : `Enter the date as ${example}.` };
}
