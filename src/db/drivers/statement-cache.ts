import type { Database as Sqlite, Statement } from "bun:sqlite";

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
 */
export function withStatementCache(sqlite: Sqlite, capacity = 256): Sqlite {
  const cache = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    const known = cache.get(sql);
    if (known) {
      cache.delete(sql);
      cache.set(sql, known);
      return known;
    }
    const statement = sqlite.prepare(sql.replace(/ (limit|offset) \?(?=$| )/g, " $1 cast(? as integer)"));
    cache.set(sql, statement);
    if (cache.size > capacity) cache.delete(cache.keys().next().value!);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === "prepare") return prepare;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
