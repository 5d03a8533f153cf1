import { builtQuery, type DatabaseHandle, type DatabaseOptions } from "../client";
import type { InArgs } from "@libsql/client";
import * as schema from "../schema";
import { ensureDirectory } from "./files";

/** @libsql/client on Bun: Turso, an embedded replica of Turso (file: + syncUrl), or a plain file. */
export async function openLibsql(options: DatabaseOptions): Promise<DatabaseHandle> {
  const { createClient } = await import("@libsql/client");
  const { drizzle } = await import("drizzle-orm/libsql");
  const { migrate } = await import("drizzle-orm/libsql/migrator");
  const url = options.url!;
  const embedded = url.startsWith("file:");
  if (embedded) ensureDirectory(url);
  const client = createClient({
    url,
    authToken: options.authToken,
    ...(options.syncUrl ? { syncUrl: options.syncUrl, syncInterval: options.syncIntervalSeconds ?? 15 } : {}),
  });
  // A replica's journal mode belongs to libSQL's sync; only a plain file is tuned here.
  if (embedded && !options.syncUrl) {
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA busy_timeout = 5000");
  }
  await client.execute("PRAGMA foreign_keys = ON");
  const db = drizzle({ client, schema });
  return {
    db,
    driver: "libsql",
    async atomic(statements) {
      // One libSQL batch is one transaction: all of it or none.
      await client.batch(statements.map(builtQuery).map(({ sql, params }) => ({ sql, args: params as InArgs })));
    },
    async migrate(migrationsFolder) {
      await migrate(db, { migrationsFolder });
    },
    close: () => client.close(),
  };
}
