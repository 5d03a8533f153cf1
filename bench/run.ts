/**
 * Starts the real server (bun src/server.ts) on the benchmark store and runs every scenario of
 * bench/scenarios.ts with `wrk -t1 -c32 -d10s --latency` against 127.0.0.1.
 *
 *   bun bench/run.ts [--db bench/data/bench.db] [--duration 10s] [--only "search"] [--cpu-prof <dir>] [--carts 40000]
 *
 * --carts sets how many shoppers have a cart ready for the checkout scenario (one order each): a
 * run longer than 10 s needs more than the default 40,000.
 *
 * --cpu-prof writes the server's CPU profile (Chrome .cpuprofile) into <dir> when it stops.
 *
 * Generates the store first when it is missing (bun bench/generate.ts). Needs wrk (apt-get install -y wrk).
 */
import { Database } from "bun:sqlite";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../tests/support/server";
import { BENCH_ADMIN_PASSWORD, BENCH_SECRETS, BENCH_SHOPPER } from "./bench-accounts";
import { cartAdditions, readyCarts, shopperSessions } from "./fixtures";
import { READY_CARTS, SCENARIOS, SEARCH_TERMS } from "./scenarios";
import { waitForHealth } from "./health";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "bench/data/bench.db" },
    duration: { type: "string", default: "10s" },
    only: { type: "string" },
    "cpu-prof": { type: "string" },
    carts: { type: "string" },
  },
});
const root = resolve(import.meta.dir, "..");
const dbPath = resolve(values.db!);

if (!existsSync(dbPath)) {
  const generated = Bun.spawnSync([process.execPath, "bench/generate.ts", "--out", dbPath], { cwd: root, stdout: "inherit", stderr: "inherit" });
  if (generated.exitCode !== 0) throw new Error("generating the benchmark store failed");
}

// Inputs for the Lua scripts: a sample of product slugs and ids from the store.
const work = mkdtempSync(join(tmpdir(), "grocer-bench-"));
const sample = new Database(dbPath, { readonly: true });
const rows = sample
  .query("SELECT p.id, p.slug FROM products p JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND c.status = 'active' AND p.stock > 0 ORDER BY (p.id * 7919) % 100003 LIMIT 2000")
  .all() as { id: number; slug: string }[];
sample.close();
const slugsFile = join(work, "slugs.txt");
const idsFile = join(work, "ids.txt");
writeFileSync(slugsFile, rows.map((row) => row.slug).join("\n") + "\n");
writeFileSync(idsFile, rows.map((row) => row.id).join("\n") + "\n");
const chosen = SCENARIOS.filter((scenario) => !values.only || scenario.name.includes(values.only));
const additionsFile = join(work, "additions.txt");
writeFileSync(additionsFile, cartAdditions(dbPath).join("\n") + "\n");
const sessionFiles: Record<string, string> = {};
if (chosen.some((scenario) => scenario.sessions === "shoppers")) {
  sessionFiles.shoppers = join(work, "shopper-sessions.txt");
  writeFileSync(sessionFiles.shoppers, shopperSessions(dbPath).join("\n") + "\n");
}
if (chosen.some((scenario) => scenario.sessions === "ready-carts")) {
  sessionFiles["ready-carts"] = join(work, "checkout-sessions.txt");
  writeFileSync(sessionFiles["ready-carts"], readyCarts(dbPath, values.carts ? Number(values.carts) : READY_CARTS).join("\n") + "\n");
}
const runId = Date.now().toString(36);

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const profiling = values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", resolve(values["cpu-prof"])] : [];
const server = Bun.spawn([process.execPath, ...profiling, "src/server.ts"], {
  cwd: root,
  env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), DATABASE_URL: `file:${dbPath}`, ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, SEED_DEMO_DATA: "false", LOG_LEVEL: "warn", ...BENCH_SECRETS },
  stdout: "ignore",
  stderr: "inherit",
});

