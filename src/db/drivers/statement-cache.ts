import type { Database as Sqlite, Statement } from "bun:sqlite";

/** A statement that may change rows: its runs are counted (`writes`). A WITH may hide a write. */
const WRITES = /^\s*(insert|update|delete|replace|with)\b/i;
/** A parameter a column is compared with (`= ?`, `< ?`...), and a statement that chose its index. */
const COMPARED_PARAMETER = /(=|<>|!=|<|>|<=|>=) \?(?=$|[\s),])/g;
const NAMES_ITS_INDEX = /\bindexed by\b/i;

/** The SQL SQLite compiles for Drizzle's: the same placeholders and values, planned once (above). */
export function plannedOnce(sql: string): string {
  const paged = sql.replace(/ (limit|offset) \?(?=$| )/g, " $1 cast(? as integer)");
  return NAMES_ITS_INDEX.test(paged) ? paged : paged.replace(COMPARED_PARAMETER, "$1 +?");
}

/**
 * Drizzle compiles (`prepare`s) every query it runs, and compiling costs more than running most of
 * ours (60 µs against 5-50 µs, bench/profile-page.ts). This client keeps the most recently used
 * compiled statements by SQL text. bun:sqlite's own `query()` cache holds only 20, fewer than one
 * checkout uses. Sharing a statement is safe: bun:sqlite runs each call to completion synchronously.
 * Evicted statements are not finalized, since a long-lived `.prepare()`d query may still hold one.
 *
 * Drizzle also binds LIMIT and OFFSET as parameters; SQLite lets a bound LIMIT steer the plan, so
 * it recompiles the statement on every run (a 5 µs lookup took 16 µs). Casting the parameter keeps
 * the same placeholders and values but makes it an expression the planner does not wait for.
 * A bare parameter compared with a column does the same in a statement that reads two tables (a
 * join, a correlated subquery): each new value recompiled it, 45-55 µs for a product by id with its
 * aisle, against 9-12 µs (ADR 074). Unary plus changes no value and no comparison; the planner
 * uses the index all the same but no longer peeks at the value. Statements that name their index
 * (INDEXED BY a partial index) keep bare parameters: proving the index applies needs the value.
 *
 * It also counts the statements run that may have written (`writes`), so a read cached for one turn
 * of the event loop (the catalog version) knows when this connection changed something meanwhile.
 */
export function withStatementCache(sqlite: Sqlite, capacity = 256): { client: Sqlite; writes: () => number } {
  const cache = new Map<string, Statement>();
  let writes = 0;
  const counted = (statement: Statement): Statement =>
    new Proxy(statement, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        if (property === "run" || property === "all" || property === "values" || property === "get") {
          return (...args: unknown[]) => {
            writes++;
            return (value as (...params: unknown[]) => unknown).apply(target, args);
          };
        }
        return value.bind(target);
      },
    });
  const prepare = (sql: string): Statement => {
    const known = cache.get(sql);
    if (known) {
      cache.delete(sql);
      cache.set(sql, known);
      return known;
    }
    const compiled = sqlite.prepare(plannedOnce(sql));
    const statement = WRITES.test(sql) ? counted(compiled) : compiled;
    cache.set(sql, statement);
    if (cache.size > capacity) cache.delete(cache.keys().next().value!);
    return statement;
  };
  const client = new Proxy(sqlite, {
    get(target, property) {
      if (property === "prepare") return prepare;
      // exec() and run() take SQL of any kind: count them as writes.
      if (property === "exec" || property === "run") {
        return (...args: unknown[]) => {
          writes++;
          return (Reflect.get(target, property, target) as (...params: unknown[]) => unknown).apply(target, args);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { client, writes: () => writes };
}
