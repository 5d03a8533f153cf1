import { sql } from "drizzle-orm";
import type { DatabaseHandle, UnitStatement } from "../db/client";
import { REBUILD_PAYMENT_DAYS } from "../payments/rollup-sql";
import { REBUILD_ROLLUPS } from "./rollup-sql";

/*
 * The sales rollups count days in the store's time zone (ADR 059). SQLite knows no time zones, so
 * the zone is written into the store as its UTC offsets (`store_zone_offsets`: from each change of
 * offset, how far the store's clocks are ahead of UTC), worked out here with Intl, and the rollup
 * triggers read the offset in force when an order was placed. When STORE_TIMEZONE changes, the
 * offsets and every rollup are written again in one atomic unit, at start, before the server listens.
 */

const WEEK_MS = 7 * 86_400_000;
const MINUTE_MS = 60_000;
/** Offsets are worked out from 1970 to 2100; before, the first one holds, after, the last. */
const FIRST = Date.UTC(1970, 0, 1);
const LAST = Date.UTC(2100, 0, 1);
/** The first row's start: earlier than any order. */
const BEGINNING = -8_640_000_000_000_000;

export type ZoneOffset = { startsAt: number; offsetMinutes: number };

/** How many minutes the zone's clocks are ahead of UTC at `instant`. */
export function offsetAt(format: Intl.DateTimeFormat, instant: number): number {
  const name = format.formatToParts(instant).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = name.match(/^GMT([+-])(\d{1,2})(?::(\d{2}))?$/);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

const worked = new Map<string, ZoneOffset[]>();

/** The zone's offsets from 1970 to 2100: one row per change (to the minute), the first from the beginning. */
export function zoneOffsets(zone: string): ZoneOffset[] {
  const known = worked.get(zone);
  if (known) return known;
  const rows = workOutOffsets(zone);
  worked.set(zone, rows);
  return rows;
}

function workOutOffsets(zone: string): ZoneOffset[] {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
  const rows: ZoneOffset[] = [{ startsAt: BEGINNING, offsetMinutes: offsetAt(format, FIRST) }];
  let before = rows[0]!.offsetMinutes;
  for (let at = FIRST; at < LAST; at += WEEK_MS) {
    const next = offsetAt(format, at + WEEK_MS);
    if (next === before) continue;
    // The change is within this week: find its minute (a zone changes at most once a week).
    let low = at;
    let high = at + WEEK_MS;
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
      if (offsetAt(format, middle) === before) low = middle;
      else high = middle;
    }
    rows.push({ startsAt: high, offsetMinutes: next });
    before = next;
  }
  return rows.length === 1 && rows[0]!.offsetMinutes === 0 ? [] : rows;
}

/** Makes the rollups count the days of `zone`: nothing to do when they already do. */
export async function ensureStoreZone(handle: DatabaseHandle, zone: string): Promise<{ rebuilt: boolean }> {
  const [current] = await handle.db.all<{ name: string }>(sql`select name from store_zone where id = 1`);
  if (current?.name === zone) return { rebuilt: false };
  const offsets = zoneOffsets(zone);
  const statements: UnitStatement[] = [
    { sql: `delete from store_zone_offsets`, params: [] },
    // D1 binds at most 100 values per statement.
    ...chunks(offsets, 40).map((part) => ({
      sql: `insert into store_zone_offsets (starts_at, offset_minutes) values ${part.map(() => "(?, ?)").join(", ")}`,
      params: part.flatMap((row) => [row.startsAt, row.offsetMinutes]),
    })),
    { sql: `insert into store_zone (id, name) values (1, ?) on conflict (id) do update set name = excluded.name`, params: [zone] },
    ...[...REBUILD_ROLLUPS, ...REBUILD_PAYMENT_DAYS].map((text) => ({ sql: text, params: [] })),
  ];
  const started = performance.now();
  await handle.atomic(statements as [UnitStatement, ...UnitStatement[]]);
  console.log(JSON.stringify({ level: "info", msg: "sales rollups counted again in the store's time zone", zone, from: current?.name ?? null, ms: Math.round(performance.now() - started) }));
  return { rebuilt: true };
}

function chunks<T>(list: T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < list.length; i += size) parts.push(list.slice(i, i + size));
  return parts;
}
