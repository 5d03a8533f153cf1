import { sql as rawSql, type SQLWrapper } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { drizzle } from "drizzle-orm/sqlite-proxy";
import { StoreClosed, type Database } from "../client";
import * as schema from "../schema";
import { plannedOnce } from "./statement-cache";

/**
 * Long reads (the reports) on a second connection to the same file, on a worker thread (ADR 075):
 * while a report sums its days, the request thread keeps serving shoppers. In WAL mode the reader
 * sees every committed write, as the request thread would; it is `query_only`, so a write sent to
 * it fails instead of bypassing the atomic units. Started at the first read, stopped with the store.
 */
const WORKER_SOURCE = `
import { Database } from "bun:sqlite";
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
let db = null;
const statements = new Map();
const prepared = (sql) => {
  let statement = statements.get(sql);
  if (statement) return statement;
  statement = db.prepare(sql);
  statements.set(sql, statement);
  if (statements.size > 128) {
    const [oldest, evicted] = statements.entries().next().value;
    statements.delete(oldest);
    evicted.finalize();
  }
  return statement;
};
self.onmessage = ({ data }) => {
  if (data.open) {
    // Shoppers first: on Linux this thread alone is niced (its id from /proc), so while a report
    // sums its days the request thread keeps the CPU it asks for. Elsewhere it runs as it is.
    try {
      setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), data.open.nice);
    } catch {}
    db = new Database(data.open.path, { strict: true });
    for (const pragma of data.open.pragmas) db.exec(pragma);
    return;
  }
  if (data.stop) {
    db?.close();
    postMessage({ stopped: true });
    return;
  }
  const { id, sql, params, shape } = data;
  try {
    const statement = prepared(sql);
    const rows = shape === "objects" ? statement.all(...params) : statement.values(...params);
    postMessage({ id, rows: shape === "first" ? rows[0] : rows });
  } catch (error) {
    postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
`;

/** The reader thread's scheduling priority on Linux (0 is the request thread's, 19 the lowest). */
export const READER_NICE = 10;

/** Rows as the driver returns them: objects for raw SQL, value arrays for Drizzle's builders to map. */
type Shape = "objects" | "values" | "first";
type Waiting = { resolve: (rows: unknown) => void; reject: (error: Error) => void };

export type ReaderThread = { db: Database; stop(): Promise<void> };

export function readerThread(path: string, pragmas: string[]): ReaderThread {
  let worker: Worker | null = null;
  let url: string | null = null;
  let nextId = 0;
  const waiting = new Map<number, Waiting>();
  const failAll = (error: Error) => {
    for (const one of waiting.values()) one.reject(error);
    waiting.clear();
  };
  const started = (): Worker => {
    if (worker) return worker;
    url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "application/javascript" }));
    const thread = new Worker(url);
    (thread as Worker & { unref(): void }).unref();
    thread.addEventListener("message", ({ data }) => {
      const one = data.id === undefined ? undefined : waiting.get(data.id);
      if (!one) return;
      waiting.delete(data.id);
      if (data.error !== undefined) one.reject(new Error(data.error));
      else one.resolve(data.rows);
    });
    thread.addEventListener("error", (event) => {
      // A thread that died is started again by the next read.
      worker = null;
      failAll(new Error(`the report reader stopped: ${event.message}`));
    });
    // Messages are handled in order: the connection is open before the first read runs.
    thread.postMessage({ open: { path, pragmas: [...pragmas, "PRAGMA query_only = 1"], nice: READER_NICE } });
    worker = thread;
    return thread;
  };
  const ask = (sql: string, params: unknown[], shape: Shape) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      started().postMessage({ id, sql: plannedOnce(sql), params, shape });
    });

  const db = drizzle(async (sql, params, method) => {
    if (method === "run") throw new Error("The report reader only reads: write through the store's connection.");
    return { rows: (await ask(sql, params, method === "get" ? "first" : "values")) as unknown[] };
  }, { schema }) as unknown as Database;
  // Raw SQL has no fields for Drizzle to map a row with: `all` gets objects and `get` the first
  // row's values, as bun:sqlite's driver gives them.
  const dialect = new SQLiteAsyncDialect();
  const raw = (query: SQLWrapper | string) => dialect.sqlToQuery(typeof query === "string" ? rawSql.raw(query) : query.getSQL());
  Object.assign(db, {
    all: async (query: SQLWrapper | string) => {
      const { sql, params } = raw(query);
      return (await ask(sql, params, "objects")) as unknown[];
    },
    get: async (query: SQLWrapper | string) => {
      const { sql, params } = raw(query);
      return ask(sql, params, "first");
    },
  });

  return {
    db,
    async stop() {
      const thread = worker;
      if (!thread) return;
      worker = null;
      const stopped = new Promise<void>((resolve) => thread.addEventListener("message", ({ data }) => data.stopped && resolve()));
      thread.postMessage({ stop: true });
      await Promise.race([stopped, Bun.sleep(1000)]);
      thread.terminate();
      failAll(new StoreClosed());
      if (url) URL.revokeObjectURL(url);
    },
  };
}
