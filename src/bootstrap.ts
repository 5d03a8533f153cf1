import { eq } from "drizzle-orm";
import { join } from "node:path";
import type { PasswordHasher } from "./accounts/passwords";
import { randomToken } from "./accounts/tokens";
import { settleStoreSecrets } from "./accounts/store-secrets";
import { normalizeEmail } from "./accounts/users";
import type { Config } from "./config";
import type { DatabaseHandle } from "./db/client";
import { users } from "./db/schema";
import { seedDemoData } from "./demo/seed";
import { ensureStoreZone } from "./reports/store-zone";

/** The drizzle/ folder beside src/ (Bun only: Workers databases are migrated by wrangler or drizzle-kit). */
export const migrationsFolder = () => join(import.meta.dir, "..", "drizzle");

export type AdminAccount = { email: string; generatedPassword: string | null; created: boolean };

/**
 * Brings a database up to date and makes sure the store can be run: migrations, the sales rollups
 * in the store's time zone (src/reports/store-zone.ts), the admin
 * account, and (when enabled) the demo catalog on an empty store. `null` migrations: the
 * database was migrated by deployment tooling (Workers), only the accounts and demo data are ensured.
 * Returns the configuration to run with: the secrets not configured are the store's own (ADR 021).
 */
export async function prepareStore(
  handle: DatabaseHandle,
  config: Config,
  passwords: PasswordHasher,
  now: Date,
  migrations: string | null = migrationsFolder(),
): Promise<{ admin: AdminAccount; seeded: boolean; config: Config }> {
  if (migrations !== null) await handle.migrate(migrations);
  const settled = await settleStoreSecrets(handle, config);
  await ensureStoreZone(handle, config.STORE_TIMEZONE);
  const admin = await ensureAdmin(handle, config, passwords);
  const seeded = config.SEED_DEMO_DATA ? await seedDemoData(handle, passwords, now, config) : false;
  return { admin, seeded, config: settled };
}

async function ensureAdmin(handle: DatabaseHandle, config: Config, passwords: PasswordHasher): Promise<AdminAccount> {
  const email = normalizeEmail(config.ADMIN_EMAIL);
  const [existing] = await handle.db.select().from(users).where(eq(users.email, email));
  if (existing) {
    if (existing.role !== "admin") {
      throw new Error(`ADMIN_EMAIL ${email} belongs to an existing ${existing.role} account; choose another address.`);
    }
    return { email, generatedPassword: null, created: false };
  }
  const generatedPassword = config.ADMIN_PASSWORD ? null : randomToken(12);
  const password = config.ADMIN_PASSWORD ?? generatedPassword!;
  await handle.db.insert(users).values({
    email,
    name: "Store admin",
    role: "admin",
    approvedAt: new Date(),
    passwordHash: await passwords.hash(password),
  });
  return { email, generatedPassword, created: true };
}
