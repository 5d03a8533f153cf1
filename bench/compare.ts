/**
 * Grocer against the bare reference (bench/reference.ts), interleaved in one run on copies of the
 * same store, so a busy shared machine slows both alike: the ratios are what count, not req/s.
 *
 *   npm run bench -- [--store bench/data/bench.db] [--rounds 3] [--duration 5s] [--baseline <dir>] [--out <file.md>]
 *
 * Each round runs every scenario against every server in turn (`wrk -t1 -c32 --latency`, 127.0.0.1),
 * the first server of a round the next one each round.
 * --baseline <dir> adds another Grocer checkout (e.g. `git archive main | tar -x -C <dir>` with a
 * node_modules link) measured in the same rounds, for before/after figures. Checkout runs last in
 * a round (it empties the page caches) and counts the orders each store recorded; the next round
 * waits until Grocer's job queue has sent the confirmation emails.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Database } from "bun:sqlite";
import { freePort } from "../tests/support/server";
import { BENCH_ADMIN_PASSWORD, BENCH_SECRETS } from "./bench-accounts";
import { cartTokens, readyCarts, shopperSessions } from "./fixtures";
import { COMPARED, type Compared } from "./compared";
import { median, ratioLine } from "./ratios";

const { values } = parseArgs({
  options: {
    store: { type: "string", default: "bench/data/bench.db" },
    rounds: { type: "string", default: "3" },
    duration: { type: "string", default: "5s" },
    baseline: { type: "string" },
    only: { type: "string" },
    carts: { type: "string", default: "60000" },
    out: { type: "string" },
  },
});
const root = resolve(import.meta.dir, "..");
const source = resolve(values.store!);
if (!existsSync(source)) throw new Error(`no store at ${source}: make one with bun bench/generate.ts --out ${values.store}`);
const rounds = Number(values.rounds);
const seconds = Number(/^(\d+)s$/.exec(values.duration!)?.[1] ?? NaN);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isFinite(seconds)) throw new Error("--rounds N and --duration Ns");
const work = mkdtempSync(join(tmpdir(), "grocer-compare-"));
const runId = Date.now().toString(36);

type Target = { name: string; kind: "grocer" | "reference"; origin: string; store: string; sessions: string; tokens: string; session: string; used: number; peakMb: number; process: Bun.Subprocess };

async function start(name: string, kind: Target["kind"], dir: string): Promise<Target> {
  const store = join(work, `${name}.db`);
  copyFileSync(source, store);
  const sessions = join(work, `${name}-carts.txt`);
  writeFileSync(sessions, readyCarts(store, Number(values.carts)).join("\n") + "\n");
  const tokens = join(work, `${name}-tokens.txt`);
  writeFileSync(tokens, (await cartTokens(store, Number(values.carts), BENCH_SECRETS.JWT_SECRET)).join("\n") + "\n");
  const session = shopperSessions(store)[0]!;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const command = kind === "reference" ? [process.execPath, join(root, "bench/reference.ts"), "--db", store, "--port", String(port)] : [process.execPath, "src/server.ts"];
  const env = { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), DATABASE_URL: `file:${store}`, ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, SEED_DEMO_DATA: "false", LOG_LEVEL: "warn", ...BENCH_SECRETS };
  const child = Bun.spawn(command, { cwd: dir, env, stdout: "ignore", stderr: "inherit" });
  const target = { name, kind, origin, store, sessions, tokens, session, used: 0, peakMb: 0, process: child };
  targets.push(target);
  // A first start migrates the copy (rollups of a large history take a while on a busy machine).
  await waitForHealth(origin, child);
  return target;
}

const sample = new Database(source, { readonly: true });
const products = sample
  .query("SELECT p.id, p.slug FROM products p JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND c.status = 'active' AND p.stock > 0 ORDER BY (p.id * 7919) % 100003 LIMIT 2000")
  .all() as { id: number; slug: string }[];
const aisles = (sample.query("SELECT slug FROM categories WHERE status = 'active' ORDER BY id").all() as { slug: string }[]).map((row) => row.slug);
sample.close();
const idsFile = join(work, "ids.txt");
const slugsFile = join(work, "slugs.txt");
writeFileSync(idsFile, products.map((row) => row.id).join("\n") + "\n");
writeFileSync(slugsFile, products.map((row) => row.slug).join("\n") + "\n");

const targets: Target[] = [];
try {
  await start("grocer", "grocer", root);
  if (values.baseline) await start("baseline", "grocer", resolve(values.baseline));
  await start("reference", "reference", root);
  // --only "API,aisle": the scenarios whose name contains any of the comma-separated words.
  const only = values.only?.split(",").map((word) => word.trim()).filter(Boolean) ?? [];
  const chosen = COMPARED.filter((scenario) => only.length === 0 || only.some((word) => scenario.name.includes(word)));
  // Warm up: jobs left by the store's start (tallies), compiled statements, JIT, the OS page cache.
  for (const target of targets) {
    if (target.kind === "grocer") await waitForQuietQueue(target.store);
    for (const scenario of chosen.filter((s) => !s.checkout && s.targets.includes(target.kind))) warmUp(scenario, target);
  }
  const loadAtStart = loadavg().map((n) => n.toFixed(2)).join(" ");
  /** rate[scenario][target] = one figure per round; cpu[scenario][target] = the server's CPU µs per answer, per round */
  const rate = new Map<string, Map<string, number[]>>();
  const cpu = new Map<string, Map<string, number[]>>();
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of chosen) {
      // Each round starts with another server: the one measured first after a scenario change
      // (a checkout's aftermath, a colder cache) is not always the same.
      const inTurn = targets.filter((t) => scenario.targets.includes(t.kind));
      for (const target of inTurn.map((_, i) => inTurn[(i + round - 1) % inTurn.length]!)) {
        // Every scenario on a quiet queue: the round after a checkout otherwise meets the emails and tallies it left.
        if (target.kind === "grocer") await waitForQuietQueue(target.store);
        const cpuBefore = cpuMicroseconds(target);
        const { figure, answers } = measure(scenario, target);
        const perAnswer = answers > 0 ? (cpuMicroseconds(target) - cpuBefore) / answers : NaN;
        notePeak(target);
        record(rate, scenario.name, target.name, figure);
        record(cpu, scenario.name, target.name, perAnswer);
        console.log(`round ${round} · ${scenario.name} · ${target.name}: ${Math.round(figure).toLocaleString("en-GB")}${scenario.checkout ? " orders/s" : " req/s"} ; ${Math.round(perAnswer)} µs CPU an answer (load ${loadavg()[0]!.toFixed(2)})`);
      }
    }
  }
  const report = summary(chosen, rate, cpu, loadAtStart) + "\n\n" + peakMemory();
  console.log("\n" + report);
  if (values.out) writeFileSync(resolve(values.out), report + "\n");
} finally {
  for (const target of targets) target.process.kill("SIGTERM");
  await Promise.all(targets.map((target) => target.process.exited));
}

