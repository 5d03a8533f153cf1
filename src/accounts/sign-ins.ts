import { and, desc, eq, isNull, lt, ne, sql } from "drizzle-orm";
import type { Context } from "hono";
import { signIns, type SignIn } from "../db/account-tables";
import type { Database, DatabaseHandle, Statement } from "../db/client";
import { apiRefreshTokens, sessions } from "../db/schema";
import { clientIp } from "../http/client-ip";
import type { AppDeps } from "../http/env";

/*
 * Where an account is logged in: one sign_ins row per browser session or API log-in (refresh-token
 * family), kept by database triggers (drizzle/0011_your_account.sql). Ending rows here is the one way
 * to log an account out elsewhere: password changes, "log out everywhere", closing the account and
 * admin actions all call `endSignIns`.
 */

export type Device = { userAgent: string | null; ip: string | null };

type WithDeps = { Bindings: { clientIp?: string }; Variables: { deps: AppDeps } };

/** The device a request comes from, as shown on the account page (user agent capped at 300 characters). */
export function deviceOf<E extends WithDeps>(c: Context<E>): Device {
  const ip = clientIp(c);
  return { userAgent: c.req.header("user-agent")?.slice(0, 300) || null, ip: ip === "unknown" ? null : ip };
}

/** Records the device on a sign-in the triggers just created for a session or a token family. */
export async function noteDevice(db: Database, handle: { sessionHash: string } | { familyId: string }, device: Device): Promise<void> {
  const where = "sessionHash" in handle ? eq(signIns.sessionHash, handle.sessionHash) : eq(signIns.familyId, handle.familyId);
  await db.update(signIns).set(device).where(where);
}

/** Browser sessions note their last use at most this often per process: a write per page view would be too many. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;
const touched = new WeakMap<Database, Map<string, number>>();

/** Notes that a session was used now (and from where, asked of `deviceNow`), unless this process did so in the last five minutes. */
export async function touchSession(db: Database, sessionHash: string, deviceNow: () => Device, now: Date): Promise<void> {
  let seen = touched.get(db);
  if (!seen) touched.set(db, (seen = new Map()));
  const last = seen.get(sessionHash);
  if (last !== undefined && now.getTime() - last < TOUCH_EVERY_MS) return;
  if (seen.size > 10_000) seen.clear();
  seen.set(sessionHash, now.getTime());
  // Read from the request only when it is written (once in five minutes), not on every page view.
  const device = deviceNow();
  await db
    .update(signIns)
    .set({ lastUsedAt: now, ...(device.ip ? { ip: device.ip } : {}) })
    .where(and(eq(signIns.sessionHash, sessionHash), lt(signIns.lastUsedAt, new Date(now.getTime() - TOUCH_EVERY_MS))));
}

export async function listSignIns(db: Database, userId: number): Promise<SignIn[]> {
  return db.select().from(signIns).where(eq(signIns.userId, userId)).orderBy(desc(signIns.lastUsedAt), desc(signIns.id));
}

/** True while the sign-in exists and belongs to the account (an API access token's `sid`). */
export async function signInIsOpen(db: Database, userId: number, signInId: number): Promise<boolean> {
  const [row] = await db.select({ id: signIns.id }).from(signIns).where(and(eq(signIns.id, signInId), eq(signIns.userId, userId)));
  return Boolean(row);
}

export async function signInOfSession(db: Database, sessionHash: string): Promise<SignIn | null> {
  const [row] = await db.select().from(signIns).where(eq(signIns.sessionHash, sessionHash));
  return row ?? null;
}

export async function signInOfFamily(db: Database, familyId: string): Promise<SignIn | null> {
  const [row] = await db.select().from(signIns).where(eq(signIns.familyId, familyId));
  return row ?? null;
}

/**
 * The statements that log an account out everywhere but `keep` (a sign-in id, or null for
 * everywhere): its sessions end, its refresh-token families are revoked (their access tokens
 * stop at once, since they name their sign-in), and any sign-in row left over goes. For an
 * atomic unit together with the change that calls for it.
 */
export function endSignInsStatements(db: Database, userId: number, now: Date, keep: number | null = null): [Statement, ...Statement[]] {
  const kept = keep ?? 0;
  return [
    db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), sql`${sessions.tokenHash} not in (select session_hash from sign_ins where id = ${kept} and session_hash is not null)`)),
    db
      .update(apiRefreshTokens)
      .set({ revokedAt: now })
      .where(
        and(
          eq(apiRefreshTokens.userId, userId),
          isNull(apiRefreshTokens.revokedAt),
          sql`${apiRefreshTokens.familyId} not in (select family_id from sign_ins where id = ${kept} and family_id is not null)`,
        ),
      ),
    db.delete(signIns).where(and(eq(signIns.userId, userId), ne(signIns.id, kept))),
  ];
}

/** Logs the account out everywhere but `keep`, in one atomic unit. */
export async function endSignIns(handle: DatabaseHandle, userId: number, now: Date, keep: number | null = null): Promise<void> {
  await handle.atomic(endSignInsStatements(handle.db, userId, now, keep));
}

/** Ends one sign-in of the account; false when it is not the account's (or already ended). */
export async function endSignIn(handle: DatabaseHandle, userId: number, signInId: number, now: Date): Promise<boolean> {
  const { db } = handle;
  const [row] = await db.select().from(signIns).where(and(eq(signIns.id, signInId), eq(signIns.userId, userId)));
  if (!row) return false;
  if (row.sessionHash) {
    await db.delete(sessions).where(and(eq(sessions.tokenHash, row.sessionHash), eq(sessions.userId, userId)));
  } else if (row.familyId) {
    await db
      .update(apiRefreshTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiRefreshTokens.familyId, row.familyId), eq(apiRefreshTokens.userId, userId), isNull(apiRefreshTokens.revokedAt)));
  }
  await db.delete(signIns).where(eq(signIns.id, signInId));
  return true;
}
