import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { DatabaseHandle } from "../../db/client";
import { recoveryCodes, totpSecrets, type User } from "../../db/schema";
import { clearFailures, lockedUntil, recordFailure, type ThrottleKey } from "../throttle";
import { sha256Hex } from "../tokens";
import { seal, unseal } from "./seal";
import { matchingStep, newTotpSecret } from "./totp";

export const RECOVERY_CODE_COUNT = 10;

export type TwoFactorStatus = "off" | "enrolling" | "on";

export async function twoFactorStatus(database: DatabaseHandle, userId: number): Promise<TwoFactorStatus> {
  const [row] = await database.db.select({ enabledAt: totpSecrets.enabledAt }).from(totpSecrets).where(eq(totpSecrets.userId, userId));
  if (!row) return "off";
  return row.enabledAt ? "on" : "enrolling";
}

/** The secret being set up (made on first call, kept until confirmed), or null when already on. */
export async function enrollmentSecret(database: DatabaseHandle, userId: number, key: string): Promise<string | null> {
  const [row] = await database.db.select().from(totpSecrets).where(eq(totpSecrets.userId, userId));
  if (row?.enabledAt) return null;
  if (row) return unseal(row.sealedSecret, key);
  const secret = newTotpSecret();
  await database.db
    .insert(totpSecrets)
    .values({ userId, sealedSecret: await seal(secret, key) })
    .onConflictDoNothing();
  // Two tabs may race to create it: whichever row won is the one to show.
  const [stored] = await database.db.select().from(totpSecrets).where(eq(totpSecrets.userId, userId));
  return stored ? unseal(stored.sealedSecret, key) : null;
}

export type CodeCheck = { ok: true } | { ok: false; reason: "wrong" | "reused" | "not-set-up" } | { ok: false; reason: "throttled"; retryAt: Date };

const throttleKey = (userId: number): ThrottleKey => ({ kind: "totp", value: String(userId) });

/**
 * Checks an authenticator code for the user and, when right, records its step so the same code
 * (or an older one) is refused afterwards. `enrolling` checks the not-yet-confirmed secret.
 */
export async function checkTotpCode(
  database: DatabaseHandle,
  userId: number,
  code: string,
  key: string,
  now: Date,
  enrolling = false,
): Promise<CodeCheck> {
  const db = database.db;
  const retryAt = await lockedUntil(db, [throttleKey(userId)], now);
  if (retryAt) return { ok: false, reason: "throttled", retryAt };
  const [row] = await db.select().from(totpSecrets).where(eq(totpSecrets.userId, userId));
  if (!row || Boolean(row.enabledAt) === enrolling) return { ok: false, reason: "not-set-up" };
  const step = matchingStep(await unseal(row.sealedSecret, key), code, now);
  if (step === null) {
    await recordFailure(db, [throttleKey(userId)], now);
    return { ok: false, reason: "wrong" };
  }
  // The step is claimed in the update itself, so two requests with one code cannot both pass.
  const claimed = await db
    .update(totpSecrets)
    .set({ lastUsedStep: step, ...(enrolling ? { enabledAt: now } : {}) })
    .where(and(eq(totpSecrets.userId, userId), or(isNull(totpSecrets.lastUsedStep), lt(totpSecrets.lastUsedStep, step))))
    .returning({ userId: totpSecrets.userId });
  if (!claimed.length) return { ok: false, reason: "reused" };
  await clearFailures(db, [throttleKey(userId)]);
  return { ok: true };
}

/** Uses one recovery code; true only the first time a given code is presented. */
export async function useRecoveryCode(database: DatabaseHandle, userId: number, code: string, now: Date): Promise<CodeCheck> {
  const db = database.db;
  const retryAt = await lockedUntil(db, [throttleKey(userId)], now);
  if (retryAt) return { ok: false, reason: "throttled", retryAt };
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, await hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  if (used.length) return { ok: true };
  await recordFailure(db, [throttleKey(userId)], now);
  return { ok: false, reason: "wrong" };
}

/**
 * Checks the second step of a sign-in: digits are an authenticator code, anything else a recovery
 * code. Both are throttled per account and refuse a code that was already used.
 */
export async function checkSecondFactor(database: DatabaseHandle, userId: number, code: string, key: string, now: Date): Promise<CodeCheck> {
  return /^[\d\s]+$/.test(code) ? checkTotpCode(database, userId, code, key, now) : useRecoveryCode(database, userId, code, now);
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function newRecoveryCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  const chars = [...bytes].map((byte) => RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

const hashRecoveryCode = (code: string) => sha256Hex(`recovery:${code.trim().toLowerCase().replace(/[\s-]+/g, "")}`);

/** Replaces the user's recovery codes with ten new ones and returns them (shown once, stored hashed). */
export async function issueRecoveryCodes(database: DatabaseHandle, userId: number, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await Promise.all(codes.map(hashRecoveryCode));
  await database.atomic([
    database.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
    database.db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash, createdAt: now }))),
  ]);
  return codes;
}

export async function unusedRecoveryCodeCount(database: DatabaseHandle, userId: number): Promise<number> {
  const rows = await database.db
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return rows.length;
}

export async function turnOffTwoFactor(database: DatabaseHandle, userId: number): Promise<void> {
  await database.atomic([
    database.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
    database.db.delete(totpSecrets).where(eq(totpSecrets.userId, userId)),
  ]);
}

/** Staff must keep a second factor; customers choose. */
export const twoFactorRequired = (user: Pick<User, "role">) => user.role === "manager" || user.role === "admin";

/**
 * Rule for the JSON API: issuing an API token to a manager or the admin needs a valid authenticator
 * code besides the password. The API routes must call this before minting a token.
 */
export function staffTokenRequiresSecondFactor(user: Pick<User, "role">): boolean {
  return twoFactorRequired(user);
}