function warmUp(scenario: Compared, target: Target) {
  Bun.spawnSync(wrkArgs(scenario, target, 1), { env: wrkEnv(scenario, target), stdout: "ignore", stderr: "ignore" });
}

function wrkArgs(scenario: Compared, target: Target, duration: number): string[] {
  return ["wrk", "-t1", "-c32", `-d${duration}s`, "--latency", "-s", join(import.meta.dir, "scenarios", scenario.script), target.origin + scenario.path];
}

function record(table: Map<string, Map<string, number[]>>, scenario: string, target: string, figure: number) {
  const byTarget = table.get(scenario) ?? new Map<string, number[]>();
  byTarget.set(target, [...(byTarget.get(target) ?? []), figure]);
  table.set(scenario, byTarget);
}

/**
 * The CPU time a server's process has used so far (user + system, all its threads), in µs. Per
 * answer, it is what a request costs whatever else the machine runs: on a loaded machine req/s
 * measure the scheduler's share as much as the server, CPU per answer does not.
 */
function cpuMicroseconds(target: Target): number {
  try {
    const fields = readFileSync(`/proc/${target.process.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return NaN;
  }
}

function measure(scenario: Compared, target: Target): { figure: number; answers: number } {
  const ordersBefore = scenario.checkout ? countOrders(target.store) : 0;
  const run = Bun.spawnSync(wrkArgs(scenario, target, seconds), { env: wrkEnv(scenario, target), stdout: "pipe", stderr: "pipe" });
  const output = run.stdout.toString() + run.stderr.toString();
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? 0);
  const errors = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  if (errors > 0 && !scenario.checkout) console.warn(`${scenario.name} · ${target.name}: ${errors} error responses`);
  if (requests === 0) console.warn(`${scenario.name} · ${target.name}: no answers\n${output}`);
  if (!scenario.checkout) return { figure: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? 0), answers: requests };
  // wrk counts the answers it read; up to 32 more were in flight when it stopped, and their orders may
  // still be placed: the next checkout run starts past them, so its keys and carts are all new.
  target.used += requests + 32;
  const placed = countOrders(target.store) - ordersBefore;
  const answers = /checkout answers: (.*)/.exec(output)?.[1] ?? "no answers tallied";
  console.log(`${scenario.name} · ${target.name}: ${placed} orders placed; answers ${answers}`);
  // A checkout that places nothing measures refusals, not orders: stop the run and say what came back.
  if (placed === 0) throw new Error(`checkout on ${target.name} placed no orders in ${seconds} s (answers: ${answers}; wrk: ${output.trim().split("\n").slice(-3).join(" / ")})`);
  return { figure: placed / seconds, answers: placed };
}

function wrkEnv(scenario: Compared, target: Target): Record<string, string | undefined> {
  return {
    ...process.env,
    GROCER_PRODUCT_IDS_FILE: idsFile,
    GROCER_PRODUCT_SLUGS_FILE: slugsFile,
    GROCER_AISLES: aisles.join(","),
    GROCER_ORIGIN: target.origin,
    GROCER_SESSION: scenario.signedIn ? target.session : "",
    GROCER_SESSIONS_FILE: target.sessions,
    GROCER_TOKENS_FILE: target.tokens,
    GROCER_SESSIONS_OFFSET: String(target.used),
    GROCER_RUN_ID: runId,
  };
}

function summary(chosen: Compared[], rate: Map<string, Map<string, number[]>>, cpu: Map<string, Map<string, number[]>>, loadAtStart: string): string {
  const lines = [
    `Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? "unknown CPU"}; load average ${loadAtStart} at start, ${loadavg().map((n) => n.toFixed(2)).join(" ")} at the end.`,
    `wrk -t1 -c32 -d${seconds}s, ${rounds} interleaved rounds (each round starts with the next server); store ${source.split("/").at(-1)}; ${new Date().toISOString().slice(0, 16)} UTC.`,
    "Ratio by rate: Grocer's req/s over the reference's. Ratio by CPU: the reference's CPU time per answer over Grocer's (the server process, all threads), which a busy machine changes less.",
    "",
    "| work | ratio by rate, median (range) | ratio by CPU, median (range) | " + targets.map((t) => `${t.name} req/s, median`).join(" | ") + " | " + targets.map((t) => `${t.name} µs CPU/answer`).join(" | ") + " |",
    "|---|---|---|" + targets.map(() => "---:").join("|") + "|" + targets.map(() => "---:").join("|") + "|",
  ];
  for (const scenario of chosen) {
    const byTarget = rate.get(scenario.name)!;
    const cpuByTarget = cpu.get(scenario.name)!;
    const cells = targets.map((t) => (byTarget.get(t.name) ? Math.round(median(byTarget.get(t.name)!)).toLocaleString("en-GB") : ""));
    const cpuCells = targets.map((t) => (cpuByTarget.get(t.name) ? Math.round(median(cpuByTarget.get(t.name)!)).toLocaleString("en-GB") : ""));
    // The reference's figures: for this scenario, or for `overReference` (API checkout over the reference's checkout).
    const referenceOf = (table: Map<string, Map<string, number[]>>) => table.get(scenario.overReference ?? scenario.name)?.get("reference");
    const comparable = Boolean(scenario.against) || Boolean(referenceOf(rate));
    const over = (table: Map<string, Map<string, number[]>>, name: string) => (scenario.against ? table.get(scenario.against)!.get(name)! : referenceOf(table)!);
    const grocers = targets.filter((t) => comparable && t.kind === "grocer" && byTarget.has(t.name));
    const ratios = grocers.map((t) => `${t.name} ${ratioLine(byTarget.get(t.name)!, over(rate, t.name))}`).join("; ");
    // CPU per answer the other way up: less CPU is faster, so the reference's over Grocer's.
    const cpuRatios = grocers.map((t) => `${t.name} ${ratioLine(over(cpu, t.name), cpuByTarget.get(t.name)!)}`).join("; ");
    const divisor = scenario.against ?? (scenario.overReference && `reference ${scenario.overReference}`);
    lines.push(`| ${scenario.name}${divisor ? ` (÷ ${divisor})` : ""} | ${ratios} | ${cpuRatios} | ${cells.join(" | ")} | ${cpuCells.join(" | ")} |`);
  }
  return lines.join("\n");
}

/** A server's peak resident memory so far (VmHWM in /proc), in MB; read after each of its runs. */
function notePeak(target: Target) {
  try {
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${target.process.pid}/status`, "utf8"))?.[1] ?? NaN);
    if (Number.isFinite(kb)) target.peakMb = Math.max(target.peakMb, Math.round(kb / 1024));
  } catch {
    console.warn(`${target.name}: its process (${target.process.pid}) is gone (exit code ${target.process.exitCode})`);
  }
}

