/**
 * The scale table (issue 14 item 7) for one store: runs the real server on a copy of the store and
 * prints, with the load average at each measurement, the aisle page cached and uncached, the search
 * function p50/p99 and the search page, the product page, every report page, every CSV export (time
 * to a ready download, ADR 046), an aisle page's p99 while reports and exports run, checkout, and
 * the server's peak RSS; and the pages shoppers open most (the home page, each aisle's first page)
 * with nothing else running and while orders are placed at a shop's pace (--orders-per-second).
 *
 *   bun bench/generate.ts --out bench/data/scale-1m.db --products 1000000 --order-items 10000000
 *   bun bench/scale.ts --store bench/data/scale-1m.db [--duration 5s] [--runs 5] [--json out.json] [--timeout 1800]
 *     [--only aisle,search,product,reports,exports,during,selling,checkout] [--orders-per-second 20] [--baseline <another checkout of Grocer>]
 *
 * --only runs those parts alone. --baseline measures the same parts with that tree's server on the
 * same copy of the store, right after this tree's, so the two sit side by side at the same load
 * (the copy is migrated by this tree first; an older tree finds nothing to apply).
 *
 * wrk -t1 -c32 for the HTTP figures (apt-get install -y wrk); report pages are timed one request at a
 * time (the median of --runs after a first, cold one). Every step is bounded by --timeout seconds.
 */
import { Database } from "bun:sqlite";
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client";
import { freePort } from "../tests/support/server";
import { BENCH_ADMIN_PASSWORD, BENCH_SECRETS } from "./bench-accounts";
import { readyCarts } from "./fixtures";
import { SEARCH_TERMS } from "./scenarios";
import { percentile, timeSearches } from "./search-timing";

/** USER_HZ: the kernel counts process CPU time in 100ths of a second on Linux. */
const CLOCK_TICKS = 100;

const { values } = parseArgs({
  options: {
    store: { type: "string", default: "bench/data/bench.db" },
    duration: { type: "string", default: "5s" },
    runs: { type: "string", default: "5" },
    "search-runs": { type: "string", default: "100" },
    json: { type: "string" },
    timeout: { type: "string", default: "1800" },
    only: { type: "string", default: "aisle,search,product,reports,exports,during,selling,checkout" },
    "orders-per-second": { type: "string", default: "20" },
    baseline: { type: "string" },
  },
});
const parts = new Set(values.only!.split(","));
const root = resolve(import.meta.dir, "..");
const deadline = Date.now() + Number(values.timeout) * 1000;
const runs = Number(values.runs);
const load = () => loadavg()[0]!.toFixed(1);
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);

const month = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
const today = new Date().toISOString().slice(0, 10);
const REPORT_PAGES: [string, string][] = [
  ["sales, all time", "/manage/reports"],
  ["sales, last 30 days by week", `/manage/reports?from=${month}&to=${today}&bucket=week`],
  ["sales, one aisle", "/manage/reports?category=2"],
  ["picking", "/manage/reports/picking"],
  ["payments", "/manage/reports/payments"],
];
const EXPORT_KINDS = ["products", "categories", "over-time", "fees-vat"] as const;

type Figure = { measure: string; figure: string; load: string };
const figures: Figure[] = [];
const noteFigure = (measure: string, figure: string, at = load()) => {
  figures.push({ measure, figure, load: at });
  console.log(`${measure}: ${figure} (load ${at})`);
};

const work = mkdtempSync(join(resolve(root, "bench/data"), "scale-run-"));
const store = join(work, "store.db");
console.log(`copying ${values.store} to ${store}`);
copyFileSync(resolve(values.store!), store);

const setup = new Database(store);
setup.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000");
const size = setup.query("select (select count(*) from products) as products, (select max(id) from order_items) as lines").get() as { products: number; lines: number };
const aisles = (setup.query("select slug from categories where status = 'active' order by id").all() as { slug: string }[]).map((row) => row.slug);
const slugs = (
  setup
    .query("SELECT p.slug FROM products p JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND c.status = 'active' AND p.stock > 0 ORDER BY (p.id * 7919) % 100003 LIMIT 2000")
    .all() as { slug: string }[]
).map((row) => row.slug);
// The admin's session straight in the store (a password log-in would then ask for a second factor).
const staffToken = randomBytes(32).toString("base64url");
const { id: adminId } = setup.query("select id from users where role = 'admin' order by id limit 1").get() as { id: number };
setup.query("insert into sessions (token_hash, user_id, created_at, expires_at) values (?, ?, ?, ?)").run(createHash("sha256").update(staffToken).digest("hex"), adminId, Date.now(), Date.now() + 86_400_000);
// The back office opens to staff with an authenticator (ADR 004); the gate only asks whether one is on.
setup.query("insert or replace into totp_secrets (user_id, sealed_secret, enabled_at, created_at) values (?, 'bench-not-a-secret', ?, ?)").run(adminId, Date.now(), Date.now());
setup.close();
const carts = readyCarts(store, 20_000);
console.log(`store: ${size.products.toLocaleString("en-GB")} products, ${size.lines.toLocaleString("en-GB")} order lines`);

