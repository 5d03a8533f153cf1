/**
 * Times "Place order" in process (no HTTP, no wrk): CPU per order for the request itself, split
 * from the checkpoint thread, then for the jobs it left (the confirmation emails).
 *   bun bench/profile-checkout.ts [--db bench/data/bench.db] [--orders 3000] [--concurrency 32] [--via page|api]
 *                                 [--orders-only] [--no-checkpointer] [--work /dev/shm]
 * --via api places each order through POST /api/v1/checkout with a Bearer token (201 and the order's
 * JSON) instead of the page's form (303); add `bun --cpu-prof` for a CPU profile of either.
 * Works on a copy of the store in --work (default: the system's temporary folder), so the orders
 * it places are not kept. Run with NODE_ENV=production, as React picks its build from it.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { bunPasswordHasher } from "../src/accounts/passwords";
import { createApp } from "../src/app";
import { systemClock } from "../src/clock";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { storeJobs } from "../src/store-jobs";
import { drainJobs } from "../src/jobs/worker";
import { pickMailer } from "../src/mail/transport";
import { storageFromConfig } from "../src/media/from-config";
import { orderSales } from "../src/orders/sales-rows";
import { BENCH_SECRETS } from "./bench-accounts";
import { checkoutShoppers, orderPlacer, type CheckoutVia } from "./place-orders";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "bench/data/bench.db" },
    orders: { type: "string", default: "3000" },
    concurrency: { type: "string", default: "32" },
    "orders-only": { type: "boolean", default: false },
    "no-checkpointer": { type: "boolean", default: false },
    work: { type: "string" },
    via: { type: "string", default: "page" },
  },
});
const WARM_UP = 200;
const orders = Number(values.orders);
const concurrency = Number(values.concurrency);
const work = mkdtempSync(join(values.work ?? tmpdir(), "grocer-checkout-"));
const dbPath = join(work, "bench.db");
copyFileSync(values.db!, dbPath);
const via = values.via as CheckoutVia;
if (via !== "page" && via !== "api") throw new Error("--via page or --via api");
const shoppers = await checkoutShoppers(dbPath, orders + WARM_UP, via);

const config = loadConfig({ ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${dbPath}`, SEED_DEMO_DATA: "false", LOG_LEVEL: "warn", ...BENCH_SECRETS });
const database = await openDatabase({ url: config.DATABASE_URL, driver: config.DATABASE_DRIVER, backgroundCheckpoints: !values["no-checkpointer"] });
const deps = { config, database, clock: systemClock, passwords: bunPasswordHasher, storage: storageFromConfig(config) };
const app = createApp(deps);
const registry = storeJobs({ salesSource: orderSales });
const jobContext = { deps, mailer: pickMailer(config, database, systemClock) };
const latencies: number[] = [];
const placer = orderPlacer(app, { via, shoppers, keyPrefix: `profile-${via}`, onOrder: (ms) => latencies.push(ms) });

/** CPU seconds of the main thread alone (the checkpoint thread is not in it), from /proc. */
const mainThreadCpu = () => {
  const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const ms = (usage: NodeJS.CpuUsage, n: number) => ((usage.user + usage.system) / 1000 / n).toFixed(3);

// Warm-up: compiled statements, page templates, JIT.
await placer.place(WARM_UP, 1);
latencies.length = 0;
await drainJobs(jobContext, registry, "profile", 1000);

// The event loop's worst lag while orders are placed: here, mostly a commit group's own work.
let worstStall = 0;
let last = performance.now();
const probe = setInterval(() => {
  const now = performance.now();
  worstStall = Math.max(worstStall, now - last - 5);
  last = now;
}, 5);

const cpuStart = process.cpuUsage();
const mainStart = mainThreadCpu();
const started = performance.now();
await placer.place(orders + WARM_UP, concurrency);
const wall = performance.now() - started;
const requestCpu = process.cpuUsage(cpuStart);
const mainCpu = mainThreadCpu() - mainStart;
clearInterval(probe);

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(2);
console.log(
  `${orders} orders (${via}), ${concurrency} at a time: ${(orders / (wall / 1000)).toFixed(0)} orders/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, ` +
    `CPU ${ms(requestCpu, orders)} ms/order (main thread ${((mainCpu * 1000) / orders).toFixed(3)} ms), worst event-loop stall ${worstStall.toFixed(1)} ms`,
);

const queued = (await database.db.all(
  sql`select type || coalesce(':' || json_extract(payload, '$.template'), '') as type, count(*) as n from jobs where status = 'queued' group by 1`,
)) as { type: string; n: number }[];
console.log(`queued after the orders: ${queued.map((row) => `${row.n} ${row.type}`).join(", ") || "nothing"}`);
if (!values["orders-only"]) {
  const jobCpuStart = process.cpuUsage();
  const jobsStarted = performance.now();
  let ran = 0;
  for (let batch = -1; batch !== 0; ) ran += batch = await drainJobs(jobContext, registry, "profile", 1000);
  const seconds = (performance.now() - jobsStarted) / 1000;
  console.log(`${ran} jobs afterwards: ${(ran / seconds).toFixed(0)} jobs/s, CPU ${ms(process.cpuUsage(jobCpuStart), Math.max(1, ran))} ms/job`);
}
await database.close();
rmSync(work, { recursive: true, force: true });