/** Each server's peak resident memory over the whole run, against the 400 MB bound of issue 14. */
function peakMemory(): string {
  const peaks = targets.map((t) => `${t.name} ${t.peakMb} MB${t.kind === "grocer" ? (t.peakMb < 400 ? " (under 400 MB)" : " (OVER 400 MB)") : ""}`);
  return `Peak RSS through the run: ${peaks.join("; ")}.`;
}

function countOrders(store: string): number {
  const db = new Database(store, { readonly: true });
  try {
    return (db.query("SELECT count(*) AS n FROM orders WHERE idempotency_key LIKE ?").get(`bench-${runId}-%`) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Waits (up to 5 minutes) until Grocer's job worker has sent what an earlier checkout round queued. */
async function waitForQuietQueue(store: string) {
  const db = new Database(store, { readonly: true });
  try {
    const due = db.query("SELECT count(*) AS n FROM jobs WHERE (status = 'queued' AND run_at <= ?) OR status = 'running'");
    const deadline = Date.now() + 5 * 60_000;
    while ((due.get(Date.now()) as { n: number }).n > 0 && Date.now() < deadline) await Bun.sleep(500);
  } finally {
    db.close();
  }
}

async function waitForHealth(url: string, child: Bun.Subprocess) {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server for ${url} stopped (exit code ${child.exitCode}) before answering`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await Bun.sleep(200);
  }
  throw new Error(`the server at ${url} did not start`);
}
