import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { noteDevice, type Device } from "../accounts/sign-ins";
import { randomToken, sha256Hex } from "../accounts/tokens";
import type { Database } from "../db/client";
import { apiRefreshTokens } from "../db/schema";

/** A refresh token family (one log-in) lasts at most this long without use. */
export const REFRESH_TOKEN_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The first token of a new API log-in; a trigger adds its sign_ins row, which gets the device. */
export async function issueRefreshToken(db: Database, userId: number, now: Date, device?: Device): Promise<{ token: string; familyId: string }> {
  const token = randomToken(32);
  const familyId = randomToken(16);
  await db.insert(apiRefreshTokens).values({
    tokenHash: await sha256Hex(token),
    familyId,
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + REFRESH_TOKEN_DAYS * DAY_MS),
  });
  if (device) await noteDevice(db, { familyId }, device);
  return { token, familyId };
}

export type Rotation = { ok: true; userId: number; token: string; familyId: string } | { ok: false; reason: "unknown" | "reused" };

/**
 * Spends a refresh token and gives the next one of its family. Marking it used is one guarded
 * update, so of two simultaneous uses only one wins; presenting a spent (or revoked) token
 * means it leaked, and the whole family is revoked.
 */
export async function rotateRefreshToken(db: Database, token: string, now: Date): Promise<Rotation> {
  const tokenHash = await sha256Hex(token);
  const [spent] = await db
    .update(apiRefreshTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(apiRefreshTokens.tokenHash, tokenHash),
        isNull(apiRefreshTokens.usedAt),
        isNull(apiRefreshTokens.revokedAt),
        gt(apiRefreshTokens.expiresAt, now),
      ),
    )
    .returning();
  if (spent) {
    const next = await issueUnlessRevoked(db, spent.userId, spent.familyId, now);
    return next ? { ok: true, userId: spent.userId, token: next, familyId: spent.familyId } : { ok: false, reason: "reused" };
  }

  const [known] = await db.select().from(apiRefreshTokens).where(eq(apiRefreshTokens.tokenHash, tokenHash));
  if (!known || (!known.usedAt && !known.revokedAt)) return { ok: false, reason: "unknown" };
  await revokeFamily(db, known.familyId, now);
  return { ok: false, reason: "reused" };
}

/**
 * The successor token, inserted only while no token of the family is revoked: a concurrent reuse
 * that revoked the family just before cannot be outrun. Read back unrevoked, for a revocation
 * that lands just after.
 */
async function issueUnlessRevoked(db: Database, userId: number, familyId: string, now: Date): Promise<string | null> {
  const token = randomToken(32);
  const tokenHash = await sha256Hex(token);
  const expiresAt = now.getTime() + REFRESH_TOKEN_DAYS * DAY_MS;
  await db.run(sql`
    insert into ${apiRefreshTokens} (token_hash, family_id, user_id, created_at, expires_at)
    select ${tokenHash}, ${familyId}, ${userId}, ${now.getTime()}, ${expiresAt}
    where not exists (select 1 from ${apiRefreshTokens} where family_id = ${familyId} and revoked_at is not null)`);
  const [issued] = await db
    .select({ tokenHash: apiRefreshTokens.tokenHash })
    .from(apiRefreshTokens)
    .where(and(eq(apiRefreshTokens.tokenHash, tokenHash), isNull(apiRefreshTokens.revokedAt)));
  return issued ? token : null;
}

export async function revokeFamily(db: Database, familyId: string, now: Date): Promise<void> {
  await db
    .update(apiRefreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiRefreshTokens.familyId, familyId), isNull(apiRefreshTokens.revokedAt)));
}

/** Ends the log-in the token belongs to; unknown tokens are ignored (RFC 7009). */
export async function revokeRefreshToken(db: Database, token: string, now: Date): Promise<void> {
  const [known] = await db
    .select({ familyId: apiRefreshTokens.familyId })
    .from(apiRefreshTokens)
    .where(eq(apiRefreshTokens.tokenHash, await sha256Hex(token)));
  if (known) await revokeFamily(db, known.familyId, now);
}
