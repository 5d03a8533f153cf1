import type { D1Database } from "@cloudflare/workers-types";
import { drizzle } from "drizzle-orm/d1";
import { builtQuery, type DatabaseHandle } from "../client";
import * as schema from "../schema";

/** Cloudflare D1: no interactive transactions, so an atomic unit is one db.batch(). */
export async function openD1(binding: D1Database): Promise<DatabaseHandle> {
  const db = drizzle(binding, { schema });
  return {
    db,
    reports: db,
    driver: "d1",
    async atomic(statements) {
      const [first] = await binding.batch(statements.map(builtQuery).map(({ sql, params }) => binding.prepare(sql).bind(...params)));
      const id = first?.meta.last_row_id;
      return { firstInsertId: typeof id === "number" ? id : null };
    },
    async migrate() {
      throw new Error("D1 is migrated with `wrangler d1 migrations apply` (see docs/deploy.md).");
    },
    close: () => undefined,
  };
}