try {
  await waitForHealth(origin);
  const session = await logIn(origin, `shopper1@${BENCH_SHOPPER.emailDomain}`, BENCH_SHOPPER.password);
  const results: string[] = [];
  for (const scenario of chosen) {
    // Each scenario starts on a quiet store: no emails or tallies left over from earlier runs.
    await waitForQuietQueue();
    // Warm the page cache and the database pages the way a running store would be.
    if (!scenario.sessions) await fetch(origin + scenario.path).catch(() => undefined);
    const args = ["wrk", "-t1", "-c32", `-d${values.duration}`, "--latency", "-s", join(import.meta.dir, "scenarios", scenario.script), origin + scenario.path];
    const env = { ...process.env, GROCER_SESSION: scenario.signedIn ? session : "", GROCER_SEARCH_TERMS: SEARCH_TERMS.join(","), GROCER_PRODUCT_SLUGS_FILE: slugsFile, GROCER_PRODUCT_IDS_FILE: idsFile, GROCER_ORIGIN: origin,
      GROCER_CART_ADDITIONS_FILE: additionsFile, GROCER_SESSIONS_FILE: scenario.sessions ? sessionFiles[scenario.sessions]! : "", GROCER_RUN_ID: runId };
    const ordersBefore = countBenchOrders(runId);
    const load = loadavg()[0]!.toFixed(2);
    const before = cpuTicks();
    const run = Bun.spawnSync(args, { env, stdout: "pipe", stderr: "pipe" });
    const stolen = stolenShare(before, cpuTicks());
    const output = run.stdout.toString() + run.stderr.toString();
    const figures = parseWrk(output);
    console.log(`\n## ${scenario.name}\n$ ${args.join(" ").replace(root + "/", "")}\n${output}`);
    if (scenario.sessions === "ready-carts") {
      const placed = countBenchOrders(runId) - ordersBefore;
      const perSecond = Math.round(placed / wrkSeconds(values.duration!));
      console.log(`orders recorded by the store: ${placed} (${perSecond.toLocaleString("en-GB")} orders/s)`);
      figures.rps += ` (${perSecond.toLocaleString("en-GB")} orders/s)`;
    }
    results.push(
      `| ${scenario.name} | ${figures.rps} | ${figures.p50} | ${figures.p99} | ${figures.errors} | ${load} | ${stolen} | ${scenario.target ?? ""} |`,
    );
  }
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    [
      "",
      `Machine: ${cpus().length} cores, ${cpu}; wrk -t1 -c32 -d${values.duration}; server: bun src/server.ts (NODE_ENV=production, bun:sqlite)`,
      "",
      "| scenario | req/s | p50 | p99 | non-2xx/3xx or errors | load avg at start | CPU stolen by the host | target |",
      "|---|---:|---:|---:|---:|---:|---:|---|",
      ...results,
    ].join("\n"),
  );
} finally {
  server.kill("SIGTERM");
  await server.exited;
}

/** The machine's CPU counters (/proc/stat): on a shared VM the host can take CPU time from it ("steal"). */
function cpuTicks(): { total: number; steal: number } | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.reduce((sum, n) => sum + n, 0), steal: fields[7] ?? 0 };
  } catch {
    return null;
  }
}

function stolenShare(before: ReturnType<typeof cpuTicks>, after: ReturnType<typeof cpuTicks>): string {
  if (!before || !after || after.total === before.total) return "?";
  return `${(((after.steal - before.steal) / (after.total - before.total)) * 100).toFixed(1)}%`;
}

/** Orders this run's checkout scenario placed (their idempotency keys carry the run id). */
function countBenchOrders(run: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.query("SELECT count(*) AS n FROM orders WHERE idempotency_key LIKE ?").get(`bench-${run}-%`) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Waits (up to 10 minutes) until the store's job worker has nothing due. */
async function waitForQuietQueue() {
  const db = new Database(dbPath, { readonly: true });
  try {
    const due = db.query("SELECT count(*) AS n FROM jobs WHERE (status = 'queued' AND run_at <= ?) OR status = 'running'");
    const deadline = Date.now() + 10 * 60_000;
    let reported = 0;
    for (let n = (due.get(Date.now()) as { n: number }).n; n > 0 && Date.now() < deadline; n = (due.get(Date.now()) as { n: number }).n) {
      if (Date.now() - reported > 10_000) {
        console.log(`waiting for ${n} background jobs from earlier runs to finish`);
        reported = Date.now();
      }
      await Bun.sleep(500);
    }
  } finally {
    db.close();
  }
}

function wrkSeconds(duration: string): number {
  const match = /^(\d+)(s|m)?$/.exec(duration);
  if (!match) throw new Error(`unsupported --duration ${duration}`);
  return Number(match[1]) * (match[2] === "m" ? 60 : 1);
}

async function logIn(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith("grocer_session="));
  if (!cookie) throw new Error(`logging in as ${email} failed with ${response.status}`);
  return cookie.split(";")[0]!.slice("grocer_session=".length);
}

function parseWrk(output: string) {
  const rps = output.match(/Requests\/sec:\s+([\d.]+)/)?.[1];
  const p50 = output.match(/^\s+50%\s+(\S+)/m)?.[1];
  const p99 = output.match(/^\s+99%\s+(\S+)/m)?.[1];
  const non2xx = Number(output.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0);
  const socket = output.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return { rps: rps ? Math.round(Number(rps)).toLocaleString("en-GB") : "?", p50: p50 ?? "?", p99: p99 ?? "?", errors: non2xx + socketErrors };
}
