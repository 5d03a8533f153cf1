/**
 * A product CSV export (ADR 046) on a copy of a bench store, with the shop under load meanwhile:
 *   bun bench/export.ts --store bench/data/bench.db [--duration 5s] [--timeout 600]
 * Starts the real server (production, 127.0.0.1), measures the anonymous aisle page with wrk
 * (-t1 -c32) while idle, queues an export of every product, measures the aisle page again while the
 * export runs, waits for the export (bounded by --timeout seconds), and prints how long it took, its
 * size, the aisle page's p50/p99 both ways, the server's peak RSS and the load average.
 */
import { Database } from "bun:sqlite";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createServer } from "node:net";
import { BENCH_ADMIN_PASSWORD, BENCH_SECRETS } from "./bench-accounts";

const { values } = parseArgs({
  options: {
    store: { type: "string", default: "bench/data/bench.db" },
    duration: { type: "string", default: "5s" },
    timeout: { type: "string", default: "600" },
    "chunk-rows": { type: "string" },
  },
});
const root = resolve(import.meta.dir, "..");
const work = mkdtempSync(join(tmpdir(), "grocer-export-bench-"));
const store = join(work, "store.db");
copyFileSync(resolve(values.store!), store);
const load = () => loadavg()[0]!.toFixed(1);

const port = await new Promise<number>((done) => {
  const probe = createServer().listen(0, "127.0.0.1", () => {
    const address = probe.address();
    probe.close(() => done(typeof address === "object" && address ? address.port : 0));
  });
});
const origin = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  NODE_ENV: "production",
  HOST: "127.0.0.1",
  PORT: String(port),
  DATABASE_URL: `file:${store}`,
  ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
  SEED_DEMO_DATA: "false",
  LOG_LEVEL: "warn",
  ...(values["chunk-rows"] ? { REPORT_EXPORT_CHUNK_ROWS: values["chunk-rows"] } : {}),
  ...BENCH_SECRETS,
};
const server = Bun.spawn([process.execPath, "src/server.ts"], { cwd: root, env, stdout: "ignore", stderr: "inherit" });
const deadline = Date.now() + Number(values.timeout) * 1000;

try {
  while (!(await fetch(`${origin}/healthz`).then((r) => r.ok, () => false))) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error("the server did not start");
    await Bun.sleep(200);
  }
  const aisle = (new Database(store, { readonly: true }).query("select slug from categories where status = 'active' order by id limit 1").get() as { slug: string }).slug;
  const wrk = () => {
    const run = Bun.spawnSync(["wrk", "-t1", "-c32", `-d${values.duration}`, "--latency", `${origin}/categories/${aisle}`]);
    const text = run.stdout.toString();
    return {
      rps: Math.round(Number(text.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0)),
      p50: text.match(/^\s+50%\s+(\S+)/m)?.[1] ?? "?",
      p99: text.match(/^\s+99%\s+(\S+)/m)?.[1] ?? "?",
    };
  };
  await fetch(`${origin}/categories/${aisle}`);
  const idle = { load: load(), ...wrk() };

  const db = new Database(store);
  db.exec("PRAGMA busy_timeout = 5000");
  const now = Date.now();
  const { id } = db
    .query(`insert into report_exports (kind, query, cursor, created_at) values ('products', '{"from":"","to":"","category":null,"bucket":"day"}', '{"phase":"stage","afterId":0}', ?) returning id`)
    .get(now) as { id: number };
  db.query(`insert into jobs (type, payload, run_at, max_attempts, created_at) values ('report-export', ?, ?, 5, ?)`).run(JSON.stringify({ exportId: id }), now, now);
  const during = { load: load(), ...wrk() };
  const state = db.query("select state, rows_written as rows, finished_at as finished, progress from report_exports where id = ?");
  let row = state.get(id) as { state: string; rows: number; finished: number | null; progress: number };
  while (row.state === "preparing" && Date.now() < deadline) {
    await Bun.sleep(250);
    row = state.get(id) as typeof row;
  }
  const bytes = (db.query("select coalesce(sum(length(body)), 0) as n from report_export_chunks where export_id = ?").get(id) as { n: number }).n;
  const products = (db.query("select count(*) as n from products").get() as { n: number }).n;
  db.close();
  const peak = readFileSync(`/proc/${server.pid}/status`, "utf8").match(/VmHWM:\s+(\d+)/)?.[1];
  console.log(`store: ${values.store} (${products.toLocaleString("en-GB")} products)`);
  console.log(`export: ${row.state}, ${row.rows.toLocaleString("en-GB")} rows, ${(bytes / 1e6).toFixed(1)} MB, ${row.finished ? ((row.finished - now) / 1000).toFixed(1) : `> ${values.timeout}`} s (progress ${row.progress}%)`);
  console.log(`aisle page idle:          ${idle.rps} req/s, p50 ${idle.p50}, p99 ${idle.p99} (load ${idle.load})`);
  console.log(`aisle page during export: ${during.rps} req/s, p50 ${during.p50}, p99 ${during.p99} (load ${during.load})`);
  console.log(`server peak RSS: ${peak ? Math.round(Number(peak) / 1024) : "?"} MB; load average at the end ${load()}`);
} finally {
  server.kill("SIGTERM");
  await server.exited;
  rmSync(work, { recursive: true, force: true });
}
