import { afterEach, describe, expect, spyOn, test } from "bun:test";
import { Hono } from "hono";
import { sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cronsOf, withCrons, WRANGLER_TOML } from "../scripts/wrangler-crons";
import { bunPasswordHasher } from "../src/accounts/passwords";
import { wasmPasswordHasher } from "../src/accounts/passwords-wasm";
import { publicFolder, serveStaticFiles } from "../src/bun/static-files";
import { ConfigError, loadConfig } from "../src/config";
import { pickDriver } from "../src/db/client";
import { sessions, users } from "../src/db/schema";
import type { AppEnv } from "../src/http/env";
import { runCronSlot } from "../src/jobs/cron-dispatch";
import { schedules } from "../src/store-jobs";
import { createTestStore, type TestStore } from "./support/store";

let store: TestStore | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

async function wasmHasher() {
  const bytes = readFileSync(join(import.meta.dir, "..", "node_modules", "@phi-ag", "argon2", "dist", "argon2.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes);
  return wasmPasswordHasher(instance);
}

describe("passwords on Bun and on Workers", () => {
  test("a Bun hash verifies with the WebAssembly verifier and the other way round", async () => {
    const wasm = await wasmHasher();
    const fromBun = await bunPasswordHasher.hash("basket of apples 42");
    const fromWasm = await wasm.hash("basket of apples 42");
    for (const hash of [fromBun, fromWasm]) expect(hash).toStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
    expect(await wasm.verify("basket of apples 42", fromBun)).toBe(true);
    expect(await bunPasswordHasher.verify("basket of apples 42", fromWasm)).toBe(true);
    expect(await wasm.verify("basket of pears 42", fromBun)).toBe(false);
    expect(await bunPasswordHasher.verify("basket of pears 42", fromWasm)).toBe(false);
  });

  test("the WebAssembly verifier says no to anything that is not an argon2id hash", async () => {
    const wasm = await wasmHasher();
    expect(await wasm.verify("x", "")).toBe(false);
    expect(await wasm.verify("x", "not a hash")).toBe(false);
    expect(await wasm.verify("x", "$argon2id$v=19$m=19456,t=2,p=1$broken")).toBe(false);
  });
});

describe("wrangler.toml", () => {
  test("its [triggers] crons are the crons of the schedule list (run `npm run wrangler:crons` when this fails)", () => {
    const toml = readFileSync(WRANGLER_TOML, "utf8");
    expect(withCrons(toml, cronsOf(schedules))).toBe(toml);
    expect(cronsOf(schedules).length).toBeGreaterThan(0);
  });

  test("the generator writes every distinct cron once and refuses a cron that is not 5 fields", () => {
    const toml = '[triggers]\ncrons = ["1 1 * * *"]\n';
    const list = [
      { name: "a", cron: "0 * * * *" },
      { name: "b", cron: "0 * * * *" },
      { name: "c", cron: "*/5 * * * *" },
    ];
    expect(withCrons(toml, cronsOf(list))).toBe('[triggers]\ncrons = ["0 * * * *", "*/5 * * * *"]\n');
    expect(() => cronsOf([{ name: "seconds", cron: "0 0 * * * *" }])).toThrow("must have 5 fields");
  });

  test("declares the D1 and R2 bindings and serves public/ through the assets binding", () => {
    const toml = readFileSync(WRANGLER_TOML, "utf8");
    expect(toml).toMatch(/\[\[d1_databases\]\]\s+binding = "DB"[\s\S]*migrations_dir = "drizzle"/);
    expect(toml).toMatch(/\[\[r2_buckets\]\]\s+binding = "IMAGES"/);
    expect(toml).toMatch(/\[assets\]\s+directory = "\.\/public"\s+binding = "ASSETS"\s+run_worker_first = true/);
  });
});

describe("database choice", () => {
  test("Workers use Turso over HTTP when DATABASE_URL is set, else the D1 binding", () => {
    const d1 = {} as never;
    expect(pickDriver({ runtime: "workers", d1 })).toBe("d1");
    expect(pickDriver({ runtime: "workers", url: "libsql://shop.turso.io", d1 })).toBe("libsql-web");
    expect(() => pickDriver({ runtime: "workers" })).toThrow("bind a D1 database");
  });

  test("an embedded replica (file: + sync URL) uses libSQL on Bun", () => {
    expect(pickDriver({ url: "file:data/replica.db", syncUrl: "libsql://shop.turso.io" })).toBe("libsql");
    expect(pickDriver({ url: "file:data/grocer.db" })).toBe("bun-sqlite");
  });

  test("a sync URL without a local file, or with bun:sqlite forced, is a clear configuration error", () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problemsOf({ DATABASE_URL: "libsql://a.turso.io", DATABASE_SYNC_URL: "libsql://b.turso.io" })).toEqual([
      "DATABASE_SYNC_URL: needs DATABASE_URL to be the local file: of the embedded replica",
    ]);
    expect(problemsOf({ DATABASE_URL: "file:r.db", DATABASE_SYNC_URL: "libsql://b.turso.io", DATABASE_DRIVER: "bun-sqlite" })[0]).toStartWith("DATABASE_DRIVER:");
    expect(problemsOf({ DATABASE_SYNC_URL: "ftp://nope" })[0]).toBe("DATABASE_SYNC_URL: must be the Turso primary's libsql:// or https:// URL");
    expect(loadConfig({ DATABASE_URL: "file:r.db", DATABASE_SYNC_URL: "libsql://b.turso.io" }).DATABASE_SYNC_INTERVAL).toBe(15);
  });
});

