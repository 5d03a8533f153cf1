import { localWrites, longReads, type DatabaseHandle } from "../client";
import { commitGroups } from "./commit-group";
import * as schema from "../schema";
import { ensureDirectory, filePath } from "./files";
import { startCheckpointer } from "./checkpointer";
import { readerThread } from "./reader-thread";
import { filePragmas, SQLITE_MEMORY_DEFAULTS, type SqliteMemory } from "./file-pragmas";

export { SQLITE_MEMORY_DEFAULTS };
import { withStatementCache } from "./statement-cache";

export async function openBunSqlite(url: string, options: { backgroundCheckpoints?: boolean; memory?: SqliteMemory } = {}): Promise<DatabaseHandle> {
  const memory = options.memory ?? SQLITE_MEMORY_DEFAULTS;
  const { Database: Sqlite } = await import("bun:sqlite");
  const { drizzle } = await import("drizzle-orm/bun-sqlite");
  const { migrate } = await import("drizzle-orm/bun-sqlite/migrator");
  ensureDirectory(url);
  const path = filePath(url);
  const sqlite = new Sqlite(path, { create: true, strict: true });
  for (const pragma of filePragmas(memory)) sqlite.exec(pragma);
  const checkpointer = options.backgroundCheckpoints && path !== ":memory:" ? await startCheckpointer(path) : null;
  if (checkpointer) {
    // 40 MB of log before a commit checkpoints itself: only if the worker thread falls behind.
    sqlite.exec("PRAGMA wal_autocheckpoint = 10000");
    sqlite.exec("PRAGMA journal_size_limit = 67108864");
  }
  const { client, writes } = withStatementCache(sqlite);
  const db = drizzle({ client, schema });
  localWrites.set(db, writes);
  // The reader reads through its page cache, not a second memory map: a map's pages count in the
  // process's RSS once per map (two maps of a 1M store: 527 against 358 MB at peak, BENCHMARKS.md).
  const reader = path === ":memory:" ? null : readerThread(path, filePragmas({ ...memory, mmapMb: 0 }));
  if (reader) longReads.set(db, reader.db);
  return {
    db,
    reports: reader?.db ?? db,
    driver: "bun-sqlite",
    atomic: commitGroups(sqlite, (sql) => client.prepare(sql)),
    async migrate(migrationsFolder) {
      migrate(db, { migrationsFolder });
    },
    async close() {
      await Promise.all([checkpointer?.stop(), reader?.stop()]);
      sqlite.close();
    },
  };
}
