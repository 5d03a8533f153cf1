import { localWrites, type DatabaseHandle } from "../client";
import { commitGroups } from "./commit-group";
import * as schema from "../schema";
import { ensureDirectory, filePath } from "./files";
import { startCheckpointer } from "./checkpointer";
import { withStatementCache } from "./statement-cache";

/**
 * The memory map and the page cache, in MB (ADR 062). Both count in the process's RSS: the map as
 * file pages, up to the size of the store file (a 1 GB map made RSS grow with the file, 165 MB of a
 * 167 MB store after a checkout rush), the cache as anonymous memory, mostly pages written in a rush.
 */
export const SQLITE_MEMORY_DEFAULTS = { mmapMb: 128, cacheMb: 32 };

export async function openBunSqlite(url: string, options: { backgroundCheckpoints?: boolean; memory?: { mmapMb: number; cacheMb: number } } = {}): Promise<DatabaseHandle> {
  const memory = options.memory ?? SQLITE_MEMORY_DEFAULTS;
  const { Database: Sqlite } = await import("bun:sqlite");
  const { drizzle } = await import("drizzle-orm/bun-sqlite");
  const { migrate } = await import("drizzle-orm/bun-sqlite/migrator");
  ensureDirectory(url);
  const path = filePath(url);
  const sqlite = new Sqlite(path, { create: true, strict: true });
  sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec("PRAGMA synchronous = NORMAL");
  sqlite.exec("PRAGMA foreign_keys = ON");
  // Deleted rows are overwritten with zeros, so a closed account's name and email do not linger in free pages.
  sqlite.exec("PRAGMA secure_delete = ON");
  sqlite.exec("PRAGMA busy_timeout = 5000");
  // Reads through a memory map and a page cache instead of a read() per page (BENCHMARKS.md), both
  // bounded so the process's memory does not grow with the store file (ADR 062).
  sqlite.exec(`PRAGMA mmap_size = ${Math.round(memory.mmapMb * 1024 * 1024)}`);
  sqlite.exec(`PRAGMA cache_size = -${Math.round(memory.cacheMb * 1024)}`);
  // Savepoints (one per atomic unit in a commit group) and statement journals in memory, not in a
  // temporary file: it halved the cost of checkout's statements (BENCHMARKS.md).
  sqlite.exec("PRAGMA temp_store = MEMORY");
  const checkpointer = options.backgroundCheckpoints && path !== ":memory:" ? await startCheckpointer(path) : null;
  if (checkpointer) {
    // 40 MB of log before a commit checkpoints itself: only if the worker thread falls behind.
    sqlite.exec("PRAGMA wal_autocheckpoint = 10000");
    sqlite.exec("PRAGMA journal_size_limit = 67108864");
  }
  const { client, writes } = withStatementCache(sqlite);
  const db = drizzle({ client, schema });
  localWrites.set(db, writes);
  return {
    db,
    driver: "bun-sqlite",
    atomic: commitGroups(sqlite, (sql) => client.prepare(sql)),
    async migrate(migrationsFolder) {
      migrate(db, { migrationsFolder });
    },
    async close() {
      await checkpointer?.stop();
      sqlite.close();
    },
  };
}
