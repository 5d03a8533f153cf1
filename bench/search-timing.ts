/**
 * Times the storefront search function itself (no HTTP) over what shoppers type: whole words,
 * prefixes while typing, two words, a typo, syntax junk, a filter and sorted searches with many
 * matches. Used by bench/search-micro.ts and bench/scale.ts.
 */
import type { Database } from "../src/db/client";
import { searchShelf, type SearchOptions } from "../src/catalog/search";
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
];

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export type SearchTiming = { label: string; matches: number; p50: number; p99: number; cpuP50: number; cpuP99: number };
export type SearchTimings = { rows: SearchTiming[]; all: Omit<SearchTiming, "label" | "matches"> & { searches: number } };

/** Each search `runs` times after 20 warm-up runs; wall and CPU time in ms (on a shared machine wall time also counts waiting for a core). */
export async function timeSearches(db: Database, runs: number): Promise<SearchTimings> {
  const all: number[] = [];
  const allCpu: number[] = [];
  const rows: SearchTiming[] = [];
  for (const search of SEARCHES) {
    const options = { ...search, limit: PAGE_SIZE };
    for (let i = 0; i < 20; i++) await searchShelf(db, options);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let matches = 0;
    for (let i = 0; i < runs; i++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const result = await searchShelf(db, options);
      times.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
      matches = result.total;
    }
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    all.push(...times);
    allCpu.push(...cpuTimes);
    rows.push({ label: search.label, matches, p50: percentile(times, 50), p99: percentile(times, 99), cpuP50: percentile(cpuTimes, 50), cpuP99: percentile(cpuTimes, 99) });
  }
  all.sort((a, b) => a - b);
  allCpu.sort((a, b) => a - b);
  return { rows, all: { searches: all.length, p50: percentile(all, 50), p99: percentile(all, 99), cpuP50: percentile(allCpu, 50), cpuP99: percentile(allCpu, 99) } };
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
