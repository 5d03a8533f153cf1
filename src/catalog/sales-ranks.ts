import { sql } from "drizzle-orm";
import { longReads, StoreClosed, type Database } from "../db/client";
import { soldVersion } from "./queries";

/*
 * Every product's `sold`, held in memory by id, for "most popular" searches with many matches (ADR
 * 089): their page is then the matches' ids read from the search index in one piece and sorted
 * here, where a look-up of each match's `sold` in the products table cost about 1 µs a match (13 ms
 * for "choc"'s 13,000 at 1M products), and walking the popularity order could pass 159,000 products.
 *
 * What is held is used only while it is exact: `catalog_state.sold_version` (drizzle/0038) moves with
 * every change of a product's `sold` (the sales tally, a cancel) and every new product, and a search
 * uses the ranks only when they were read at the version the database has now. Otherwise the search
 * sorts in SQL, and the ranks are read again in the background: in pieces on the reader thread (ADR
 * 075), at most once per RELOAD_GAP_MS, and thrown away if `sold` moved while they were read.
 * Only the embedded file has a reader thread; other drivers always sort in SQL.
 */

type Ranks = { version: number; sold: Float64Array };
type Kept = { ranks: Ranks | null; reading: Promise<void> | null; startedAt: number };
const kept = new WeakMap<Database, Kept>();

/** Products read per statement: a few milliseconds of the reader thread, a fraction of one here. */
const PIECE = 10_000;
/** After `sold` moves (a tally runs units of 50 orders one after another), wait this long before reading again. */
export const RELOAD_GAP_MS = 10_000;

/**
 * Every product's `sold` by id (NaN where no product has that id) when held at the database's
 * current sold version; null when not (then read in the background, unless a read is under way or
 * began less than RELOAD_GAP_MS ago). `now` is performance.now()'s clock.
 */
export async function currentSalesRanks(db: Database, now = performance.now()): Promise<Float64Array | null> {
  const reader = longReads.get(db);
  if (!reader) return null;
  const version = await soldVersion(db);
  let held = kept.get(db);
  if (!held) kept.set(db, (held = { ranks: null, reading: null, startedAt: -Infinity }));
  if (held.ranks?.version === version) return held.ranks.sold;
  if (!held.reading && now - held.startedAt >= RELOAD_GAP_MS) {
    const state = held;
    state.startedAt = now;
    state.reading = readRanks(reader).then(
      (ranks) => {
        if (ranks) state.ranks = ranks;
        state.reading = null;
      },
      (error) => {
        state.reading = null;
        // A stop during the read is no failure: the next start reads them.
        if (!(error instanceof StoreClosed)) console.warn(JSON.stringify({ level: "warn", msg: "sales ranks not read", error: String(error) }));
      },
    );
  }
  return null;
}

/** Resolves when no read of the ranks is under way (the server starts one as it starts; tests wait on it). */
export async function salesRanksRead(db: Database): Promise<void> {
  await kept.get(db)?.reading;
}

async function versionOn(reader: Database): Promise<number> {
  const [row] = await reader.all<{ version: number }>(sql`select sold_version as version from catalog_state where id = 1`);
  return row?.version ?? 0;
}

async function readRanks(reader: Database): Promise<Ranks | null> {
  const version = await versionOn(reader);
  const [top] = await reader.all<{ id: number | null }>(sql`select max(id) as id from products`);
  const sold = new Float64Array((top?.id ?? 0) + 1).fill(Number.NaN);
  for (let after = 0; ; ) {
    // Both lists come from one pass over the same rows, so the nth id goes with the nth sold.
    const [piece] = await reader.all<{ ids: string; sold: string; last: number | null }>(sql`
      select json_group_array(id) as ids, json_group_array(sold) as sold, max(id) as last from (
        select id, sold from products indexed by products_sold_by_id_idx where id > ${after} order by id limit ${PIECE})`);
    if (!piece || piece.last === null) break;
    const ids = JSON.parse(piece.ids) as number[];
    const values = JSON.parse(piece.sold) as number[];
    // A product added meanwhile has an id past the end: its insert moved the version, so these are thrown away below.
    for (let i = 0; i < ids.length; i++) if (ids[i]! < sold.length) sold[ids[i]!] = values[i]!;
    after = piece.last;
  }
  return (await versionOn(reader)) === version ? { version, sold } : null;
}

/**
 * The page of these matches in "most popular" order (sold, highest first, then the newest id), as
 * SQL's `order by sold desc, id desc` gives it; null when an id is not held (cannot happen while the
 * version holds: a new product moves it).
 */
export function pageBySold(ids: number[], sold: Float64Array, offset: number, limit: number): number[] | null {
  // One number per match that sorts as (sold, id): sold × a power of two above every id, plus the id.
  const scale = 2 ** Math.ceil(Math.log2(sold.length + 1));
  const keys = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const units = id < sold.length ? sold[id]! : Number.NaN;
    if (Number.isNaN(units)) return null;
    keys[i] = units * scale + id;
    // Past 2^53 the key would round: sort such a page with a comparison instead.
    if (keys[i]! > Number.MAX_SAFE_INTEGER) return [...ids].sort((a, b) => sold[b]! - sold[a]! || b - a).slice(offset, offset + limit);
  }
  keys.sort();
  const page: number[] = [];
  for (let i = keys.length - 1 - offset; i >= 0 && page.length < limit; i--) page.push(keys[i]! % scale);
  return page;
}