const files = {
  slugs: join(work, "slugs.txt"),
  sessions: join(work, "sessions.txt"),
  // More (aisle, page) pairs than the 500 pages the fragment cache keeps: every request renders.
  paths: join(work, "paths.txt"),
  // The pages shoppers open most: few enough that the fragment cache keeps them all.
  front: join(work, "front.txt"),
};
writeFileSync(files.slugs, slugs.join("\n") + "\n");
writeFileSync(files.sessions, carts.join("\n") + "\n");
writeFileSync(files.front, ["/", ...aisles.map((slug) => `/categories/${slug}`)].join("\n") + "\n");
writeFileSync(files.paths, aisles.flatMap((slug) => Array.from({ length: 40 }, (_, page) => `/categories/${slug}?page=${page + 1}`)).join("\n") + "\n");

const staff = { cookie: `grocer_session=${staffToken}` };
const aislePath = `/categories/${aisles[0]}`;
let origin = "";
/** Paced orders take carts from the end of the list, so the checkout part (from the start) finds its own full. */
let pacedOrders = 0;
let server: ReturnType<typeof Bun.spawn> = Bun.spawn(["true"]);

for (const [tree, label] of [[root, ""], ...(values.baseline ? [[resolve(values.baseline), " [baseline]"]] : [])] as [string, string][]) {
  await measure(tree, label);
}

