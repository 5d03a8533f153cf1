import { builtQuery, type DatabaseHandle, type DatabaseOptions } from "../client";
import type { InArgs, InStatement } from "@libsql/client";
import * as schema from "../schema";
import { ensureDirectory } from "./files";
import { filePragmas } from "./file-pragmas";
import { batchGroups } from "./libsql-batch-group";
import { plannedOnce } from "./statement-cache";
import { keepLibsqlStatements } from "./libsql-statements";

/**
 * @libsql/client on Bun: Turso, an embedded replica of Turso (file: + syncUrl), or a plain file.
 * A remote URL alone (libsql://, https://, http://) goes through the HTTP client, which needs no
 * native module, so the single binary runs on Turso; a file or a replica needs libSQL's native module.
 */
export async function openLibsql(options: DatabaseOptions): Promise<DatabaseHandle> {
  const url = options.url!;
  const embedded = url.startsWith("file:");
  const native = embedded || Boolean(options.syncUrl);
  const { createClient } = native ? await nativeClient(options) : await import("@libsql/client/web");
  // drizzle-orm/libsql itself imports the native client: the HTTP one has its own entry.
  const { drizzle } = native ? await import("drizzle-orm/libsql") : await import("drizzle-orm/libsql/web");
  const { migrate } = await import("drizzle-orm/libsql/migrator");
  if (embedded) ensureDirectory(url);
  if (native) await keepLibsqlStatements();
  const plainFile = embedded && !options.syncUrl;
  const client = compiledPlannedOnce(createClient({
    url,
    authToken: options.authToken,
    ...(options.syncUrl ? { syncUrl: options.syncUrl, syncInterval: options.syncIntervalSeconds ?? 15 } : {}),
    // One connection for a plain file (a replica has one anyway): the pragmas below are per
    // connection, and Grocer never holds an interactive transaction that would need a second.
    ...(plainFile ? { concurrency: 1 } : {}),
  }));
  // A replica's journal mode belongs to libSQL's sync; only a plain file is tuned, as bun:sqlite tunes it.
  if (plainFile) await client.executeMultiple(filePragmas(options.sqliteMemory).join(";\n"));
  else await client.execute("PRAGMA foreign_keys = ON");
  const db = drizzle({ client, schema });
  const inBatch = batchGroups(client);
  return {
    db,
    reports: db,
    driver: "libsql",
    // One libSQL batch is one transaction (BEGIN IMMEDIATE: it writes): all of it or none.
    atomic: (statements) => inBatch(statements.map(builtQuery).map(({ sql, params }) => ({ sql, args: params as InArgs }))),
    async migrate(migrationsFolder) {
      await migrate(db, { migrationsFolder });
    },
    close: () => client.close(),
  };
}

type Client = ReturnType<typeof import("@libsql/client").createClient>;

/**
 * The client with its statements' SQL as the bun:sqlite cache compiles it (compared parameters
 * planned once, ADR 074): libSQL recompiled a join at every run too (483 against 335 µs a run for a
 * product by id with its aisle on a plain file). Values and placeholders are unchanged.
 */
function compiledPlannedOnce(client: Client): Client {
  const planned = (statement: InStatement): InStatement => (typeof statement === "string" ? plannedOnce(statement) : { ...statement, sql: plannedOnce(statement.sql) });
  return new Proxy(client, {
    get(target, property) {
      if (property === "execute") return (statement: InStatement, args?: InArgs) => (args === undefined ? target.execute(planned(statement)) : target.execute(plannedOnce(statement as string), args));
      if (property === "batch") {
        return (statements: (InStatement | [string, InArgs?])[], mode?: Parameters<Client["batch"]>[1]) =>
          target.batch(statements.map((statement) => (Array.isArray(statement) ? [plannedOnce(statement[0]), statement[1]] : planned(statement))), mode);
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The native module's package for this machine, as libSQL names it. */
const nativePackage = () => `@libsql/${process.platform}-${process.arch}${process.platform === "linux" ? "-gnu" : ""}`;

/** The native client, or a message saying what is missing and what to do instead of a bare module error. */
async function nativeClient(options: DatabaseOptions): Promise<typeof import("@libsql/client")> {
  try {
    return await import("@libsql/client");
  } catch (error) {
    if (!/Cannot find (module|package)/i.test(String(error))) throw error;
    const why = options.syncUrl ? "DATABASE_SYNC_URL (an embedded replica)" : "DATABASE_DRIVER=libsql with a file: DATABASE_URL";
    throw new Error(
      `${why} needs libSQL's native module ${nativePackage()}, which is not here (the single binary does not contain it). ` +
        `Put its node_modules folder beside the binary (npm install ${nativePackage()} in that folder), run from the source with npm start, ` +
        `or use a remote DATABASE_URL (libsql://, https://) without DATABASE_SYNC_URL, or DATABASE_DRIVER=auto for a plain file.`,
      { cause: error },
    );
  }
}
