import type { Client, InStatement, ResultSet } from "@libsql/client";
import type { AtomicResult } from "../client";

type Unit = { statements: InStatement[]; resolve: (result: AtomicResult) => void; reject: (error: unknown) => void };

const firstInsertId = (result: ResultSet | undefined) => (result?.lastInsertRowid === undefined ? null : Number(result.lastInsertRowid));

/**
 * The batch statement the database refused (a CHECK, a trigger's RAISE, a UNIQUE key): libSQL then
 * rolled the whole batch back. Read from the error's fields, as @libsql/client's LibsqlBatchError
 * sets them, without importing the native client (a remote URL has none).
 */
function refusedStatement(error: unknown): number | null {
  const { code, statementIndex } = (error ?? {}) as { code?: unknown; statementIndex?: unknown };
  return typeof code === "string" && code.startsWith("SQLITE_") && typeof statementIndex === "number" ? statementIndex : null;
}

/**
 * Atomic units that arrive in the same turn of the event loop go to libSQL as ONE batch: one
 * transaction, one commit, and on Turso one round trip for all of them (ADR 066). A batch is all or
 * nothing, so when the database refuses a statement, the others are sent again together and then
 * the unit it belongs to gets the error, as it would have had it come after them. Any other error (a busy file at BEGIN, the network, Turso
 * answering 5xx) fails every unit of the group as it would have failed each alone: the batch may
 * even have committed, so it is never sent twice.
 */
export function batchGroups(client: Client) {
  let waiting: Unit[] = [];
  const send = async (group: Unit[]): Promise<void> => {
    if (!group.length) return;
    try {
      const results = await client.batch(group.flatMap((unit) => unit.statements), "write");
      let at = 0;
      for (const unit of group) {
        unit.resolve({ firstInsertId: firstInsertId(results[at]) });
        at += unit.statements.length;
      }
    } catch (error) {
      const refused = refusedStatement(error);
      if (refused === null || group.length === 1) {
        for (const unit of group) unit.reject(error);
        return;
      }
      let start = 0;
      const faulty = group.find((unit) => (start += unit.statements.length) > refused)!;
      // The others first: a refused checkout reads what the winner of its cart committed.
      await send(group.filter((unit) => unit !== faulty));
      faulty.reject(error);
    }
  };
  return (statements: InStatement[]) =>
    new Promise<AtomicResult>((resolve, reject) => {
      waiting.push({ statements, resolve, reject });
      if (waiting.length > 1) return;
      setImmediate(() => {
        const group = waiting;
        waiting = [];
        void send(group);
      });
    });
}
