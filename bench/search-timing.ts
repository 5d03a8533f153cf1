/**
 * Times the storefront search function itself (no HTTP) over what shoppers type: whole words,
 * prefixes while typing, two words, a typo, syntax junk, a filter and sorted searches with many
 * matches (ADR 069: a broad word in each column order, a deep page, an aisle). Used by
 * bench/search-micro.ts and bench/scale.ts.
 */
import type { Database } from "../src/db/client";
import { readForSearches, searchShelf, type SearchOptions } from "../src/catalog/search";
import { PAGE_SIZE } from "../src/catalog/params";

export const SEARCHES: (Omit<SearchOptions, "limit"> & { label: string })[] = [
  { label: "banan", text: "banan", sort: "relevance" },
  { label: "organic milk", text: "organic milk", sort: "relevance" },
  { label: "cheddar (price asc)", text: "cheddar", sort: "price-asc" },
  { label: "sour", text: "sour", sort: "relevance" },
  { label: "fresh (page 3)", text: "fresh", sort: "relevance", offset: 2 * PAGE_SIZE },
  { label: "salmon fillet norway", text: "salmon fillet norway", sort: "relevance" },
  { label: "choc (popular)", text: "choc", sort: "popular" },
  { label: "ch", text: "ch", sort: "relevance" },
  { label: "\"NEAR(*", text: "\"NEAR(*", sort: "relevance" },
  { label: "bananna (typo)", text: "bananna", sort: "relevance" },
  { label: "basmati in aisle 10", text: "basmati", sort: "relevance", categoryId: 10 },
  { label: "fresh (price desc)", text: "fresh", sort: "price-desc" },
  { label: "coffee (newest)", text: "coffee", sort: "newest" },
  { label: "cheddar (price asc, page 10)", text: "cheddar", sort: "price-asc", offset: 9 * PAGE_SIZE },
  { label: "salmon fillet norway (price asc)", text: "salmon fillet norway", sort: "price-asc" },
  { label: "fresh in aisle 10 (popular)", text: "fresh", sort: "popular", categoryId: 10 },
];

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export type SearchTiming = { label: string; matches: number; p50: number; p99: number; cpuP50: number; cpuP99: number };
export type SearchTimings = { rows: SearchTiming[]; all: Omit<SearchTiming, "label" | "matches"> & { searches: number } };
/** The search function timed: this tree's, or another checkout's (bench/search-micro.ts --baseline). */
export type SearchFunction = (db: Database, options: SearchOptions) => Promise<{ total: number }>;
/** Wall and CPU times in ms of each search, by label. */
export type SearchSamples = Map<string, { matches: number; times: number[]; cpuTimes: number[] }>;

/** Each search `runs` times after 20 warm-up runs; wall and CPU time in ms (on a shared machine wall time also counts waiting for a core). */
export async function sampleSearches(db: Database, runs: number, search: SearchFunction = searchShelf, into: SearchSamples = new Map()): Promise<SearchSamples> {
  for (const { label, ...shape } of SEARCHES) {
    const options = { ...shape, limit: PAGE_SIZE };
    for (let i = 0; i < 20; i++) await search(db, options);
    const sample = into.get(label) ?? { matches: 0, times: [], cpuTimes: [] };
    into.set(label, sample);
    for (let i = 0; i < runs; i++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const result = await search(db, options);
      sample.times.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      sample.cpuTimes.push((used.user + used.system) / 1000);
      sample.matches = result.total;
    }
  }
  return into;
}

/** p50 and p99 per search and over all of them. */
export function summarise(samples: SearchSamples): SearchTimings {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const rows = [...samples].map(([label, sample]) => {
    const [times, cpuTimes] = [sorted(sample.times), sorted(sample.cpuTimes)];
    return { label, matches: sample.matches, p50: percentile(times, 50), p99: percentile(times, 99), cpuP50: percentile(cpuTimes, 50), cpuP99: percentile(cpuTimes, 99) };
  });
  const all = sorted([...samples.values()].flatMap((sample) => sample.times));
  const allCpu = sorted([...samples.values()].flatMap((sample) => sample.cpuTimes));
  return { rows, all: { searches: all.length, p50: percentile(all, 50), p99: percentile(all, 99), cpuP50: percentile(allCpu, 50), cpuP99: percentile(allCpu, 99) } };
}

/**
 * Waits first for what the server reads in the background as it starts (readForSearches): a loop of
 * searches never lets a background read go on (each runs to its end without yielding to the reader thread).
 */
export async function timeSearches(db: Database, runs: number): Promise<SearchTimings> {
  await readForSearches(db);
  return summarise(await sampleSearches(db, runs));
}

/** The timings as a markdown table. */
export function searchTable(timings: SearchTimings): string[] {
  const ms = (n: number) => n.toFixed(2);
  return [
    "| query | matches | wall p50 ms | wall p99 ms | CPU p50 ms | CPU p99 ms |",
    "|---|---:|---:|---:|---:|---:|",
    ...timings.rows.map((row) => `| ${row.label.replaceAll("|", "\\|")} | ${row.matches} | ${ms(row.p50)} | ${ms(row.p99)} | ${ms(row.cpuP50)} | ${ms(row.cpuP99)} |`),
    `| **all ${timings.all.searches} searches** | | **${ms(timings.all.p50)}** | **${ms(timings.all.p99)}** | **${ms(timings.all.cpuP50)}** | **${ms(timings.all.cpuP99)}** |`,
  ];
}

/** Two runs side by side (a baseline checkout and this tree, measured in the same rounds). */
export function searchTablePair(before: SearchTimings, after: SearchTimings): string[] {
  const ms = (n: number) => n.toFixed(2);
  const afterRow = new Map(after.rows.map((row) => [row.label, row]));
  const line = (label: string, matches: string, b: Omit<SearchTiming, "label" | "matches">, a: Omit<SearchTiming, "label" | "matches"> | undefined) =>
    `| ${label.replaceAll("|", "\\|")} | ${matches} | ${ms(b.p50)} → ${a ? ms(a.p50) : "?"} | ${ms(b.p99)} → ${a ? ms(a.p99) : "?"} | ${ms(b.cpuP99)} → ${a ? ms(a.cpuP99) : "?"} |`;
  return [
    "| query | matches | wall p50 ms, before → after | wall p99 ms | CPU p99 ms |",
    "|---|---:|---:|---:|---:|",
    ...before.rows.map((row) => line(row.label, String(row.matches), row, afterRow.get(row.label))),
    line(`**all ${after.all.searches} searches**`, "", before.all, after.all),
  ];
}