describe("request log", () => {
  test("one JSON line per request with id, method, path, status and duration; the id comes back as X-Request-Id", async () => {
    store = await createTestStore({ env: { LOG_LEVEL: "info" } });
    const log = spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const response = await store.agent().get("/search?q=secret-term");
      const kept = await store.agent().get("/nowhere", { "x-request-id": "lb-4f1c2a9e-0001" });
      const id = response.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(kept.headers.get("x-request-id")).toBe("lb-4f1c2a9e-0001");
      const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)));
      expect(lines[0]).toMatchObject({ level: "info", msg: "request", id, method: "GET", path: "/search", status: 200 });
      expect(typeof lines[0].ms).toBe("number");
      expect(JSON.stringify(lines[0])).not.toContain("secret-term");
      expect(lines[1]).toMatchObject({ id: "lb-4f1c2a9e-0001", path: "/nowhere", status: 404 });
    } finally {
      log.mockRestore();
    }
  });

  test("an unusable incoming id is replaced, and LOG_LEVEL=warn keeps requests out of the log", async () => {
    store = await createTestStore({ env: { LOG_LEVEL: "warn" } });
    const log = spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const response = await store.agent().get("/", { "x-request-id": "bad id {\"forged\":1}" });
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });
});

for (const driver of ["bun-sqlite", "libsql"] as const) {
  describe(`readiness on ${driver}`, () => {
    test("/readyz is 200 when migrated and 503 naming the migration when one is missing", async () => {
      store = await createTestStore({ seed: false, driver });
      const ready = await store.agent().get("/readyz");
      expect(ready.status).toBe(200);
      expect(ready.headers.get("cache-control")).toBe("no-store");
      // Forget the newest migration: readiness must name exactly that one.
      const journal = (await import("../drizzle/meta/_journal.json")).default as { entries: { tag: string }[] };
      const newest = journal.entries.at(-1)!.tag;
      await store.db.run(sql`delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)`);
      const behind = await store.agent().get("/readyz");
      expect(behind.status).toBe(503);
      expect(await behind.json()).toEqual({ status: "not ready", reason: `migrations not applied: ${newest}` });
    });
  });
}

describe("scheduled jobs", () => {
  test("the session sweep removes only sessions expired at the slot time", async () => {
    store = await createTestStore({ seed: false });
    const [admin] = await store.db.select().from(users);
    const slot = new Date("2026-11-20T03:17:00Z");
    await store.db.insert(sessions).values([
      { tokenHash: "expired", userId: admin!.id, expiresAt: new Date(slot.getTime() - 1) },
      { tokenHash: "live", userId: admin!.id, expiresAt: new Date(slot.getTime() + 60_000) },
    ]);
    const log = spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const outcomes = await runCronSlot(store.deps, "17 3 * * *", slot, schedules);
      expect(outcomes).toEqual([{ job: "sweep-expired-sessions", ok: true }]);
      expect(JSON.parse(String(log.mock.calls[0]![0]))).toMatchObject({ msg: "scheduled job finished", removed: 1, slot: slot.toISOString() });
    } finally {
      log.mockRestore();
    }
    expect((await store.db.select().from(sessions)).map((s) => s.tokenHash)).toEqual(["live"]);
  });

  test("a failing job is logged and does not stop the others of the same cron", async () => {
    store = await createTestStore({ seed: false });
    const ran: string[] = [];
    const error = spyOn(console, "error").mockImplementation(() => undefined);
    const log = spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const outcomes = await runCronSlot(store.deps, "0 * * * *", new Date("2026-11-20T10:00:00Z"), [
        { name: "broken", cron: "0 * * * *", run: async () => Promise.reject(new Error("shelf fell over")) },
        { name: "restock", cron: "0 * * * *", run: async () => void ran.push("restock") },
        { name: "other", cron: "5 * * * *", run: async () => void ran.push("other") },
      ]);
      expect(outcomes).toEqual([
        { job: "broken", ok: false },
        { job: "restock", ok: true },
      ]);
      expect(ran).toEqual(["restock"]);
      expect(String(error.mock.calls[0]![0])).toContain("shelf fell over");
    } finally {
      error.mockRestore();
      log.mockRestore();
    }
  });
});

test("/static/ serves public/ with its cache rules; odd paths are a plain 404", async () => {
  const app = new Hono<AppEnv>();
  app.use("/static/*", serveStaticFiles(publicFolder(join(import.meta.dir, "..", "public"))));
  app.notFound((c) => c.text("not found", 404));
  const styles = await app.request("/static/styles.css");
  expect(styles.status).toBe(200);
  expect(styles.headers.get("content-type")).toContain("text/css");
  expect(styles.headers.get("cache-control")).toBe("public, max-age=3600");
  expect((await app.request("/static/vendor/htmx-4.0.1.min.js")).headers.get("cache-control")).toContain("immutable");
  for (const path of ["/static/%E0%A4%A", "/static/..%2Fpackage.json", "/static/", "/static/nothing.css"]) {
    expect((await app.request(path)).status).toBe(404);
  }
});

test("static files never leave public/", async () => {
  const files = publicFolder(join(import.meta.dir, "..", "public"));
  expect(await files("styles.css")).not.toBeNull();
  expect(await files("../package.json")).toBeNull();
  expect(await files("vendor/../../package.json")).toBeNull();
});
