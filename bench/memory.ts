/**
 * Memory through a checkout rush and the email drain that follows (issue 14 item 5, ADR 062).
 *
 *   bun bench/memory.ts [--db bench/data/bench10k.db] [--duration 60s] [--carts 180000] [--drain-timeout 900]
 *                       [--via page|api] [--mail smtp|outbox]
 *
 * Works on a copy of the store (so every run starts from the same state), gives it --carts shoppers
 * with a cart ready (bench/fixtures.ts), starts a real SMTP server on 127.0.0.1 (npm smtp-server)
 * and `bun src/server.ts` with SMTP_URL pointing at it, runs the checkout wrk scenario for
 * --duration, then waits until the job queue has nothing due and every confirmation has reached the
 * SMTP server. Meanwhile it reads the server's /proc/<pid>/status every 250 ms and prints, every
 * 5 s and at the end, RSS split into anonymous memory (the JS heap, malloc, SQLite's page cache)
 * and file-backed pages (the bun executable and the store file, mapped by SQLite's mmap_size),
 * with VmHWM (peak RSS as the kernel counts it) and the load average.
 * --via api places the orders through POST /api/v1/checkout with Bearer tokens (api-checkout.lua);
 * --mail outbox leaves SMTP_URL unset, so the server keeps every email in the store's outbox (as
 * bench/compare.ts runs it) and the drain ends when the queue is empty.
 */
import { Database } from "bun:sqlite";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SMTPServer } from "smtp-server";
import { freePort } from "../tests/support/server";
import { BENCH_ADMIN_PASSWORD, BENCH_SECRETS } from "./bench-accounts";
import { cartTokens, readyCarts } from "./fixtures";
import { waitForHealth } from "./health";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "bench/data/bench10k.db" },
    duration: { type: "string", default: "60s" },
    carts: { type: "string", default: "180000" },
    "drain-timeout": { type: "string", default: "900" },
    env: { type: "string", multiple: true, default: [] },
    via: { type: "string", default: "page" },
    mail: { type: "string", default: "smtp" },
  },
});
const root = resolve(import.meta.dir, "..");
const source = resolve(values.db!);
if (!existsSync(source)) throw new Error(`no store at ${source}: bun bench/generate.ts --out ${values.db} --products 10000 --order-items 50000`);
const work = mkdtempSync(join(tmpdir(), "grocer-memory-"));
const dbPath = join(work, "store.db");
const settle = new Database(source);
settle.exec("PRAGMA wal_checkpoint(TRUNCATE)");
settle.close();
copyFileSync(source, dbPath);
if (values.via !== "page" && values.via !== "api") throw new Error("--via page or --via api");
if (values.mail !== "smtp" && values.mail !== "outbox") throw new Error("--mail smtp or --mail outbox");
const viaApi = values.via === "api";
const toSmtp = values.mail === "smtp";
const sessionsFile = join(work, "checkout-sessions.txt");
writeFileSync(sessionsFile, readyCarts(dbPath, Number(values.carts)).join("\n") + "\n");
const tokensFile = join(work, "checkout-tokens.txt");
if (viaApi) writeFileSync(tokensFile, (await cartTokens(dbPath, Number(values.carts), BENCH_SECRETS.JWT_SECRET)).join("\n") + "\n");
const runId = Date.now().toString(36);

// The SMTP server counts what arrives (and its size); parsing 50,000 messages would compete with the store for CPU.
let mails = 0;
let mailBytes = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, _session, callback) {
    stream.on("data", (chunk: Buffer) => (mailBytes += chunk.length));
    stream.on("end", () => {
      mails++;
      callback();
    });
  },
});
const smtpPort = await freePort();
await new Promise<void>((done) => smtp.listen(smtpPort, "127.0.0.1", done));

const extraEnv = Object.fromEntries((values.env as string[]).map((pair) => pair.split("=", 2) as [string, string]));
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = Bun.spawn([process.execPath, "src/server.ts"], {
  cwd: root,
  env: {
    ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), DATABASE_URL: `file:${dbPath}`, ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    SEED_DEMO_DATA: "false", LOG_LEVEL: "warn", ...(toSmtp ? { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } : {}), ...BENCH_SECRETS, ...extraEnv,
  },
  stdout: "ignore",
  stderr: "inherit",
});

