import { builtQuery, type DatabaseHandle } from "../client";
import { commitGroups } from "./commit-group";
import * as schema from "../schema";
import { ensureDirectory, filePath } from "./files";
import { startCheckpointer } from "./checkpointer";
import { withStatementCache } from "./statement-cache";
import { startWriterThread } from "./writer-thread";

/** Settings of every connection to the file: the request thread's and the writer thread's. */
const PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  "PRAGMA foreign_keys = ON",
  "PRAGMA busy_timeout = 5000",
  // Reads through a memory map and a 64 MB page cache instead of a read() per page (BENCHMARKS.md).
  "PRAGMA mmap_size = 1073741824",
  "PRAGMA cache_size = -65536",
  // Savepoints (one per atomic unit in a commit group) and statement journals in memory, not in a
  // temporary file: it halved the cost of checkout's statements (BENCHMARKS.md).
  "PRAGMA temp_store = MEMORY",
];
/** With the checkpoint thread: 40 MB of log before a commit checkpoints itself, only if that thread falls behind. */
const WITH_CHECKPOINTER = ["PRAGMA wal_autocheckpoint = 10000", "PRAGMA journal_size_limit = 67108864"];

/**
 * `serverThreads` (the server's store): the write-ahead log is checkpointed on a thread of its own
 * (checkpointer.ts) and atomic units run on another (writer-thread.ts), so the request thread only
 * reads and answers. Tests and tools open stores without them.
 */
export async function openBunSqlite(url: string, options: { serverThreads?: boolean } = {}): Promise<DatabaseHandle> {
  const { Database: Sqlite } = await import("bun:sqlite");
  const { drizzle } = await import("drizzle-orm/bun-sqlite");
  const { migrate } = await import("drizzle-orm/bun-sqlite/migrator");
  ensureDirectory(url);
  const path = filePath(url);
  const sqlite = new Sqlite(path, { create: true, strict: true });
  const threads = options.serverThreads === true && path !== ":memory:";
  const pragmas = threads ? [...PRAGMAS, ...WITH_CHECKPOINTER] : PRAGMAS;
  for (const pragma of pragmas) sqlite.exec(pragma);
  const checkpointer = threads ? await startCheckpointer(path) : null;
  const writer = threads ? await startWriterThread(path, pragmas) : null;
  const client = withStatementCache(sqlite);
  const db = drizzle({ client, schema });
  const inThread = commitGroups(sqlite, (sql) => client.prepare(sql));
  return {
    db,
    driver: "bun-sqlite",
    atomic: writer ? (statements) => writer.run(statements.map(builtQuery)) : inThread,
    async migrate(migrationsFolder) {
      migrate(db, { migrationsFolder });
    },
    async close() {
      await writer?.close();
      await checkpointer?.stop();
      sqlite.close();
    },
  };
}
