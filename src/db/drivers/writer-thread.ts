import type { BoundStatement } from "../client";

/**
 * Atomic units run on a thread of their own, with its own connection to the same file: the request
 * thread hands over each unit's SQL and goes on serving requests while the writer runs it. Units
 * that arrive while the writer is busy, or in the same turn, share one transaction, each in a
 * savepoint (the same group commit as commit-group.ts, which tests and tools still use). An order's
 * writes were 40% of the request thread's time under a rush of checkouts (BENCHMARKS.md).
 *
 * Reads stay on the request thread: in WAL mode they never wait for the writer, and a unit has
 * committed before its promise resolves, so the caller's next read sees it. A write made directly
 * on the request thread (not in a unit) waits for the writer's transaction, as with any second
 * connection. The script is inline so the single binary needs no extra entry.
 */
const WRITER_SOURCE = `
import { Database } from "bun:sqlite";
let db = null;
let statements = new Map();
let waiting = [];
let scheduled = false;
let control = null;
const prepare = (sql) => {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
    if (statements.size > 256) statements.delete(statements.keys().next().value);
  }
  return statement;
};
const failure = (error) => ({ message: String(error?.message ?? error), code: error?.code, errno: error?.errno });
function commitGroup() {
  scheduled = false;
  const group = waiting;
  waiting = [];
  const outcomes = [];
  try {
    control.begin.run();
    for (const unit of group) {
      control.savepoint.run();
      try {
        for (const [sql, params] of unit.statements) prepare(sql).run(...params);
        control.release.run();
        outcomes.push({ id: unit.id });
      } catch (error) {
        control.rollbackTo.run();
        control.release.run();
        outcomes.push({ id: unit.id, error: failure(error) });
      }
    }
    control.commit.run();
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    postMessage({ outcomes: group.map((unit) => ({ id: unit.id, error: failure(error) })) });
    return;
  }
  postMessage({ outcomes });
}
self.onmessage = (event) => {
  const message = event.data;
  if (message.open) {
    try {
      db = new Database(message.path, { strict: true });
      for (const pragma of message.pragmas) db.exec(pragma);
      control = {
        begin: db.prepare("BEGIN IMMEDIATE"),
        savepoint: db.prepare("SAVEPOINT unit"),
        release: db.prepare("RELEASE unit"),
        rollbackTo: db.prepare("ROLLBACK TO unit"),
        commit: db.prepare("COMMIT"),
      };
      postMessage({ opened: true });
    } catch (error) {
      postMessage({ opened: false, error: failure(error) });
    }
    return;
  }
  if (message.close) {
    db?.close();
    postMessage({ closed: true });
    return;
  }
  waiting.push(message);
  if (!scheduled) {
    scheduled = true;
    setImmediate(commitGroup);
  }
};
`;

type Outcome = { id: number; error?: { message: string; code?: string; errno?: number } };
type Pending = { resolve: () => void; reject: (error: Error) => void };

export type WriterThread = {
  run(statements: BoundStatement[]): Promise<void>;
  close(): Promise<void>;
};

/** The database's refusal as the caller would have had it from bun:sqlite: message and code. */
function refusal(error: NonNullable<Outcome["error"]>): Error {
  return Object.assign(new Error(error.message), { code: error.code, errno: error.errno });
}

export async function startWriterThread(path: string, pragmas: string[]): Promise<WriterThread> {
  const url = URL.createObjectURL(new Blob([WRITER_SOURCE], { type: "application/javascript" }));
  const worker = new Worker(url);
  (worker as Worker & { unref(): void }).unref();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  const next = () => new Promise<Record<string, unknown>>((resolve) => worker.addEventListener("message", (event) => resolve(event.data), { once: true }));
  const opened = next();
  worker.postMessage({ open: true, path, pragmas });
  const answer = await opened;
  if (!answer.opened) {
    worker.terminate();
    URL.revokeObjectURL(url);
    throw refusal(answer.error as NonNullable<Outcome["error"]>);
  }
  worker.addEventListener("message", (event) => {
    const outcomes = (event.data as { outcomes?: Outcome[] }).outcomes;
    if (!outcomes) return;
    for (const outcome of outcomes) {
      const unit = pending.get(outcome.id);
      if (!unit) continue;
      pending.delete(outcome.id);
      if (outcome.error) unit.reject(refusal(outcome.error));
      else unit.resolve();
    }
  });
  // While units are in flight the thread must keep the process alive, so their callers hear back.
  const hold = () => (pending.size === 1 ? (worker as Worker & { ref(): void }).ref() : undefined);
  const letGo = () => (pending.size === 0 ? (worker as Worker & { unref(): void }).unref() : undefined);
  return {
    run(statements) {
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, {
          resolve: () => (letGo(), resolve()),
          reject: (error) => (letGo(), reject(error)),
        });
        hold();
        worker.postMessage({ id, statements: statements.map(({ sql, params }) => [sql, params]) });
      });
    },
    async close() {
      const closed = next();
      worker.postMessage({ close: true });
      await Promise.race([closed, Bun.sleep(2000)]);
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
