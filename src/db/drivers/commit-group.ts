import type { Database as Sqlite } from "bun:sqlite";
import { builtQuery, type AtomicResult, type UnitStatement } from "../client";

type Unit = { statements: UnitStatement[]; resolve: (result: AtomicResult) => void; reject: (error: unknown) => void; firstInsertId: number | null };

/**
 * Atomic units that arrive in the same turn of the event loop share one transaction, each in a
 * savepoint of its own: a unit that fails is rolled back alone and its caller gets the error, the
 * others commit together. One commit then writes the pages they share (the orders table's tail,
 * its indexes, the job queue) once instead of once per order.
 */
export function commitGroups(sqlite: Sqlite, prepare: (sql: string) => { run: (...params: never[]) => { lastInsertRowid: number | bigint } }) {
  let waiting: Unit[] = [];
  // Parsed once: exec() would parse these again for every unit.
  const begin = sqlite.prepare("BEGIN IMMEDIATE");
  const savepoint = sqlite.prepare("SAVEPOINT unit");
  const release = sqlite.prepare("RELEASE unit");
  const rollbackTo = sqlite.prepare("ROLLBACK TO unit");
  const commitAll = sqlite.prepare("COMMIT");
  const runUnit = (unit: Unit) => {
    unit.statements.forEach((statement, i) => {
      const { sql, params } = builtQuery(statement);
      const changes = prepare(sql).run(...(params as never[]));
      if (i === 0) unit.firstInsertId = Number(changes.lastInsertRowid);
    });
  };
  const commit = () => {
    const group = waiting;
    waiting = [];
    const failures = new Map<Unit, unknown>();
    try {
      begin.run();
      for (const unit of group) {
        savepoint.run();
        try {
          runUnit(unit);
          release.run();
        } catch (error) {
          rollbackTo.run();
          release.run();
          failures.set(unit, error);
        }
      }
      commitAll.run();
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      for (const unit of group) unit.reject(error);
      return;
    }
    for (const unit of group) {
      if (failures.has(unit)) unit.reject(failures.get(unit));
      else unit.resolve({ firstInsertId: unit.firstInsertId });
    }
  };
  return (statements: UnitStatement[]) =>
    new Promise<AtomicResult>((resolve, reject) => {
      waiting.push({ statements, resolve, reject, firstInsertId: null });
      if (waiting.length === 1) setImmediate(commit);
    });
}
