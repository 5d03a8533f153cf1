/**
 * Times the storefront search function itself against the benchmark store (no HTTP):
 *   bun bench/search-micro.ts [--db bench/data/bench.db] [--runs 200] [--rounds 1] [--baseline <dir>]
 * Prints p50/p99 per query and overall, and exits 1 if the overall p99 is 5 ms or more.
 *
 * --baseline <dir>: another checkout of Grocer (`git archive <commit> src | tar -x -C <dir>` with a
 * node_modules link), whose searchShelf is timed on the same store in the same rounds, in
 * alternating order: before and after side by side.
 * The database is opened by this tree, so what its driver sets up for the catalog code (the reader
 * thread, `longReads`; the write count, `localWrites`) is in this tree's modules only: the baseline
 * reads its catalog words in place and never sorts by held sales (ADR 089).
 * The store is migrated to this tree's schema first, as the server migrates it when it starts.
 */
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client";
import { readForSearches } from "../src/catalog/search";
import { sampleSearches, searchTable, searchTablePair, summarise, type SearchFunction, type SearchSamples } from "./search-timing";

const { values } = parseArgs({
  options: { db: { type: "string", default: "bench/data/bench.db" }, runs: { type: "string", default: "200" }, rounds: { type: "string", default: "1" }, baseline: { type: "string" } },
});
const runs = Number(values.runs);
const load = () => loadavg().map((n) => n.toFixed(2)).join(" ");
const handle = await openDatabase({ url: `file:${resolve(values.db!)}`, driver: "bun-sqlite" });
// As the server does when it starts on a store: the searches read what this tree's migrations add.
await handle.migrate(resolve(import.meta.dir, "../drizzle"));
const baseline = values.baseline
  ? ((await import(join(resolve(values.baseline), "src/catalog/search.ts"))) as { searchShelf: SearchFunction }).searchShelf
  : undefined;

// What the server reads as it starts (a loop of searches never lets a background read go on).
await readForSearches(handle.db);
const loads: string[] = [];
const mine: SearchSamples = new Map();
const theirs: SearchSamples = new Map();
for (let round = 0; round < Number(values.rounds); round++) {
  loads.push(load());
  const order: [SearchFunction | undefined, SearchSamples][] = [[undefined, mine], [baseline, theirs]];
  for (const [search, into] of round % 2 ? order.reverse() : order) if (search || into === mine) await sampleSearches(handle.db, runs, search, into);
}
loads.push(load());
handle.close();

const timings = summarise(mine);
console.log(`${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), ${runs} runs per query and round, ${values.rounds} round(s); load average at each round: ${loads.join(" | ")}\n`);
console.log((baseline ? searchTablePair(summarise(theirs), timings) : searchTable(timings)).join("\n"));
if (timings.all.p99 >= 5) {
  console.error(`p99 ${timings.all.p99.toFixed(2)} ms is over the 5 ms budget`);
  process.exit(1);
}
