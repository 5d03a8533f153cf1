import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { sessions, users, type User } from "../db/schema";
import { noteDevice, type Device } from "./sign-ins";
import { randomToken, sha256Hex } from "./tokens";

export const SESSION_COOKIE = "grocer_session";
export const SESSION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A new session; a trigger adds its sign_ins row, which gets the device when one is given. */
export async function startSession(db: Database, userId: number, now: Date, device?: Device): Promise<string> {
  const token = randomToken();
  const tokenHash = sha256Hex(token);
  await db.insert(sessions).values({
    tokenHash,
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * DAY_MS),
  });
  if (device) await noteDevice(db, { sessionHash: tokenHash }, device);
  return token;
}

// Runs on every request of a signed-in visitor: prepared once per database, not compiled each time.
// `users.id IN (session subquery)` without a LIMIT (the token hash is the key): a join, or a bound
// `LIMIT ?`, made SQLite take four times as long on this hot path (bench/profile-page.ts).
const prepareLookup = (db: Database) =>
  db
    .select()
    .from(users)
    .where(
      and(
        inArray(
          users.id,
          db
            .select({ userId: sessions.userId })
            .from(sessions)
            .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), gt(sessions.expiresAt, sql.placeholder("now")))),
        ),
        isNull(users.deactivatedAt),
      ),
    )
    .prepare();
const lookups = new WeakMap<Database, ReturnType<typeof prepareLookup>>();

/** The signed-in user for a cookie token, or null when unknown, expired or deactivated. */
export async function findSessionUser(db: Database, token: string, now: Date): Promise<User | null> {
  let lookup = lookups.get(db);
  if (!lookup) lookups.set(db, (lookup = prepareLookup(db)));
  const rows = await lookup.all({ tokenHash: await sha256Hex(token), now: now.getTime() });
  return rows[0] ?? null;
}

export async function endSession(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(token)));
}
