import type { D1Database } from "@cloudflare/workers-types";
import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema";

/** One Drizzle SQLite schema for every driver; queries are written once against this type. */
export type Database = BaseSQLiteDatabase<"sync" | "async", unknown, typeof schema>;

/**
 * bun-sqlite: embedded file on Bun (the fast default). libsql: @libsql/client on Bun (Turso,
 * embedded replicas, or a forced plain file). libsql-web: Turso over HTTP from Workers. d1: Workers D1.
 */
export type DriverName = "bun-sqlite" | "libsql" | "libsql-web" | "d1";

/**
 * For a database whose every write goes through this process (the embedded bun:sqlite file): a
 * count of the statements run on it that may have written. Absent for the other drivers.
 */
export const localWrites = new WeakMap<Database, () => number>();

/**
 * For a database with a reader thread (the embedded bun:sqlite file, ADR 075): that thread's
 * connection, for a long read a request needs (the catalog's words for "did you mean") while the
 * request thread goes on serving. Absent for the other drivers, which read where they write.
 */
export const longReads = new WeakMap<Database, Database>();

/** What a long read still waiting fails with when the store closes (a stop during a background read). */
export class StoreClosed extends Error {
  constructor() {
    super("the store was closed");
  }
}

/** A Drizzle query builder (insert, update, delete...) not yet run. */
export type Statement = BatchItem<"sqlite"> & { toSQL(): { sql: string; params: unknown[] } };

/** SQL and its parameters, ready to run (from a StatementTemplate, src/db/templates.ts). */
export type BoundStatement = { sql: string; params: unknown[] };

/**
 * What an atomic unit tells back: the rowid of the row its FIRST statement inserted, when that
 * statement is an INSERT of one row (checkout's order), so no read after the write has to find it.
 * Rows inserted by triggers do not change it (SQLite's last_insert_rowid rule).
 */
export type AtomicResult = { firstInsertId: number | null };

/** What an atomic unit is made of. */
export type UnitStatement = Statement | BoundStatement;

/** The SQL and parameters of either kind of statement. */
export const builtQuery = (statement: UnitStatement): BoundStatement => ("toSQL" in statement ? statement.toSQL() : statement);

export interface DatabaseHandle {
  db: Database;
  /**
   * Where reports read: on a bun:sqlite file, a second connection on a worker thread, so a long
   * report never holds up the request thread (ADR 075); elsewhere `db` itself. It only reads.
   */
  reports: Database;
  driver: DriverName;
  /**
   * Runs the statements as one atomic unit: all of them or none. On bun:sqlite it is a
   * transaction, on libSQL/Turso and D1 a batch, so no interactive transaction is ever needed.
   */
  atomic(statements: [UnitStatement, ...UnitStatement[]]): Promise<AtomicResult>;
  /**
   * Applies pending drizzle migrations from the folder. Not available on Workers: there D1 is
   * migrated with `wrangler d1 migrations apply` and Turso with `drizzle-kit migrate`.
   */
  migrate(migrationsFolder: string): Promise<void>;
  close(): void | Promise<void>;
}

export interface DatabaseOptions {
  /** file: (embedded), libsql:// or https:// (Turso). Absent on Workers when D1 is used. */
  url?: string;
  authToken?: string;
  /** Turso primary an embedded replica (a file: url) syncs from; reads stay local. */
  syncUrl?: string;
  syncIntervalSeconds?: number;
  /** "auto" picks bun:sqlite for plain file: URLs and @libsql/client otherwise. */
  driver?: "auto" | "bun-sqlite" | "libsql";
  /** Workers only: the D1 binding, used when no DATABASE_URL is configured. */
  d1?: D1Database;
  runtime?: "bun" | "workers";
  /** bun:sqlite files only: checkpoint the write-ahead log on a worker thread (the server does). */
  backgroundCheckpoints?: boolean;
  /** Plain files (bun:sqlite, or libSQL on a file): the memory map and page cache sizes, in MB (SQLITE_MMAP_MB, SQLITE_CACHE_MB; ADR 062). */
  sqliteMemory?: { mmapMb: number; cacheMb: number };
}

export function pickDriver(options: DatabaseOptions): DriverName {
  if (options.runtime === "workers") {
    if (options.url) return "libsql-web";
    if (options.d1) return "d1";
    throw new Error("No database: bind a D1 database as DB in wrangler.toml, or set the DATABASE_URL secret to a Turso URL.");
  }
  if (!options.url) throw new Error("DATABASE_URL is required.");
  if (options.driver && options.driver !== "auto") return options.driver;
  return options.url.startsWith("file:") && !options.syncUrl ? "bun-sqlite" : "libsql";
}

/** The one place where the database driver is chosen from configuration. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const driver = pickDriver(options);
  switch (driver) {
    case "bun-sqlite":
      return (await import("./drivers/bun-sqlite")).openBunSqlite(options.url!, { backgroundCheckpoints: options.backgroundCheckpoints, memory: options.sqliteMemory });
    case "libsql":
      return (await import("./drivers/libsql")).openLibsql(options);
    case "libsql-web":
      return (await import("./drivers/libsql-web")).openLibsqlWeb(options.url!, options.authToken);
    case "d1":
      return (await import("./drivers/d1")).openD1(options.d1!);
  }
}
