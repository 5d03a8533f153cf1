// Writes wrangler.toml's [triggers] crons from the one schedule list (src/store-jobs.ts).
// `npm run wrangler:crons`; `--check` exits 1 when wrangler.toml is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { schedules } from "../src/store-jobs";

export const WRANGLER_TOML = join(import.meta.dir, "..", "wrangler.toml");
const CRONS_LINE = /^crons = \[.*\]$/m;

/** The distinct crons of the list, in list order, each checked to be 5 fields. */
export function cronsOf(list: { name: string; cron: string }[]): string[] {
  for (const job of list) {
    if (job.cron.trim().split(/\s+/).length !== 5) throw new Error(`${job.name}: cron "${job.cron}" must have 5 fields (UTC)`);
  }
  return [...new Set(list.map((job) => job.cron.trim()))];
}

export function withCrons(toml: string, crons: string[]): string {
  if (!/^\[triggers\]$/m.test(toml) || !CRONS_LINE.test(toml)) throw new Error("wrangler.toml needs a [triggers] section with a crons = [...] line");
  return toml.replace(CRONS_LINE, `crons = [${crons.map((cron) => JSON.stringify(cron)).join(", ")}]`);
}

if (import.meta.main) {
  const current = readFileSync(WRANGLER_TOML, "utf8");
  const updated = withCrons(current, cronsOf(schedules));
  if (process.argv.includes("--check")) {
    if (updated !== current) {
      console.error("wrangler.toml [triggers] crons differ from src/store-jobs.ts: run `npm run wrangler:crons`.");
      process.exit(1);
    }
  } else if (updated !== current) {
    writeFileSync(WRANGLER_TOML, updated);
    console.log("wrangler.toml crons updated.");
  } else {
    console.log("wrangler.toml crons already match the schedule list.");
  }
}
