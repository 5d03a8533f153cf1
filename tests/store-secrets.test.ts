import { afterEach, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bunPasswordHasher } from "../src/accounts/passwords";
import { seal, unseal } from "../src/accounts/two-factor/seal";
import { issueAccessToken } from "../src/api/access-tokens";
import { createApp } from "../src/app";
import { prepareStore } from "../src/bootstrap";
import { LEGACY_DEV_TOTP_KEY, loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { totpSecrets, users } from "../src/db/schema";
import { localDiskStorage } from "../src/media/local-storage";
import { fixedClock } from "../src/clock";
import { startServer } from "./support/server";

// Issue 18 item 5: outside production the JWT secret and the TOTP sealing key are the store's own,
// generated at first start and kept in its database, never a constant anyone can read in the source.
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const clock = fixedClock(new Date("2026-11-20T10:00:00Z"));

async function openStoreIn(dir: string, env: Record<string, string> = {}) {
  const configured = loadConfig({ NODE_ENV: "development", DATABASE_URL: `file:${join(dir, "grocer.db")}`, ADMIN_EMAIL: "admin@test.local", ADMIN_PASSWORD: "admin-password-123", SEED_DEMO_DATA: "false", LOG_LEVEL: "warn", ...env });
  const database = await openDatabase({ url: configured.DATABASE_URL });
  const { config } = await prepareStore(database, configured, bunPasswordHasher, clock.now());
  const app = createApp({ config, database, clock, passwords: bunPasswordHasher, storage: localDiskStorage(join(dir, "uploads")) });
  return { config, database, app };
}

function freshDir() {
  const dir = mkdtempSync(join(tmpdir(), "grocer-secrets-"));
  dirs.push(dir);
  return dir;
}

const OLD_SOURCE_CONSTANT = "grocer-development-only-jwt-secret-do-not-use-in-production";

async function adminToken(store: Awaited<ReturnType<typeof openStoreIn>>, secret: string) {
  const [admin] = await store.database.db.select().from(users).where(eq(users.email, "admin@test.local"));
  return issueAccessToken(admin!, secret, clock.now());
}
const me = (store: Awaited<ReturnType<typeof openStoreIn>>, token: string) =>
  store.app.request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${token}` } });

test("two stores on different data folders get different secrets, neither the old constant", async () => {
  const first = await openStoreIn(freshDir());
  const second = await openStoreIn(freshDir());
  expect(first.config.generatedSecrets).toEqual(["JWT_SECRET", "TOTP_ENCRYPTION_KEY"]);
  expect(first.config.JWT_SECRET).not.toBe(second.config.JWT_SECRET);
  expect(first.config.TOTP_ENCRYPTION_KEY).not.toBe(second.config.TOTP_ENCRYPTION_KEY);
  expect(first.config.JWT_SECRET).not.toBe(OLD_SOURCE_CONSTANT);
  expect(first.config.JWT_SECRET.length).toBeGreaterThanOrEqual(48);
  // A token of one store means nothing to the other.
  expect((await me(second, await adminToken(first, first.config.JWT_SECRET))).status).toBe(401);
  first.database.close();
  second.database.close();
});

test("a restart keeps the store's secrets: a token issued before still works", async () => {
  const dir = freshDir();
  const before = await openStoreIn(dir);
  const token = await adminToken(before, before.config.JWT_SECRET);
  before.database.close();
  const after = await openStoreIn(dir);
  expect(after.config.JWT_SECRET).toBe(before.config.JWT_SECRET);
  expect(after.config.TOTP_ENCRYPTION_KEY).toBe(before.config.TOTP_ENCRYPTION_KEY);
  expect((await me(after, token)).status).toBe(200);
  after.database.close();
});

test("an admin token signed with the constant that used to be in the source is refused", async () => {
  const store = await openStoreIn(freshDir());
  const response = await me(store, await adminToken(store, OLD_SOURCE_CONSTANT));
  expect(response.status).toBe(401);
  store.database.close();
});

test("configured secrets win and nothing is generated for them", async () => {
  const store = await openStoreIn(freshDir(), { JWT_SECRET: "j".repeat(40) });
  expect(store.config.JWT_SECRET).toBe("j".repeat(40));
  expect(store.config.generatedSecrets).toEqual(["TOTP_ENCRYPTION_KEY"]);
  store.database.close();
});

test("authenticator secrets sealed with the old constant are sealed again with the store's key", async () => {
  const dir = freshDir();
  const store = await openStoreIn(dir);
  const [admin] = await store.database.db.select().from(users).where(eq(users.email, "admin@test.local"));
  await store.database.db.insert(totpSecrets).values({ userId: admin!.id, sealedSecret: await seal("JBSWY3DPEHPK3PXP", LEGACY_DEV_TOTP_KEY) });
  store.database.close();
  const restarted = await openStoreIn(dir);
  const [row] = await restarted.database.db.select().from(totpSecrets);
  expect(await unseal(row!.sealedSecret, restarted.config.TOTP_ENCRYPTION_KEY)).toBe("JBSWY3DPEHPK3PXP");
  restarted.database.close();
});

test("the start-up banner says which secrets were generated", async () => {
  const server = await startServer({ SEED_DEMO_DATA: "false", JWT_SECRET: "" });
  try {
    expect(server.output()).toContain("Secrets: JWT_SECRET and TOTP_ENCRYPTION_KEY generated for this store");
  } finally {
    await server.stop();
    server.cleanup();
  }
}, 120_000);
