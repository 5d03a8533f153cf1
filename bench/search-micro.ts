/**
 * Times the storefront search function itself against the benchmark store (no HTTP):
 *   bun bench/search-micro.ts [--db bench/data/bench.db] [--runs 200]
 * Prints p50/p99 per query and overall, and exits 1 if the overall p99 is 5 ms or more.
 */
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client";
import { searchTable, timeSearches } from "./search-timing";

const { values } = parseArgs({ options: { db: { type: "string", default: "bench/data/bench.db" }, runs: { type: "string", default: "200" } } });
const runs = Number(values.runs);
const handle = await openDatabase({ url: `file:${resolve(values.db!)}`, driver: "bun-sqlite" });
const timings = await timeSearches(handle.db, runs);
console.log(
  [`${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), load average ${loadavg().map((n) => n.toFixed(2)).join(" ")}, ${runs} runs per query`, "", ...searchTable(timings)].join("\n"),
);
handle.close();
if (timings.all.p99 >= 5) {
  console.error(`p99 ${timings.all.p99.toFixed(2)} ms is over the 5 ms budget`);
  process.exit(1);
}
