import { expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";

/*
 * The store's memory map and page cache are bounded (ADR 062): a 1 GB map made the server's RSS grow
 * with the store file (every mapped page counts), and the cache holds the pages a rush writes.
 */

async function pragmas(options: Parameters<typeof openDatabase>[0]) {
  const handle = await openDatabase(options);
  try {
    const [map] = await handle.db.all<{ mmap_size: number }>(sql`PRAGMA mmap_size`);
    const [cache] = await handle.db.all<{ cache_size: number }>(sql`PRAGMA cache_size`);
    return { mmap: Number(map!.mmap_size), cache: Number(cache!.cache_size) };
  } finally {
    await handle.close();
  }
}

test("bun:sqlite maps at most 128 MB of the store file and keeps a 32 MB page cache unless configured otherwise", async () => {
  const folder = mkdtempSync(join(tmpdir(), "grocer-sqlite-memory-"));
  try {
    const url = `file:${join(folder, "store.db")}`;
    expect(await pragmas({ url, driver: "bun-sqlite" })).toEqual({ mmap: 128 * 1024 * 1024, cache: -32 * 1024 });
    const config = loadConfig({ DATABASE_URL: url, SQLITE_MMAP_MB: "0", SQLITE_CACHE_MB: "8" });
    expect(await pragmas({ url, driver: "bun-sqlite", sqliteMemory: { mmapMb: config.SQLITE_MMAP_MB, cacheMb: config.SQLITE_CACHE_MB } })).toEqual({ mmap: 0, cache: -8 * 1024 });
    expect(() => loadConfig({ DATABASE_URL: url, SQLITE_CACHE_MB: "0" })).toThrow("SQLITE_CACHE_MB");
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
