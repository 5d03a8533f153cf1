/**
 * How long a product CSV export holds the thread at a stretch (ADR 067): runs the first steps of
 * an all-time product export in process on a copy of a store, for this tree and, with --baseline,
 * another checkout of Grocer, interleaved, and prints the distribution of the stretches between two
 * pauses (this tree: every read; a tree without pauses: every step) in wall and CPU time, with the
 * load average. An aisle page that arrives during a stretch waits for its end: the stretch, not the
 * export's total, is what a shopper feels.
 *
 *   bun bench/export-holds.ts --store bench/data/scale-1m.db [--baseline ../grocer-before] [--steps 600] [--rounds 2] [--in-place]
 *
 * --in-place runs on the store itself instead of a copy (it adds exports to it: use a copy of your own).
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { percentile } from "./search-timing";

const { values } = parseArgs({
  options: {
    store: { type: "string", default: "bench/data/bench.db" },
    baseline: { type: "string" },
    steps: { type: "string", default: "600" },
    rounds: { type: "string", default: "2" },
    "chunk-rows": { type: "string", default: "500" },
    "in-place": { type: "boolean", default: false },
  },
});
const root = resolve(import.meta.dir, "..");
const trees: [string, string][] = [[root, "this tree"], ...(values.baseline ? [[resolve(values.baseline), "baseline"] as [string, string]] : [])];
const work = mkdtempSync(join(resolve(root, "bench/data"), "export-holds-"));
const load = () => loadavg()[0]!.toFixed(1);

type Exports = { exportStep: (...args: unknown[]) => Promise<boolean>; firstCursor: (kind: string) => unknown };
type Row = { id: number; state: string; cursor: string };

async function measure(tree: string, store: string) {
  const { openDatabase } = await import(join(tree, "src/db/client.ts"));
  const steps: Exports = await import(join(tree, "src/reports/export-steps.ts"));
  const { findExport } = await import(join(tree, "src/reports/exports.ts"));
  const handle = await openDatabase({ url: `file:${store}`, driver: "bun-sqlite", backgroundCheckpoints: true, sqliteMemory: { mmapMb: 128, cacheMb: 32 } });
  const [created] = await handle.db.all(
    (await import("drizzle-orm")).sql`insert into report_exports (kind, query, cursor, created_at) values ('products', '{}', ${JSON.stringify(steps.firstCursor("products"))}, ${Date.now()}) returning id`,
  );
  let row: Row = await findExport(handle.db, Number((created as { id: number }).id));
  const wall: number[] = [];
  const cpu: number[] = [];
  let since = performance.now();
  let cpuSince = process.cpuUsage();
  const stretchEnds = () => {
    const used = process.cpuUsage(cpuSince);
    wall.push(performance.now() - since);
    cpu.push((used.user + used.system) / 1000);
  };
  const pause = async () => {
    stretchEnds();
    await new Promise<void>((done) => setImmediate(done));
    since = performance.now();
    cpuSince = process.cpuUsage();
  };
  const at = load();
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (let i = 0; i < Number(values.steps) && row.state === "preparing"; i++) {
    await steps.exportStep(handle, row, new Date(), Number(values["chunk-rows"]), pause);
    row = await findExport(handle.db, row.id);
    await pause();
  }
  const total = process.cpuUsage(cpuStarted);
  const totals = { wallS: (performance.now() - started) / 1000, cpuS: (total.user + total.system) / 1e6, done: row.state === "done" };
  await handle.close();
  const sorted = (list: number[]) => [...list].sort((a, b) => a - b);
  const w = sorted(wall);
  const c = sorted(cpu);
  return { at, totals, stretches: w.length, wall: [percentile(w, 50), percentile(w, 99), w.at(-1) ?? 0], cpu: [percentile(c, 50), percentile(c, 90), percentile(c, 99), c.at(-1) ?? 0] };
}

try {
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const [tree, label] of trees) {
      const copy = join(work, `store-${round}-${label.replace(/\W/g, "")}.db`);
      const store = values["in-place"] ? resolve(values.store!) : copy;
      if (!values["in-place"]) copyFileSync(resolve(values.store!), copy);
      const r = await measure(tree, store);
      for (const suffix of ["", "-wal", "-shm"]) rmSync(copy + suffix, { force: true });
      const f = (n: number) => n.toFixed(2);
      console.log(
        `round ${round}, ${label}: ${r.stretches} stretches; wall p50 ${f(r.wall[0]!)} / p99 ${f(r.wall[1]!)} / max ${f(r.wall[2]!)} ms; CPU p50 ${f(r.cpu[0]!)} / p90 ${f(r.cpu[1]!)} / p99 ${f(r.cpu[2]!)} / max ${f(r.cpu[3]!)} ms; ${r.totals.done ? "the whole export" : "these steps"}: ${r.totals.wallS.toFixed(1)} s wall, ${r.totals.cpuS.toFixed(1)} s CPU (load ${r.at} -> ${load()})`,
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
