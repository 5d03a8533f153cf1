/**
 * Times one page in process (no HTTP, no wrk): where a request's CPU goes.
 *   bun bench/profile-page.ts [--db bench/data/bench.db] [--path /categories/fruit | --paths-file F] [--signed-in] [--runs 3000]
 * --paths-file cycles through the paths in F (one a line), e.g. many product pages.
 */
import { parseArgs } from "node:util";
import { bunPasswordHasher } from "../src/accounts/passwords";
import { startSession } from "../src/accounts/sessions";
import { createApp } from "../src/app";
import { systemClock } from "../src/clock";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { users } from "../src/db/schema";
import { storageFromConfig } from "../src/media/from-config";
import { eq } from "drizzle-orm";
import { BENCH_SECRETS, BENCH_SHOPPER } from "./bench-accounts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "bench/data/bench.db" },
    path: { type: "string", default: "/categories/fruit" },
    "signed-in": { type: "boolean", default: false },
    runs: { type: "string", default: "3000" },
    "paths-file": { type: "string" },
  },
});
const config = loadConfig({ ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${values.db}`, SEED_DEMO_DATA: "false", LOG_LEVEL: "warn", ...BENCH_SECRETS });
const database = await openDatabase({ url: config.DATABASE_URL, driver: config.DATABASE_DRIVER });
const app = createApp({ config, database, clock: systemClock, passwords: bunPasswordHasher, storage: storageFromConfig(config) });
const headers: Record<string, string> = {};
if (values["signed-in"]) {
  const [shopper] = await database.db.select().from(users).where(eq(users.email, `shopper1@${BENCH_SHOPPER.emailDomain}`));
  headers.cookie = `grocer_session=${await startSession(database.db, shopper!.id, new Date())}`;
}
const paths = values["paths-file"] ? (await Bun.file(values["paths-file"]).text()).trim().split("\n") : [values.path!];
const urlOf = (i: number) => `http://127.0.0.1${paths[i % paths.length]}`;
const runs = Number(values.runs);
for (let i = 0; i < 200; i++) await (await app.request(urlOf(i), { headers })).text();
const times: number[] = [];
const cpuStart = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const response = await app.request(urlOf(i + 200), { headers });
  await response.text();
  times.push(performance.now() - t);
}
const wall = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))]!.toFixed(3);
console.log(`${values["paths-file"] ? `${paths.length} paths` : values.path} ${values["signed-in"] ? "signed in" : "anonymous"}: ${runs} runs, ${(runs / (wall / 1000)).toFixed(0)}/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, CPU ${((cpu.user + cpu.system) / 1000 / runs).toFixed(3)} ms/request`);
const last = await app.request(urlOf(0), { headers });
console.log(`one answer: ${last.status}, ${(await last.text()).length} characters`);