type Sample = { at: number; phase: string; rss: number; anon: number; file: number; shmem: number; hwm: number; queued: number; mails: number; load: number };
const samples: Sample[] = [];
const started = performance.now();
let phase = "start";
const statusOf = (pid: number) => {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0) / 1024;
  return { rss: kb("VmRSS"), anon: kb("RssAnon"), file: kb("RssFile"), shmem: kb("RssShmem"), hwm: kb("VmHWM") };
};
const reader = new Database(dbPath, { readonly: true });
const due = reader.query("SELECT count(*) AS n FROM jobs WHERE (status = 'queued' AND run_at <= ?) OR status = 'running'");
const dueJobs = () => {
  try {
    return (due.get(Date.now()) as { n: number }).n;
  } catch {
    return -1; // the store is busy: next time
  }
};
const sample = () => {
  try {
    samples.push({ at: (performance.now() - started) / 1000, phase, ...statusOf(server.pid), queued: dueJobs(), mails, load: loadavg()[0]! });
  } catch {
    // the server has exited
  }
};
const sampler = setInterval(sample, 250);
let printed = 0;
const printer = setInterval(() => {
  const last = samples.at(-1);
  if (!last || last.at - printed < 5) return;
  printed = last.at;
  console.log(line(last));
}, 1000);

const mb = (n: number) => `${Math.round(n)} MB`.padStart(7);
function line(s: Sample) {
  return `${s.at.toFixed(0).padStart(4)} s  ${s.phase.padEnd(6)} rss ${mb(s.rss)}  anon ${mb(s.anon)}  file ${mb(s.file)}  shmem ${mb(s.shmem)}  hwm ${mb(s.hwm)}  jobs due ${String(s.queued).padStart(6)}  mails ${String(s.mails).padStart(6)}  load ${s.load.toFixed(2)}`;
}

try {
  await waitForHealth(origin);
  phase = "idle";
  await Bun.sleep(2000);
  sample();
  phase = "rush";
  const [script, path] = viaApi ? ["api-checkout.lua", "/api/v1/checkout"] : ["checkout.lua", "/checkout"];
  const args = ["wrk", "-t1", "-c32", `-d${values.duration}`, "--latency", "-s", join(import.meta.dir, "scenarios", script), origin + path];
  const rush = Bun.spawn(args, {
    env: { ...process.env, GROCER_SESSIONS_FILE: sessionsFile, GROCER_TOKENS_FILE: tokensFile, GROCER_ORIGIN: origin, GROCER_RUN_ID: runId },
    stdout: "pipe",
    stderr: "pipe",
  });
  const wrkOutput = (await new Response(rush.stdout).text()) + (await new Response(rush.stderr).text());
  sample();
  const orders = (reader.query("SELECT count(*) AS n FROM orders WHERE idempotency_key LIKE ?").get(`bench-${runId}-%`) as { n: number }).n;
  console.log(`rush over: ${orders} orders placed; ${wrkOutput.match(/Requests\/sec:.*/)?.[0] ?? ""}; ${wrkOutput.match(/checkout answers:.*/)?.[0] ?? ""}`);
  phase = "drain";
  const deadline = performance.now() + Number(values["drain-timeout"]) * 1000;
  while (performance.now() < deadline && (dueJobs() !== 0 || (toSmtp && mails < orders))) await Bun.sleep(500);
  sample();
  phase = "after";
  await Bun.sleep(3000);
  sample();
  clearInterval(printer);
  clearInterval(sampler);
  const drainSeconds = samples.filter((s) => s.phase === "drain").map((s) => s.at);
  if (!toSmtp) console.log(`(mail kept in the store's outbox: ${(reader.query("SELECT count(*) AS n FROM outbox_messages").get() as { n: number }).n} messages)`);
  console.log(`drain over: ${mails} mails (${(mailBytes / 1024 / 1024).toFixed(1)} MB) received by the SMTP server in ${(Math.max(...drainSeconds) - Math.min(...drainSeconds)).toFixed(0)} s; jobs still due: ${dueJobs()}`);
  console.log("\nphase  | peak RSS | peak anon | peak file | peak shmem | load (range)");
  console.log("---|---:|---:|---:|---:|---");
  for (const name of ["idle", "rush", "drain", "after"]) {
    const inPhase = samples.filter((s) => s.phase === name);
    if (!inPhase.length) continue;
    const peak = (key: keyof Sample) => Math.max(...inPhase.map((s) => s[key] as number));
    const loads = inPhase.map((s) => s.load);
    console.log(`${name} | ${mb(peak("rss"))} | ${mb(peak("anon"))} | ${mb(peak("file"))} | ${mb(peak("shmem"))} | ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`);
  }
  console.log(`VmHWM (kernel's peak RSS): ${mb(samples.at(-1)?.hwm ?? 0)}; store file ${mb(fileSize(dbPath))}, log ${mb(fileSize(dbPath + "-wal"))}`);
} finally {
  clearInterval(printer);
  clearInterval(sampler);
  reader.close();
  server.kill("SIGTERM");
  await server.exited;
  smtp.close();
  rmSync(work, { recursive: true, force: true });
}

function fileSize(path: string) {
  return existsSync(path) ? Bun.file(path).size / 1024 / 1024 : 0;
}