/** Starts `tree`'s server on the store copy, measures the parts asked for, stops it. */
async function measure(tree: string, label: string) {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = Bun.spawn([process.execPath, "src/server.ts"], {
    cwd: tree,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), DATABASE_URL: `file:${store}`, ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, SEED_DEMO_DATA: "false", LOG_LEVEL: "warn", ...BENCH_SECRETS },
    stdout: "ignore",
    stderr: "inherit",
  });
  const note = (measure: string, figure: string, at = load()) => noteFigure(measure + label, figure, at);
  try {
    while (!(await fetch(`${origin}/healthz`).then((r) => r.ok, () => false))) {
      if (server.exitCode !== null || Date.now() > deadline) throw new Error("the server did not start");
      await Bun.sleep(200);
    }
    await fetch(origin + aislePath);
    if (parts.has("aisle")) {
      const cached = await wrk("catalog-anonymous.lua", aislePath);
      note("aisle page, cached (anonymous)", `${cached.rps} req/s, p50 ${cached.p50}, p99 ${cached.p99}`, cached.load);
      const uncached = await wrk("aisle-pages.lua", "/categories");
      note(`aisle page, uncached (${aisles.length} aisles x 40 pages in turn)`, `${uncached.rps} req/s, p50 ${uncached.p50}, p99 ${uncached.p99}`, uncached.load);
    }
    if (parts.has("search")) {
      const searchPage = await wrk("search.lua", "/search");
      note("search page (12 queries in turn)", `${searchPage.rps} req/s, p50 ${searchPage.p50}, p99 ${searchPage.p99}`, searchPage.load);
    }
    if (parts.has("product")) {
      const product = await wrk("product.lua", "/products");
      note("product page (2,000 products in turn)", `${product.rps} req/s, p50 ${product.p50}, p99 ${product.p99}`, product.load);
    }
    if (parts.has("search")) {
      const reader = await openDatabase({ url: `file:${store}`, driver: "bun-sqlite" });
      const searchLoad = load();
      const searches = await timeSearches(reader.db, Number(values["search-runs"]));
      reader.close();
      const worst = searches.rows.reduce((a, b) => (b.p99 > a.p99 ? b : a));
      note(
        `search function (${searches.all.searches} searches)`,
        `p50 ${searches.all.p50.toFixed(2)} ms, p99 ${searches.all.p99.toFixed(2)} ms (CPU p99 ${searches.all.cpuP99.toFixed(2)} ms); slowest "${worst.label}" p99 ${worst.p99.toFixed(2)} ms`,
        searchLoad,
      );
    }
    if (parts.has("reports")) {
      for (const [name, path] of REPORT_PAGES) {
        const timing = await timePage(path);
        note(`report: ${name}`, `median ${ms(timing.median)} (server CPU ${ms(timing.cpu)}), first ${ms(timing.first)}, ${(timing.bytes / 1024).toFixed(0)} KB`, timing.load);
      }
    }
    if (parts.has("exports")) {
      for (const kind of EXPORT_KINDS) {
        const timing = await timeExport(kind);
        note(`CSV export: ${kind}`, `ready in ${ms(timing.ready)} (server CPU ${ms(timing.readyCpu)}), downloaded in ${ms(timing.download)}, ${(timing.bytes / 1e6).toFixed(2)} MB`, timing.load);
      }
    }
    if (parts.has("during")) {
      // The same aisle page with nothing else running, as the reference for the two below.
      const idle = await wrk("catalog-anonymous.lua", aislePath);
      note("aisle page, cached, nothing else running (reference)", `${idle.rps} req/s, p50 ${idle.p50}, p99 ${idle.p99}`, idle.load);
      // An aisle page while a product export is prepared: wrk only while the export is still running.
      const id = await askExport("products");
      const busy = await wrk("catalog-anonymous.lua", aislePath);
      const running = exportState(id) === "preparing";
      note(`aisle page while a product CSV export is prepared${running ? "" : " (the export ended first)"}`, `${busy.rps} req/s, p50 ${busy.p50}, p99 ${busy.p99}`, busy.load);
      await waitForExport(id, "products");
      // An aisle page while report pages are asked for, one after another.
      const during = wrk("catalog-anonymous.lua", aislePath);
      let finished = false;
      void during.then(() => (finished = true));
      let reports = 0;
      while (!finished && Date.now() < deadline) {
        for (const [, path] of REPORT_PAGES) {
          if (finished) break;
          await timePage(path, 1);
          reports += 1;
        }
      }
      const pages = await during;
      note(`aisle page while report pages are read (${reports} pages)`, `${pages.rps} req/s, p50 ${pages.p50}, p99 ${pages.p99}`, pages.load);
    }
    if (parts.has("selling")) {
      // A sale that leaves its products "In stock" keeps the cached shelves (ADR 081); before, every order emptied them.
      const quiet = await wrk("aisle-pages.lua", "/", { GROCER_PATHS_FILE: files.front });
      note(`home and ${aisles.length} aisles' first pages, nothing else running`, `${quiet.rps} req/s, p50 ${quiet.p50}, p99 ${quiet.p99}`, quiet.load);
      const rate = Number(values["orders-per-second"]);
      const selling = placeOrdersAtPace(rate);
      const busy = await wrk("aisle-pages.lua", "/", { GROCER_PATHS_FILE: files.front });
      const orders = await selling.stop();
      note(`the same pages while orders are placed (${rate}/s: ${orders.placed} placed, ${orders.refused} not)`, `${busy.rps} req/s, p50 ${busy.p50}, p99 ${busy.p99}`, busy.load);
    }
    if (parts.has("checkout")) {
      // Last: a wrk checkout takes stock as fast as it can, and products fall into "Only N left".
      const checkout = await wrk("checkout.lua", "/checkout", { GROCER_SESSIONS_FILE: files.sessions, GROCER_ORIGIN: origin, GROCER_RUN_ID: Date.now().toString(36) });
      note("checkout (3-line carts)", `${checkout.rps} req/s, p50 ${checkout.p50}, p99 ${checkout.p99}`, checkout.load);
    }
    const peak = readFileSync(`/proc/${server.pid}/status`, "utf8").match(/VmHWM:\s+(\d+)/)?.[1];
    note("server peak RSS", `${peak ? Math.round(Number(peak) / 1024) : "?"} MB`);
  } finally {
    server.kill("SIGTERM");
    await server.exited;
  }
}
rmSync(work, { recursive: true, force: true });

const title = `${size.products.toLocaleString("en-GB")} products, ${size.lines.toLocaleString("en-GB")} order lines (${values.store})`;
console.log(["", `### ${title}`, "", "| measure | figure | load avg |", "|---|---|---:|", ...figures.map((row) => `| ${row.measure} | ${row.figure} | ${row.load} |`)].join("\n"));
if (values.json) writeFileSync(values.json, JSON.stringify({ store: values.store, products: size.products, orderLines: size.lines, at: new Date().toISOString(), figures }, null, 2));

/* ---------- the pieces ---------- */

