import { inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { authThrottle } from "../db/schema";
import { sha256Hex } from "./tokens";

/**
 * Failed log-ins (and authenticator codes, per account) allowed per window before the key is locked
 * for LOCK_MS. `device`: a browser with a device cookie for the account, throttled on its own
 * instead of by the account's lock (device-cookie.ts).
 */
export const LIMITS = { account: 5, ip: 20, totp: 5, device: 5 } as const;
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;

export type ThrottleKey = { kind: keyof typeof LIMITS; value: string };

/** Email addresses are kept only as their SHA-256: a mistyped address (or a closed account's) leaves no readable trace. */
export const keyOf = (key: ThrottleKey) => `${key.kind}:${key.kind === "account" ? sha256Hex(key.value) : key.value}`;

/** When the latest lock among the keys ends, or null when none is locked. */
export async function lockedUntil(db: Database, keys: ThrottleKey[], now: Date): Promise<Date | null> {
  const rows = await db
    .select({ lockedUntil: authThrottle.lockedUntil })
    .from(authThrottle)
    .where(inArray(authThrottle.key, keys.map(keyOf)));
  const ends = rows
    .map((row) => row.lockedUntil?.getTime() ?? 0)
    .filter((end) => end > now.getTime());
  return ends.length ? new Date(Math.max(...ends)) : null;
}

/** Counts one failure against each key in a single upsert per key; locks a key at its limit. */
export async function recordFailure(db: Database, keys: ThrottleKey[], now: Date): Promise<void> {
  const at = now.getTime();
  const windowStart = at - WINDOW_MS;
  for (const key of keys) {
    const limit = LIMITS[key.kind];
    const freshWindow = sql`${authThrottle.windowStartedAt} < ${windowStart}`;
    const failures = sql`case when ${freshWindow} then 1 else ${authThrottle.failures} + 1 end`;
    await db
      .insert(authThrottle)
      .values({ key: keyOf(key), failures: 1, windowStartedAt: now, lockedUntil: limit <= 1 ? new Date(at + LOCK_MS) : null })
      .onConflictDoUpdate({
        target: authThrottle.key,
        set: {
          lockedUntil: sql`case when ${failures} >= ${limit} then ${at + LOCK_MS} else ${authThrottle.lockedUntil} end`,
          failures,
          windowStartedAt: sql`case when ${freshWindow} then ${at} else ${authThrottle.windowStartedAt} end`,
        },
      });
  }
}

export async function clearFailures(db: Database, keys: ThrottleKey[]): Promise<void> {
  await db.delete(authThrottle).where(inArray(authThrottle.key, keys.map(keyOf)));
}
