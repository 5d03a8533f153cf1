import { and, eq, gt, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { reauthCodes } from "../db/account-tables";
import type { DatabaseHandle } from "../db/client";
import type { User } from "../db/schema";
import type { AppDeps } from "../http/env";
import { queueEmail } from "../mail/send";
import { newResetCode } from "./email-codes";
import { clearFailures, lockedUntil, recordFailure, type ThrottleKey } from "./throttle";
import { sha256Hex } from "./tokens";
import { checkSecondFactor, twoFactorStatus } from "./two-factor/store";

/*
 * "Is it really you?" before a sensitive change (password, email, closing the account): the
 * current password, or for an account without one (signed up through Google, GitHub...) a fresh
 * code: one we email to the account's address, or one from its authenticator app.
 */

export const REAUTH_CODE_MINUTES = 15;
const REAUTH_CODE_TRIES = 5;
/** A new emailed code at most this often. */
const RESEND_AFTER_MS = 60 * 1000;

/** The proof fields every sensitive change takes, on the pages and in the API alike. */
export const proofFields = {
  current_password: z.string().max(200, "That password is too long.").optional(),
  code: z.string().trim().max(40, "That code is too long.").optional(),
};

export type Proof = { current_password?: string; code?: string };

export type ProofCheck = { ok: true } | { ok: false; field: "current_password" | "code"; message: string; status: 400 | 429; retryAfterSeconds?: number };

const accountKey = (user: User): ThrottleKey => ({ kind: "account", value: user.email });
const codeHash = (userId: number, code: string) => sha256Hex(`reauth:${userId}\n${code.replace(/\s+/g, "")}`);

/** What a person without a password is asked for. */
export function proofKind(user: User): "password" | "code" {
  return user.passwordHash ? "password" : "code";
}

/**
 * Checks the proof for `user`. Wrong passwords count against the account's log-in throttle, so
 * this form is no way around it; wrong codes count too (emailed codes also die after 5 tries).
 */
export async function checkProof(deps: Pick<AppDeps, "database" | "passwords" | "config">, user: User, proof: Proof, now: Date): Promise<ProofCheck> {
  const { database, passwords } = deps;
  const db = database.db;
  if (user.passwordHash) {
    if (!proof.current_password) return { ok: false, field: "current_password", message: "Enter your current password.", status: 400 };
    const retryAt = await lockedUntil(db, [accountKey(user)], now);
    if (retryAt) return throttled("current_password", retryAt, now);
    if (!(await passwords.verify(proof.current_password, user.passwordHash))) {
      await recordFailure(db, [accountKey(user)], now);
      return { ok: false, field: "current_password", message: "That is not your current password.", status: 400 };
    }
    await clearFailures(db, [accountKey(user)]);
    return { ok: true };
  }
  const code = proof.code?.trim();
  if (!code) return { ok: false, field: "code", message: "Enter the code we emailed you (or one from your authenticator app).", status: 400 };
  if (/^\d{8}$/.test(code.replace(/\s+/g, "")) && (await useEmailedCode(database, user.id, code, now))) return { ok: true };
  if ((await twoFactorStatus(database, user.id)) === "on" && !/^\d{8}$/.test(code)) {
    const check = await checkSecondFactor(database, user.id, code, deps.config.TOTP_ENCRYPTION_KEY, now);
    if (check.ok) return { ok: true };
    if (check.reason === "throttled") return throttled("code", check.retryAt, now);
  }
  return { ok: false, field: "code", message: "That code is not right, or it has expired. Ask for a new one.", status: 400 };
}

function throttled(field: "current_password" | "code", retryAt: Date, now: Date): ProofCheck {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return { ok: false, field, message: `Too many wrong tries. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, status: 429, retryAfterSeconds: seconds };
}

/** Counts the try first (one guarded update), then compares; a right code is spent. */
async function useEmailedCode(database: DatabaseHandle, userId: number, code: string, now: Date): Promise<boolean> {
  const db = database.db;
  const [counted] = await db
    .update(reauthCodes)
    .set({ attempts: sql`${reauthCodes.attempts} + 1` })
    .where(and(eq(reauthCodes.userId, userId), lt(reauthCodes.attempts, REAUTH_CODE_TRIES), gt(reauthCodes.expiresAt, now)))
    .returning();
  if (!counted || counted.codeHash !== codeHash(userId, code)) return false;
  const spent = await db.delete(reauthCodes).where(and(eq(reauthCodes.userId, userId), eq(reauthCodes.codeHash, counted.codeHash))).returning();
  return spent.length === 1;
}

/** Emails a fresh 8-digit code to an account without a password; false when one went out under a minute ago. */
export async function sendReauthCode(database: DatabaseHandle, user: User, now: Date): Promise<boolean> {
  const db = database.db;
  const [recent] = await db.select().from(reauthCodes).where(and(eq(reauthCodes.userId, user.id), gt(reauthCodes.createdAt, new Date(now.getTime() - RESEND_AFTER_MS))));
  if (recent) return false;
  const code = newResetCode();
  const row = { codeHash: codeHash(user.id, code), attempts: 0, expiresAt: new Date(now.getTime() + REAUTH_CODE_MINUTES * 60_000), createdAt: now };
  await db.insert(reauthCodes).values({ userId: user.id, ...row }).onConflictDoUpdate({ target: reauthCodes.userId, set: row });
  await queueEmail(db, now, { to: user.email, template: "account-code", props: { name: user.name, code, minutesValid: REAUTH_CODE_MINUTES } });
  return true;
}