async function wrk(script: string, path: string, env: Record<string, string> = {}) {
  const at = load();
  const run = Bun.spawn(["wrk", "-t1", "-c32", `-d${values.duration}`, "--latency", "-s", join(import.meta.dir, "scenarios", script), origin + path], {
    env: { ...process.env, GROCER_SEARCH_TERMS: SEARCH_TERMS.join(","), GROCER_PRODUCT_SLUGS_FILE: files.slugs, GROCER_PATHS_FILE: files.paths, GROCER_ORIGIN: origin, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const text = (await new Response(run.stdout).text()) + (await new Response(run.stderr).text());
  await run.exited;
  const non2xx = Number(text.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0);
  if (non2xx) console.log(`${script}: ${non2xx} non-2xx/3xx answers`);
  return {
    load: at,
    rps: Math.round(Number(text.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0)).toLocaleString("en-GB"),
    p50: text.match(/^\s+50%\s+(\S+)/m)?.[1] ?? "?",
    p99: text.match(/^\s+99%\s+(\S+)/m)?.[1] ?? "?",
  };
}

/** Places an order every 1/perSecond s (one shopper each, "Place order" as the page posts it) until stopped. */
function placeOrdersAtPace(perSecond: number) {
  let placed = 0;
  let refused = 0;
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  const runId = Date.now().toString(36);
  const pacing = (async () => {
    const start = performance.now();
    for (let n = 0; !stopped; n++) {
      const wait = start + (n * 1000) / perSecond - performance.now();
      if (wait > 0) await Bun.sleep(wait);
      const session = carts[carts.length - 1 - (pacedOrders++ % carts.length)];
      const order = fetch(`${origin}/checkout`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: `grocer_session=${session}`, origin, "content-type": "application/x-www-form-urlencoded" },
        body: `fulfilment=pickup&payment_method=on_delivery&idempotency_key=paced-${runId}-${n}`,
      }).then(
        async (answer) => {
          await answer.arrayBuffer();
          if (answer.status === 303 && answer.headers.get("location")?.startsWith("/orders/")) placed += 1;
          else refused += 1;
        },
        () => void (refused += 1),
      );
      inFlight.add(order);
      void order.then(() => inFlight.delete(order));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await pacing;
      await Promise.all(inFlight);
      return { placed, refused };
    },
  };
}

/** A first (cold) request, then the median of `count` more, one at a time. */
async function timePage(path: string, count = runs) {
  const at = load();
  const once = async () => {
    const cpu = serverCpuMs();
    const start = performance.now();
    const response = await fetch(origin + path, { redirect: "manual", headers: { cookie: staff.cookie }, signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())) });
    const body = await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status} ${response.headers.get("location") ?? ""}`);
    return { time: performance.now() - start, cpu: serverCpuMs() - cpu, bytes: body.byteLength };
  };
  const first = await once();
  const rest: { time: number; cpu: number }[] = [];
  for (let i = 1; i < count; i++) rest.push(await once());
  const median = (list: number[]) => (list.length ? percentile(list.sort((a, b) => a - b), 50) : 0);
  return { load: at, first: first.time, median: rest.length ? median(rest.map((r) => r.time)) : first.time, cpu: rest.length ? median(rest.map((r) => r.cpu)) : first.cpu, bytes: first.bytes };
}

/** Asks for an export as the reports page does; its id. */
async function askExport(kind: (typeof EXPORT_KINDS)[number]): Promise<number> {
  const asked = await fetch(`${origin}/manage/reports/exports`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: staff.cookie, origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ kind, bucket: "day" }),
  });
  const location = asked.headers.get("location") ?? "";
  const id = Number(location.match(/\/exports\/(\d+)$/)?.[1]);
  if (asked.status !== 303 || !id) throw new Error(`asking for a ${kind} export answered ${asked.status} ${location}`);
  return id;
}

function exportState(id: number): string {
  const db = new Database(store, { readonly: true });
  try {
    return (db.query("select state from report_exports where id = ?").get(id) as { state: string }).state;
  } finally {
    db.close();
  }
}

async function waitForExport(id: number, kind: string) {
  while (exportState(id) === "preparing") {
    if (Date.now() > deadline) throw new Error(`the ${kind} export was not ready in time`);
    await Bun.sleep(5);
  }
}

/** Asks for an export, waits for it to be ready, downloads it. */
async function timeExport(kind: (typeof EXPORT_KINDS)[number]) {
  const at = load();
  const cpu = serverCpuMs();
  const start = performance.now();
  const id = await askExport(kind);
  await waitForExport(id, kind);
  const ready = performance.now() - start;
  const readyCpu = serverCpuMs() - cpu;
  const downloading = performance.now();
  const file = await fetch(`${origin}/manage/reports/exports/${id}/download`, { headers: { cookie: staff.cookie } });
  const bytes = (await file.arrayBuffer()).byteLength;
  if (file.status !== 200) throw new Error(`downloading the ${kind} export answered ${file.status}`);
  return { load: at, ready, readyCpu, download: performance.now() - downloading, bytes };
}

/** CPU time the server has used so far (user + system, /proc/<pid>/stat): on a loaded host, what a request cost it. */
function serverCpuMs(): number {
  const fields = readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}
