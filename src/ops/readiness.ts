import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db/client";
import { migrationJournal } from "../db/journal";

export type Readiness = { ready: true } | { ready: false; reason: string };

/** The migrations this build expects, from the drizzle journal bundled with the code. */
export const expectedMigrations = migrationJournal.entries.map((entry) => ({ tag: entry.tag, when: entry.when }));

/**
 * Ready when the database answers and has every migration this build knows. Drizzle's migrators
 * record each migration's journal time in __drizzle_migrations; wrangler records D1 migrations by
 * file name in d1_migrations.
 */
export async function checkReadiness(handle: DatabaseHandle): Promise<Readiness> {
  try {
    await handle.db.all(sql`select 1`);
  } catch (error) {
    return { ready: false, reason: `database unreachable: ${(error as Error).message}` };
  }
  try {
    const missing = handle.driver === "d1" ? await missingOnD1(handle) : await missingOnDrizzle(handle);
    return missing.length === 0 ? { ready: true } : { ready: false, reason: `migrations not applied: ${missing.join(", ")}` };
  } catch {
    return { ready: false, reason: "migrations not applied: the database has no migration table" };
  }
}

async function missingOnDrizzle(handle: DatabaseHandle): Promise<string[]> {
  const rows = await handle.db.all<{ created_at: number | string }>(sql`select created_at from __drizzle_migrations`);
  const applied = new Set(rows.map((row) => Number(row.created_at)));
  return expectedMigrations.filter((m) => !applied.has(m.when)).map((m) => m.tag);
}

async function missingOnD1(handle: DatabaseHandle): Promise<string[]> {
  const rows = await handle.db.all<{ name: string }>(sql`select name from d1_migrations`);
  const applied = new Set(rows.map((row) => row.name.replace(/\.sql$/, "")));
  return expectedMigrations.filter((m) => !applied.has(m.tag)).map((m) => m.tag);
}
