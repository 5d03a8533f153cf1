import type { Database as Sqlite } from "bun:sqlite";
import { builtQuery, type UnitStatement } from "../client";

type Unit = { statements: UnitStatement[]; resolve: () => void; reject: (error: unknown) => void };

/**
 * Atomic units that arrive in the same turn of the event loop share one transaction, each in a
 * savepoint of its own: a unit that fails is rolled back alone and its caller gets the error, the
 * others commit together. One commit then writes the pages they share (the orders table's tail,
 * its indexes, the job queue) once instead of once per order.
 */
export function commitGroups(sqlite: Sqlite, prepare: (sql: string) => { run: (...params: never[]) => unknown }) {
  let waiting: Unit[] = [];
  // Parsed once: exec() would parse these again for every unit.
  const begin = sqlite.prepare("BEGIN IMMEDIATE");
  const savepoint = sqlite.prepare("SAVEPOINT unit");
  const release = sqlite.prepare("RELEASE unit");
  const rollbackTo = sqlite.prepare("ROLLBACK TO unit");
  const commitAll = sqlite.prepare("COMMIT");
  const runUnit = (unit: Unit) => {
    for (const statement of unit.statements) {
      const { sql, params } = builtQuery(statement);
      prepare(sql).run(...(params as never[]));
    }
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
      else unit.resolve();
    }
  };
  return (statements: UnitStatement[]) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ statements, resolve, reject });
      if (waiting.length === 1) setImmediate(commit);
    });
}
