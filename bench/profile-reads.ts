/**
 * The read paths of issue 14 item 3, Grocer beside the bare reference (bench/reference.ts), in one
 * process with no HTTP: CPU time per answer for each, rounds interleaved, on copies of one store.
 * Without the HTTP server (the same for both) the ratios are lower than bench/compare.ts's; they
 * move with every change to Grocer's own work, and a shared machine changes them much less.
 *
 *   bun bench/profile-reads.ts [--store bench/data/bench.db] [--rounds 3] [--runs 3000] [--only "API,page"] [--baseline <dir>] [--accept-encoding "br, gzip"]
 *
 * --baseline <dir>: another checkout of Grocer (`git archive <commit> | tar -x -C <dir>` with a
 * node_modules link), loaded in the same process and measured in the same rounds: before and after.
 * --accept-encoding: sent with every request, as a browser does (the benchmarks' default sends none,
 * so nothing is compressed); the reference never compresses.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Database } from "bun:sqlite";
import { eq } from "drizzle-orm";
import { users } from "../src/db/schema";
import { BENCH_SECRETS, BENCH_SHOPPER } from "./bench-accounts";
import { median } from "./ratios";
import { referenceApp } from "./reference";

const { values } = parseArgs({
  options: {
    store: { type: "string", default: "bench/data/bench.db" },
    rounds: { type: "string", default: "3" },
    runs: { type: "string", default: "3000" },
    only: { type: "string" },
    baseline: { type: "string" },
    "accept-encoding": { type: "string" },
  },
});
const work = mkdtempSync(join(tmpdir(), "grocer-reads-"));
const copyOf = (name: string) => {
  const file = join(work, `${name}.db`);
  copyFileSync(resolve(values.store!), file);
  return file;
};

const sample = new Database(resolve(values.store!), { readonly: true });
const products = sample
  .query("SELECT p.id, p.slug FROM products p JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND c.status = 'active' AND p.stock > 0 ORDER BY (p.id * 7919) % 100003 LIMIT 2000")
  .all() as { id: number; slug: string }[];
const aisles = (sample.query("SELECT slug FROM categories WHERE status = 'active' ORDER BY id").all() as { slug: string }[]).map((row) => row.slug);
sample.close();

type App = { request(url: string, init?: RequestInit): Response | Promise<Response> };
type Scenario = { name: string; paths: string[]; signedIn?: "empty cart" | "full cart"; grocerOnly?: boolean };
const SCENARIOS: Scenario[] = [
  { name: "API one product", paths: products.map((p) => `/api/v1/products/${p.id}`) },
  { name: "API aisle list (24)", paths: aisles.map((slug) => `/api/v1/products?category=${slug}&limit=24`) },
  { name: "product page", paths: products.map((p) => `/products/${p.slug}`) },
  { name: "aisle, anonymous", paths: ["/categories/fruit"], grocerOnly: true },
  { name: "aisle, signed in", paths: ["/categories/fruit"], signedIn: "empty cart", grocerOnly: true },
  // A shopper mid-shop: 20 lines in the cart, 8 of them on this page (their cards show −/+).
  { name: "aisle, signed in, 20 lines in the cart", paths: ["/categories/fruit"], signedIn: "full cart", grocerOnly: true },
];
const only = values.only?.split(",").map((word) => word.trim()).filter(Boolean) ?? [];
const chosen = SCENARIOS.filter((s) => only.length === 0 || only.some((word) => s.name.includes(word)));

/** shopper2's cart: the first 8 products of the fruit aisle's first page (most popular first) and 12 from other aisles. */
function fillCart(file: string): number {
  const db = new Database(file);
  try {
    const { id: userId } = db.query("SELECT id FROM users WHERE email = ?").get(`shopper2@${BENCH_SHOPPER.emailDomain}`) as { id: number };
    db.query("INSERT OR IGNORE INTO carts (user_id, created_at, updated_at) VALUES (?, ?, ?)").run(userId, Date.now(), Date.now());
    const { id: cartId } = db.query("SELECT id FROM carts WHERE user_id = ?").get(userId) as { id: number };
    db.query("DELETE FROM cart_items WHERE cart_id = ?").run(cartId);
    const pick = (aisle: string, limit: number) =>
      db.query(`SELECT p.id, p.step FROM products p JOIN categories c ON c.id = p.category_id WHERE c.slug ${aisle} AND p.active = 1 AND c.status = 'active' AND p.stock > 10 * p.step ORDER BY p.sold DESC, p.id DESC LIMIT ?`).all(limit) as { id: number; step: number }[];
    for (const product of [...pick("= 'fruit'", 8), ...pick("<> 'fruit'", 12)]) {
      db.query("INSERT INTO cart_items (cart_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?)").run(cartId, product.id, product.step, Date.now());
    }
    return userId;
  } finally {
    db.close();
  }
}

