import { fillPlaceholders } from "drizzle-orm";
import type { BoundStatement, Database } from "./client";

/**
 * A write statement compiled once from a Drizzle builder with `sql.placeholder`s, then bound per
 * run: for hot atomic units (checkout), where building the SQL again for every order cost more
 * than running it (BENCHMARKS.md). Values go through the columns' encoders like any Drizzle value.
 */
export class StatementTemplate<Values extends Record<string, unknown>> {
  private readonly sql: string;
  private readonly params: unknown[];

  constructor(query: { toSQL(): { sql: string; params: unknown[] } }) {
    ({ sql: this.sql, params: this.params } = query.toSQL());
  }

  bind(values: Values): BoundStatement {
    return { sql: this.sql, params: fillPlaceholders(this.params, values) };
  }
}

/** Builds a set of templates (or prepared queries) once per database, not once per request. */
export function oncePerDatabase<T>(build: (db: Database) => T): (db: Database) => T {
  const built = new WeakMap<Database, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) built.set(db, (value = build(db)));
    return value;
  };
}
