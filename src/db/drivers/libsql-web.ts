import { createClient } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import { builtQuery, type DatabaseHandle } from "../client";
import type { InArgs } from "@libsql/client";
import * as schema from "../schema";

/** Turso over HTTP from Workers: every statement is a round trip, so multi-statement writes are batches. */
export async function openLibsqlWeb(url: string, authToken: string | undefined): Promise<DatabaseHandle> {
  const client = createClient({ url, authToken });
  const db = drizzle({ client, schema });
  return {
    db,
    reports: db,
    driver: "libsql-web",
    async atomic(statements) {
      // One libSQL batch is one transaction (BEGIN IMMEDIATE: it writes): all of it or none.
      const [first] = await client.batch(statements.map(builtQuery).map(({ sql, params }) => ({ sql, args: params as InArgs })), "write");
      return { firstInsertId: first?.lastInsertRowid === undefined ? null : Number(first.lastInsertRowid) };
    },
    async migrate() {
      throw new Error("On Workers, migrate Turso with `npx drizzle-kit migrate` (see docs/deploy.md).");
    },
    close: () => client.close(),
  };
}