type Cookies = { "empty cart": string; "full cart": string };

/** Grocer from a checkout (this one, or --baseline), built as src/server.ts builds it, with two signed-in shoppers' cookies. */
async function grocerApp(root: string, name: string): Promise<{ app: App; cookies: Cookies; close: () => void | Promise<void> }> {
  const load = <T>(path: string): Promise<T> => import(join(root, path)) as Promise<T>;
  const { createApp } = await load<typeof import("../src/app")>("src/app.ts");
  const { zlibCompressor } = await load<typeof import("../src/bun/compressor")>("src/bun/compressor.ts");
  const { linkedAssetHashes, publicFolder, serveStaticFiles } = await load<typeof import("../src/bun/static-files")>("src/bun/static-files.ts");
  const { RequestGauge } = await load<typeof import("../src/ops/request-gauge")>("src/ops/request-gauge.ts");
  const { Drain } = await load<typeof import("../src/ops/drain")>("src/ops/drain.ts");
  const { bunPasswordHasher } = await load<typeof import("../src/accounts/passwords")>("src/accounts/passwords.ts");
  const { startSession } = await load<typeof import("../src/accounts/sessions")>("src/accounts/sessions.ts");
  const { systemClock } = await load<typeof import("../src/clock")>("src/clock.ts");
  const { loadConfig } = await load<typeof import("../src/config")>("src/config.ts");
  const { openDatabase } = await load<typeof import("../src/db/client")>("src/db/client.ts");
  const { storageFromConfig } = await load<typeof import("../src/media/from-config")>("src/media/from-config.ts");
  const file = copyOf(name);
  const busyShopper = fillCart(file);
  const config = loadConfig({ ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${file}`, SEED_DEMO_DATA: "false", LOG_LEVEL: "warn", ...BENCH_SECRETS });
  const database = await openDatabase({ url: config.DATABASE_URL, driver: config.DATABASE_DRIVER });
  // As src/server.ts builds it: the drain's wrapper counting requests (a middleware of the app's
  // before 2026-12-07, when the tree has no drain.gauge), compression and the static files in front.
  const publicFiles = publicFolder(join(root, "public"));
  const assetHashes = await linkedAssetHashes(publicFiles);
  const deps = { config, database, clock: systemClock, passwords: bunPasswordHasher, storage: storageFromConfig(config) };
  const drain = new Drain();
  const gaugeInApp = !("gauge" in drain) ? { gauge: new RequestGauge() } : {};
  const built = createApp(deps, { staticAssets: serveStaticFiles(publicFiles, assetHashes), assetHashes, compression: zlibCompressor, ...gaugeInApp } as never);
  const fetch = drain.wrap((request: Request) => built.fetch(request));
  const app: App = { request: (url, init) => fetch(new Request(new URL(url, "http://localhost"), init)) };
  const [shopper] = await database.db.select().from(users).where(eq(users.email, `shopper1@${BENCH_SHOPPER.emailDomain}`));
  const cookie = async (userId: number) => `grocer_session=${await startSession(database.db, userId, new Date())}`;
  return { app, cookies: { "empty cart": await cookie(shopper!.id), "full cart": await cookie(busyShopper) }, close: () => database.close() };
}

const targets: { name: string; app: App; cookies: Cookies | null; grocer: boolean; close: () => void | Promise<void> }[] = [{ name: "grocer", ...(await grocerApp(resolve(import.meta.dir, ".."), "grocer")), grocer: true }];
if (values.baseline) targets.push({ name: "baseline", ...(await grocerApp(resolve(values.baseline), "baseline")), grocer: true });
targets.push({ name: "reference", app: referenceApp(copyOf("reference")), cookies: null, grocer: false, close: () => {} });

/** CPU µs per answer for `runs` requests cycling through the scenario's paths (every answer read whole). */
async function cpuPerAnswer({ app, cookies }: { app: App; cookies: Cookies | null }, scenario: Scenario, runs: number, offset: number): Promise<number> {
  const encoding = values["accept-encoding"];
  const init = { headers: { ...(scenario.signedIn && cookies ? { cookie: cookies[scenario.signedIn] } : {}), ...(encoding ? { "accept-encoding": encoding } : {}) } };
  // A full collection first, outside the measure: garbage the previous target left is not charged to this one.
  Bun.gc(true);
  const started = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const response = await app.request(`http://127.0.0.1${scenario.paths[(offset + i) % scenario.paths.length]}`, init);
    if (response.status !== 200) throw new Error(`${scenario.name}: ${response.status} for ${scenario.paths[(offset + i) % scenario.paths.length]}`);
    await response.arrayBuffer();
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / runs;
}

const runs = Number(values.runs);
/** figures[scenario][target]: CPU µs per answer, one a round */
const figures = new Map<string, Map<string, number[]>>();
const answering = (scenario: Scenario) => targets.filter((target) => target.grocer || !scenario.grocerOnly);
for (const scenario of chosen) {
  figures.set(scenario.name, new Map(answering(scenario).map((target) => [target.name, []])));
  // Warm up: compiled statements, JIT, the OS page cache.
  for (const target of answering(scenario)) await cpuPerAnswer(target, scenario, 300, 0);
}
const loadAtStart = loadavg()[0]!.toFixed(2);
for (let round = 0; round < Number(values.rounds); round++) {
  for (const scenario of chosen) {
    for (const target of answering(scenario)) figures.get(scenario.name)!.get(target.name)!.push(await cpuPerAnswer(target, scenario, runs, round * runs));
  }
}
const range = (list: number[]) => `${Math.min(...list).toFixed(2)}-${Math.max(...list).toFixed(2)}`;
const grocers = targets.filter((target) => target.grocer);
console.log(`${runs} answers a round, ${values.rounds} rounds; load ${loadAtStart} at start, ${loadavg()[0]!.toFixed(2)} at the end`);
console.log(`| work | ${targets.map((t) => `${t.name} µs CPU/answer`).join(" | ")} | ${grocers.map((t) => `${t.name} ratio, median (range)`).join(" | ")} |`);
console.log(`|---|${targets.map(() => "---:").join("|")}|${grocers.map(() => "---").join("|")}|`);
for (const scenario of chosen) {
  const byTarget = figures.get(scenario.name)!;
  const cells = targets.map((t) => (byTarget.get(t.name)?.length ? median(byTarget.get(t.name)!).toFixed(0) : ""));
  // The reference's CPU over Grocer's; the signed-in aisle over the same Grocer's anonymous aisle.
  const ratios = grocers.map((t) => {
    const own = byTarget.get(t.name)!;
    const over = scenario.signedIn ? figures.get("aisle, anonymous")?.get(t.name) : byTarget.get("reference");
    if (!over || over.length !== own.length) return "";
    const each = own.map((value, i) => over[i]! / value);
    return `${median(each).toFixed(2)} (${range(each)})`;
  });
  console.log(`| ${scenario.name} | ${cells.join(" | ")} | ${ratios.join(" | ")} |`);
}
for (const target of targets) await target.close();
rmSync(work, { recursive: true, force: true });
