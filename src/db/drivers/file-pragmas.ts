/**
 * The memory map and the page cache, in MB (ADR 062). Both count in the process's RSS: the map as
 * file pages, up to the size of the store file (a 1 GB map made RSS grow with the file, 165 MB of a
 * 167 MB store after a checkout rush), the cache as anonymous memory, mostly pages written in a rush.
 */
export type SqliteMemory = { mmapMb: number; cacheMb: number };
export const SQLITE_MEMORY_DEFAULTS: SqliteMemory = { mmapMb: 128, cacheMb: 32 };

/**
 * How Grocer tunes a plain SQLite file, whichever driver opens it (bun:sqlite, or @libsql/client
 * with DATABASE_DRIVER=libsql): the same durability and the same caches, so the two drivers are
 * compared on the same footing (BENCHMARKS.md) and behave alike. Per connection.
 */
export const filePragmas = (memory: SqliteMemory = SQLITE_MEMORY_DEFAULTS): string[] => [
  // First: every later pragma may meet another connection's lock (the reader thread opens while the
  // first start migrates), and without a timeout that is "database is locked" at once.
  "PRAGMA busy_timeout = 5000",
  "PRAGMA journal_mode = WAL",
  // With the write-ahead log, NORMAL syncs at checkpoints, not at every commit: a crash can lose the
  // last commits, never corrupt the file. libSQL's default (FULL) cost checkout an fsync per order.
  "PRAGMA synchronous = NORMAL",
  "PRAGMA foreign_keys = ON",
  // Deleted rows are overwritten with zeros, so a closed account's name and email do not linger in free pages.
  "PRAGMA secure_delete = ON",
  // Reads through a memory map and a page cache instead of a read() per page (BENCHMARKS.md), both
  // bounded so the process's memory does not grow with the store file (ADR 062).
  `PRAGMA mmap_size = ${Math.round(memory.mmapMb * 1024 * 1024)}`,
  `PRAGMA cache_size = -${Math.round(memory.cacheMb * 1024)}`,
  // Savepoints and statement journals in memory, not in a temporary file: it halved the cost of
  // checkout's statements (BENCHMARKS.md).
  "PRAGMA temp_store = MEMORY",
];
