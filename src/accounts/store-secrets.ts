import { and, eq, inArray } from "drizzle-orm";
import { LEGACY_DEV_TOTP_KEY, randomSecret, type Config, type SecretName } from "../config";
import type { DatabaseHandle } from "../db/client";
import { storeSecrets, totpSecrets } from "../db/schema";
import { seal, unseal } from "./two-factor/seal";

/**
 * Outside production a secret that is not configured is generated once per store and kept in its
 * database (store_secrets), never a constant in the source: two stores have different secrets, a
 * restart keeps them, and every instance sharing the database (Turso, D1) agrees. Production
 * refuses to start without them (loadConfig), so a key never sits beside the data it protects there.
 */
export async function settleStoreSecrets(handle: DatabaseHandle, config: Config): Promise<Config> {
  const names = config.generatedSecrets;
  if (names.length === 0) return config;
  const { db } = handle;
  // First start: the random values of this process become the store's; a racing instance's insert loses.
  await db
    .insert(storeSecrets)
    .values(names.map((name) => ({ name, value: randomSecret() })))
    .onConflictDoNothing({ target: storeSecrets.name });
  const rows = await db.select().from(storeSecrets).where(inArray(storeSecrets.name, names));
  const kept = new Map(rows.map((row) => [row.name, row.value]));
  const settled = { ...config };
  for (const name of names) settled[name satisfies SecretName] = kept.get(name)!;
  if (names.includes("TOTP_ENCRYPTION_KEY")) await resealLegacySecrets(handle, settled.TOTP_ENCRYPTION_KEY);
  return settled;
}

/** Authenticator secrets sealed with the old development constant are sealed again with the store's own key. */
async function resealLegacySecrets(handle: DatabaseHandle, key: string): Promise<void> {
  const rows = await handle.db.select({ userId: totpSecrets.userId, sealedSecret: totpSecrets.sealedSecret }).from(totpSecrets);
  for (const row of rows) {
    const plain = await unsealWith(row.sealedSecret, key) === null ? await unsealWith(row.sealedSecret, LEGACY_DEV_TOTP_KEY) : null;
    if (plain === null) continue;
    await handle.db
      .update(totpSecrets)
      .set({ sealedSecret: await seal(plain, key) })
      .where(and(eq(totpSecrets.userId, row.userId), eq(totpSecrets.sealedSecret, row.sealedSecret)));
  }
}

async function unsealWith(sealed: string, key: string): Promise<string | null> {
  try {
    return await unseal(sealed, key);
  } catch {
    return null;
  }
}
