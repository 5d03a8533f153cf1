import { and, eq, gt, lt } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Database } from "../../db/client";
import { pendingSignIns } from "../../db/schema";
import type { AppEnv } from "../../http/env";
import { privateCookie } from "../../http/cookies";
import { randomToken, sha256Hex } from "../tokens";

/** Password (or provider) accepted, authenticator code still owed: no session exists until it is given. */
export const PENDING_COOKIE = "grocer_second_step";
const PENDING_MS = 10 * 60 * 1000;

export async function startPendingSignIn(c: Context<AppEnv>, userId: number, next: string): Promise<void> {
  const { database, clock } = c.var.deps;
  const token = randomToken();
  const now = clock.now();
  // Abandoned second steps are swept whenever a new one begins.
  await database.db.delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, now));
  await database.db.insert(pendingSignIns).values({
    tokenHash: await sha256Hex(token),
    userId,
    next,
    createdAt: now,
    expiresAt: new Date(now.getTime() + PENDING_MS),
  });
  setCookie(c, PENDING_COOKIE, token, privateCookie(c, PENDING_MS / 1000));
}

export async function findPendingSignIn(c: Context<AppEnv>): Promise<{ userId: number; next: string } | null> {
  const token = getCookie(c, PENDING_COOKIE);
  if (!token) return null;
  const { database, clock } = c.var.deps;
  const [row] = await database.db
    .select({ userId: pendingSignIns.userId, next: pendingSignIns.next })
    .from(pendingSignIns)
    .where(and(eq(pendingSignIns.tokenHash, await sha256Hex(token)), gt(pendingSignIns.expiresAt, clock.now())));
  return row ?? null;
}

export async function endPendingSignIn(c: Context<AppEnv>, db: Database): Promise<void> {
  const token = getCookie(c, PENDING_COOKIE);
  if (token) await db.delete(pendingSignIns).where(eq(pendingSignIns.tokenHash, await sha256Hex(token)));
  deleteCookie(c, PENDING_COOKIE, { path: "/", secure: c.var.deps.config.secureCookies });
}
