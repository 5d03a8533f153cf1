/**
 * What placing orders and draining their confirmation emails leave on the JavaScript heap, in
 * process (no HTTP, no wrk), through a real SMTP server on 127.0.0.1 (ADR 062):
 *
 *   NODE_ENV=production bun bench/memory-heap.ts [--db bench/data/bench10k.db] [--orders 3000] [--via page|api] [--mail smtp|outbox] [--snapshot /tmp/heap]
 *
 * After a warm-up (compiled statements, templates, JIT) it forces a full collection and reads
 * `heapStats()` before the orders, after them and after the drain, and prints the heap's size,
 * the object count and the object types that grew the most between each pair, with the retained
 * bytes per order and per drained job. --snapshot writes `Bun.generateHeapSnapshot()` files there
 * for the Safari/WebKit inspector. Works on a copy of the store.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { heapStats } from "bun:jsc";
import { SMTPServer } from "smtp-server";
import { bunPasswordHasher } from "../src/accounts/passwords";
import { createApp } from "../src/app";
import { systemClock } from "../src/clock";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { drainJobs } from "../src/jobs/worker";
import { pickMailer } from "../src/mail/transport";
import { storageFromConfig } from "../src/media/from-config";
import { orderSales } from "../src/orders/sales-rows";
import { storeJobs } from "../src/store-jobs";
import { freePort } from "../tests/support/server";
import { BENCH_SECRETS } from "./bench-accounts";
import { checkoutShoppers, orderPlacer, type CheckoutVia } from "./place-orders";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "bench/data/bench10k.db" },
    orders: { type: "string", default: "3000" },
    snapshot: { type: "string" },
    mail: { type: "string", default: "smtp" },
    via: { type: "string", default: "page" },
  },
});
const WARM_UP = 300;
const orders = Number(values.orders);
const work = mkdtempSync(join(tmpdir(), "grocer-heap-"));
const dbPath = join(work, "store.db");
copyFileSync(values.db!, dbPath);
const via = values.via as CheckoutVia;
if (via !== "page" && via !== "api") throw new Error("--via page or --via api");
const shoppers = await checkoutShoppers(dbPath, orders + WARM_UP, via);

let mails = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, _session, callback) {
    stream.on("data", () => undefined);
    stream.on("end", () => {
      mails++;
      callback();
    });
  },
});
const smtpPort = await freePort();
await new Promise<void>((done) => smtp.listen(smtpPort, "127.0.0.1", done));

const config = loadConfig({
  ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${dbPath}`, SEED_DEMO_DATA: "false", LOG_LEVEL: "warn", ...(values.mail === "outbox" ? {} : { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }), ...BENCH_SECRETS,
});
const database = await openDatabase({ url: config.DATABASE_URL, driver: config.DATABASE_DRIVER, backgroundCheckpoints: true });
const deps = { config, database, clock: systemClock, passwords: bunPasswordHasher, storage: storageFromConfig(config) };
const app = createApp(deps);
const registry = storeJobs({ salesSource: orderSales });
const mailer = pickMailer(config, database, systemClock);
const jobContext = { deps, mailer };
const placer = orderPlacer(app, { via, shoppers, keyPrefix: `memory-heap-${via}` });
const placeUpTo = (end: number) => placer.place(end, 32);
const drain = async () => {
  let ran = 0;
  for (let batch = -1; batch !== 0; ) ran += batch = await drainJobs(jobContext, registry, "heap", 1000);
  return ran;
};

type Reading = { label: string; heap: number; objects: number; types: Record<string, number>; rss: number; anon: number };
const rssAnon = () => {
  const status = Bun.file("/proc/self/status");
  return status.text().then((text) => Number(/^RssAnon:\s+(\d+)/m.exec(text)?.[1] ?? 0) / 1024);
};
async function read(label: string): Promise<Reading> {
  Bun.gc(true);
  await Bun.sleep(50);
  Bun.gc(true);
  const stats = heapStats();
  if (values.snapshot) {
    mkdirSync(values.snapshot, { recursive: true });
    writeFileSync(join(values.snapshot, `${label}.heapsnapshot`), JSON.stringify(Bun.generateHeapSnapshot()));
  }
  return { label, heap: stats.heapSize, objects: stats.objectCount, types: stats.objectTypeCounts, rss: process.memoryUsage().rss / 1024 / 1024, anon: await rssAnon() };
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Between the full collections: the largest heap (garbage included) and RSS split into anonymous
 * and file pages while orders are placed or jobs drained, every 100 ms. What the heap does not
 * explain of the anonymous peak is native memory (SQLite's page cache, malloc).
 */
function peaksWhile<T>(work: () => Promise<T>): Promise<{ result: T; heap: number; anon: number; file: number }> {
  const peak = { heap: 0, anon: 0, file: 0 };
  const look = () => {
    peak.heap = Math.max(peak.heap, process.memoryUsage().heapTotal);
    const text = readFileSync("/proc/self/status", "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0) * 1024;
    peak.anon = Math.max(peak.anon, kb("RssAnon"));
    peak.file = Math.max(peak.file, kb("RssFile"));
  };
  const sampler = setInterval(look, 100);
  return work().then((result) => {
    clearInterval(sampler);
    look();
    return { result, ...peak };
  });
}
const peakLine = (what: string, peak: { heap: number; anon: number; file: number }) =>
  console.log(`peaks while ${what}: heap ${mb(peak.heap)}, RssAnon ${mb(peak.anon)}, RssFile ${mb(peak.file)}`);

function compare(before: Reading, after: Reading, per: number, what: string) {
  const grew = Object.entries(after.types)
    .map(([type, n]) => [type, n - (before.types[type] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12);
  console.log(
    `\n${before.label} -> ${after.label}: heap ${mb(before.heap)} -> ${mb(after.heap)} (${(((after.heap - before.heap) / Math.max(1, per)) / 1024).toFixed(2)} KB per ${what}), ` +
      `objects ${before.objects} -> ${after.objects}; RSS ${before.rss.toFixed(0)} -> ${after.rss.toFixed(0)} MB (anon ${before.anon.toFixed(0)} -> ${after.anon.toFixed(0)} MB)`,
  );
  for (const [type, n] of grew) console.log(`  +${String(n).padStart(8)} ${type} (${(n / Math.max(1, per)).toFixed(2)} per ${what})`);
}

try {
  await placeUpTo(WARM_UP);
  await drain();
  const warm = await read("warm");
  const placing = await peaksWhile(() => placeUpTo(WARM_UP + orders));
  const placed = await read("orders-placed");
  const mailsBefore = mails;
  const draining = await peaksWhile(drain);
  const ran = draining.result;
  const drained = await read("drained");
  console.log(`${orders} orders placed; ${ran} jobs drained; ${mails - mailsBefore} mails received by the SMTP server`);
  peakLine("placing the orders", placing);
  peakLine("draining the jobs", draining);
  compare(warm, placed, orders, "order");
  compare(placed, drained, ran, "job");
} finally {
  if ("close" in mailer && typeof mailer.close === "function") await mailer.close();
  await database.close();
  smtp.close();
  rmSync(work, { recursive: true, force: true });
}
