/**
 * "Place order" on @libsql/client against bun:sqlite on the same store file, side by side in one run
 * (issue 14 item 6, ADR 060): bench/profile-checkout.ts in process (no HTTP), once per driver per
 * round, drivers alternating, so a busy shared machine slows both alike. Prints, per tree, the
 * ratio libSQL ÷ bun:sqlite by CPU per order and by orders/s, median and range over the rounds.
 *   NODE_ENV=production bun bench/libsql-checkout.ts [--db bench/data/bench.db] [--rounds 3] [--orders 1000] [--baseline <dir>]
 * --baseline <dir> (a checkout of another commit with a node_modules link) is measured in the same rounds.
 */
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { median } from "./ratios";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "bench/data/bench.db" },
    rounds: { type: "string", default: "3" },
    orders: { type: "string", default: "1000" },
    baseline: { type: "string" },
  },
});
const trees = [{ name: "this tree", dir: resolve(import.meta.dir, "..") }, ...(values.baseline ? [{ name: "baseline", dir: resolve(values.baseline) }] : [])];
const drivers = ["bun-sqlite", "libsql"] as const;
type Figure = { cpuMs: number; ordersPerSecond: number };
const figures = new Map<string, Figure[]>();
const loadAt = (when: string) => `${when} ${loadavg().map((n) => n.toFixed(1)).join(" ")}`;
const loads = [loadAt("start")];

for (let round = 1; round <= Number(values.rounds); round++) {
  for (const tree of trees) {
    for (const driver of round % 2 ? drivers : [...drivers].reverse()) {
      const run = Bun.spawnSync([process.execPath, join(tree.dir, "bench/profile-checkout.ts"), "--db", resolve(values.db!), "--orders", values.orders!, "--orders-only"], {
        cwd: tree.dir,
        env: { ...process.env, NODE_ENV: "production", DATABASE_DRIVER: driver },
        stdout: "pipe",
        stderr: "pipe",
      });
      const output = run.stdout.toString() + run.stderr.toString();
      const rate = /(\d+) orders\/s/.exec(output);
      const cpu = /CPU ([\d.]+) ms\/order/.exec(output);
      if (!rate || !cpu) throw new Error(`${tree.name} · ${driver}: no figures\n${output}`);
      const figure = { cpuMs: Number(cpu[1]), ordersPerSecond: Number(rate[1]) };
      const key = `${tree.name}|${driver}`;
      figures.set(key, [...(figures.get(key) ?? []), figure]);
      console.log(`round ${round} · ${tree.name} · ${driver}: ${figure.ordersPerSecond} orders/s, CPU ${figure.cpuMs} ms/order (load ${loadavg()[0]!.toFixed(1)})`);
    }
  }
}
loads.push(loadAt("end"));

const range = (ratios: number[]) => `**${median(ratios).toFixed(2)}** (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`;
const lines = [
  `${values.orders} orders per run, 32 at a time, ${values.rounds} rounds; load average ${loads.join(", ")}.`,
  "",
  "| tree | libSQL ÷ bun:sqlite by CPU per order | by orders/s | bun:sqlite CPU ms/order | libSQL CPU ms/order |",
  "|---|---|---|---:|---:|",
];
for (const tree of trees) {
  const bun = figures.get(`${tree.name}|bun-sqlite`)!;
  const libsql = figures.get(`${tree.name}|libsql`)!;
  const byCpu = bun.map((b, i) => b.cpuMs / libsql[i]!.cpuMs);
  const byRate = bun.map((b, i) => libsql[i]!.ordersPerSecond / b.ordersPerSecond);
  lines.push(`| ${tree.name} | ${range(byCpu)} | ${range(byRate)} | ${median(bun.map((f) => f.cpuMs)).toFixed(2)} | ${median(libsql.map((f) => f.cpuMs)).toFixed(2)} |`);
}
console.log("\n" + lines.join("\n"));
