import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as schema from "./schema";

/** One Drizzle SQLite schema for every driver; queries are written once against this type. */
export type Database = BaseSQLiteDatabase<"sync" | "async", unknown, typeof schema>;

export type DriverName = "bun-sqlite" | "libsql";

/** A Drizzle query builder (insert, update, delete...) not yet run. */
export type Statement = BatchItem<"sqlite"> & { toSQL(): { sql: string; params: unknown[] } };

export interface DatabaseHandle {
  db: Database;
  driver: DriverName;
  /**
   * Runs the statements as one atomic unit: all of them or none. On bun:sqlite it is a
   * transaction, on libSQL/Turso (and D1) a batch, so no interactive transaction is ever needed.
   */
  atomic(statements: [Statement, ...Statement[]]): Promise<void>;
  /** Applies pending drizzle migrations from the folder. */
  migrate(migrationsFolder: string): Promise<void>;
  close(): void;
}

export interface DatabaseOptions {
  url: string;
  authToken?: string;
  /** "auto" picks bun:sqlite for file: URLs and @libsql/client for remote ones. */
  driver?: "auto" | DriverName;
}

export function pickDriver(options: DatabaseOptions): DriverName {
  if (options.driver && options.driver !== "auto") return options.driver;
  return options.url.startsWith("file:") ? "bun-sqlite" : "libsql";
}

/** The one place where the database driver is chosen from configuration. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const driver = pickDriver(options);
  if (options.url.startsWith("file:")) ensureDirectory(filePath(options.url));
  return driver === "bun-sqlite" ? openBunSqlite(options.url) : openLibsql(options);
}

function filePath(url: string): string {
  return url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
}

function ensureDirectory(path: string): void {
  if (path === ":memory:") return;
  mkdirSync(dirname(path), { recursive: true });
}

async function openBunSqlite(url: string): Promise<DatabaseHandle> {
  const { Database: Sqlite } = await import("bun:sqlite");
  const { drizzle } = await import("drizzle-orm/bun-sqlite");
  const { migrate } = await import("drizzle-orm/bun-sqlite/migrator");
  const sqlite = new Sqlite(filePath(url), { create: true, strict: true });
  sqlite.exec("PRAGMA journal_mode = WAL");
  sqlite.exec("PRAGMA synchronous = NORMAL");
  sqlite.exec("PRAGMA foreign_keys = ON");
  sqlite.exec("PRAGMA busy_timeout = 5000");
  const db = drizzle({ client: sqlite, schema });
  return {
    db,
    driver: "bun-sqlite",
    async atomic(statements) {
      const runAll = sqlite.transaction(() => {
        for (const statement of statements) {
          const { sql, params } = statement.toSQL();
          sqlite.prepare(sql).run(...(params as never[]));
        }
      });
      runAll.immediate();
    },
    async migrate(migrationsFolder) {
      migrate(db, { migrationsFolder });
    },
    close: () => sqlite.close(),
  };
}

async function openLibsql(options: DatabaseOptions): Promise<DatabaseHandle> {
  const { createClient } = await import("@libsql/client");
  const { drizzle } = await import("drizzle-orm/libsql");
  const { migrate } = await import("drizzle-orm/libsql/migrator");
  const client = createClient({ url: options.url, authToken: options.authToken });
  if (options.url.startsWith("file:")) {
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA busy_timeout = 5000");
  }
  await client.execute("PRAGMA foreign_keys = ON");
  const db = drizzle({ client, schema });
  return {
    db,
    driver: "libsql",
    async atomic(statements) {
      await db.batch(statements);
    },
    async migrate(migrationsFolder) {
      await migrate(db, { migrationsFolder });
    },
    close: () => client.close(),
  };
}
