/**
 * @libsql/client runs every statement on a plain file or a replica by preparing it again
 * (`db.prepare(sql)` in its executeStmt), then throws the statement away: compiling costs more than
 * running most of ours (ADR 060, 076). This keeps each connection's most recently used statements by
 * SQL text, as the bun:sqlite driver's cache does. Sharing one is safe: libSQL's native statements
 * run synchronously to completion, and the client sets the statement's modes (raw, safe integers)
 * again before every run. A changed schema makes SQLite compile a kept statement again by itself.
 *
 * The client gives no way in to its connections, so the cache is put on the `libsql` package's
 * Database class, which the client itself imports; it is put once per process.
 */
type Prepare = (this: object, sql: string) => unknown;

const CACHED = Symbol.for("grocer.libsql.statementCache");

export async function keepLibsqlStatements(capacity = 256): Promise<void> {
  const { default: Database } = (await import("libsql")) as unknown as { default: { prototype: { prepare: Prepare; [CACHED]?: true } } };
  const proto = Database.prototype;
  if (proto[CACHED]) return;
  const prepare = proto.prepare;
  const kept = new WeakMap<object, Map<string, unknown>>();
  proto.prepare = function (this: object, sql: string) {
    let statements = kept.get(this);
    if (!statements) kept.set(this, (statements = new Map()));
    const known = statements.get(sql);
    if (known) {
      statements.delete(sql);
      statements.set(sql, known);
      return known;
    }
    const statement = prepare.call(this, sql);
    statements.set(sql, statement);
    if (statements.size > capacity) statements.delete(statements.keys().next().value!);
    return statement;
  };
  proto[CACHED] = true;
}
