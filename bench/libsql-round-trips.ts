/**
 * Round trips per request on @libsql/client (issue 14 item 6, ADR 060): every call Grocer makes on
 * the libSQL client (execute, batch, transaction, executeMultiple) while it answers one request of
 * each benchmark scenario, served in process with DATABASE_DRIVER=libsql on a copy of the store.
 * On a remote Turso URL (libsql://, https://) each such call is one HTTP round trip, so this is the
 * count a shopper waits for. The client is wrapped here, in the benchmark, never in the product.
 *   NODE_ENV=production bun bench/libsql-round-trips.ts [--db bench/data/bench.db] [--requests 12] [--show]
 * Requests run one after another (each in its own turns of the event loop, as under light load),
 * after warm-up requests of the same scenario; --show prints the SQL of each call of the last one.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Database } from "bun:sqlite";
import type { Client, InStatement } from "@libsql/client";
import { bunPasswordHasher } from "../src/accounts/passwords";
import { issueAccessToken } from "../src/api/access-tokens";
import { createApp } from "../src/app";
import { systemClock } from "../src/clock";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { storageFromConfig } from "../src/media/from-config";
import { BENCH_SECRETS, BENCH_SHOPPER } from "./bench-accounts";
import { readyCarts, shopperSessions } from "./fixtures";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "bench/data/bench.db" },
    requests: { type: "string", default: "12" },
    show: { type: "boolean", default: false },
  },
});
const REQUESTS = Number(values.requests);
const WARM_UP = 3;
const work = mkdtempSync(join(tmpdir(), "grocer-round-trips-"));
const dbPath = join(work, "bench.db");
copyFileSync(values.db!, dbPath);

// Shoppers with carts (page and API checkout), a signed-in shopper, products and aisles.
const carts = readyCarts(dbPath, 2 * (REQUESTS + WARM_UP));
const shopper = shopperSessions(dbPath)[0]!;
const sample = new Database(dbPath, { readonly: true });
const products = sample
  .query("SELECT p.id, p.slug FROM products p JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND c.status = 'active' AND p.stock > 0 ORDER BY (p.id * 7919) % 100003 LIMIT 100")
  .all() as { id: number; slug: string }[];
const aisles = (sample.query("SELECT slug FROM categories WHERE status = 'active' ORDER BY id").all() as { slug: string }[]).map((row) => row.slug);
const apiShoppers = sample.query("SELECT id, role FROM users WHERE email LIKE ? ORDER BY id DESC LIMIT ?").all(`checkout-%@${BENCH_SHOPPER.emailDomain}`, REQUESTS + WARM_UP) as {
  id: number;
  role: "customer";
}[];
sample.close();

const config = loadConfig({ ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${dbPath}`, DATABASE_DRIVER: "libsql", SEED_DEMO_DATA: "false", LOG_LEVEL: "warn", ...BENCH_SECRETS });
const database = await openDatabase({ url: config.DATABASE_URL, driver: config.DATABASE_DRIVER });
if (database.driver !== "libsql") throw new Error(`expected the libsql driver, got ${database.driver}`);
const app = createApp({ config, database, clock: systemClock, passwords: bunPasswordHasher, storage: storageFromConfig(config) });

// Every call on the client, with the SQL it carried.
const client = (database.db as unknown as { $client: Client }).$client;
let calls: string[] = [];
const sqlOf = (statement: InStatement) => (typeof statement === "string" ? statement : statement.sql).replace(/\s+/g, " ").slice(0, 90);
for (const method of ["execute", "batch", "transaction", "executeMultiple"] as const) {
  const original = (client[method] as (...args: unknown[]) => unknown).bind(client);
  (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    const first = args[0];
    calls.push(method === "batch" ? `batch of ${(first as InStatement[]).length}: ${(first as InStatement[]).map(sqlOf).map((s) => s.slice(0, 30)).join(" | ")}` : `${method}: ${typeof first === "string" || (first && typeof first === "object") ? sqlOf(first as InStatement) : ""}`);
    return original(...args);
  };
}

const origin = "http://127.0.0.1";
const now = new Date();
let cartAt = 0;
let apiAt = 0;
type Scenario = { name: string; request: (i: number) => Promise<Response> | Response; ok: number };
const get = (path: string, cookie?: string) => app.request(origin + path, { headers: cookie ? { cookie: `grocer_session=${cookie}` } : {} });
const scenarios: Scenario[] = [
  { name: "API one product", ok: 200, request: (i) => get(`/api/v1/products/${products[i % products.length]!.id}`) },
  { name: "API aisle list (24)", ok: 200, request: (i) => get(`/api/v1/products?category=${aisles[i % aisles.length]}&limit=24`) },
  { name: "product page", ok: 200, request: (i) => get(`/products/${products[i % products.length]!.slug}`) },
  { name: "aisle, anonymous", ok: 200, request: (i) => get(`/categories/${aisles[i % aisles.length]}`) },
  { name: "aisle, signed in", ok: 200, request: (i) => get(`/categories/${aisles[i % aisles.length]}`, shopper) },
  {
    name: "page checkout",
    ok: 303,
    request: (i) =>
      app.request(`${origin}/checkout`, {
        method: "POST",
        headers: { cookie: `grocer_session=${carts[cartAt++]}`, origin, "content-type": "application/x-www-form-urlencoded" },
        body: `fulfilment=pickup&payment_method=on_delivery&idempotency_key=round-trips-page-${i.toString().padStart(8, "0")}`,
      }),
  },
  {
    name: "API checkout (Bearer)",
    ok: 201,
    request: async (i) =>
      app.request(`${origin}/api/v1/checkout`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await issueAccessToken(apiShoppers[apiAt++]!, config.JWT_SECRET!, now)}`,
          "idempotency-key": `round-trips-api-${i.toString().padStart(8, "0")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ fulfilment: "pickup", payment_method: "on_delivery" }),
      }),
  },
];

const lines: string[] = ["| scenario | calls on the client per request: median (range) | of which batches |", "|---|---|---|"];
for (const scenario of scenarios) {
  const counts: number[] = [];
  const batches: number[] = [];
  let last: string[] = [];
  for (let i = 0; i < WARM_UP + REQUESTS; i++) {
    calls = [];
    const response = await scenario.request(i);
    await response.arrayBuffer();
    if (response.status !== scenario.ok) throw new Error(`${scenario.name}: ${response.status}, expected ${scenario.ok}`);
    // Work a request leaves behind (a tally, a notice) runs after its answer: let it finish.
    await Bun.sleep(5);
    if (i < WARM_UP) continue;
    counts.push(calls.length);
    batches.push(calls.filter((call) => call.startsWith("batch")).length);
    last = calls;
  }
  counts.sort((a, b) => a - b);
  lines.push(`| ${scenario.name} | ${counts[Math.floor(counts.length / 2)]} (${counts[0]}-${counts.at(-1)}) | ${Math.max(...batches)} |`);
  if (values.show) console.log(`${scenario.name}:\n  ${last.join("\n  ")}`);
}
console.log(`${REQUESTS} requests per scenario after ${WARM_UP} to warm up, DATABASE_DRIVER=libsql on a copy of ${values.db}\n`);
console.log(lines.join("\n"));
await database.close();
rmSync(work, { recursive: true, force: true });
