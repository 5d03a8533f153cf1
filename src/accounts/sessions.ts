import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { sessions, users, type User } from "../db/schema";
import { withFastRows } from "../db/fast-rows";
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
// `users.id = (session subquery)` (the token hash is unique, as a cart's user is): a scalar subquery
// is looked up, where `IN` built a list for its one row each time (half this statement's time); a
// join, or a bound `LIMIT ?`, made SQLite take four times as long (bench/profile-page.ts).
// The same statement brings what every page's header shows for a shopper, the cart's lines and the
// unread notices addressed to them, so a signed-in page asks the database once (ADR 024).
const prepareLookup = (db: Database) =>
  withFastRows(
    db
      .select({
        user: users,
        cartLines: sql<number>`(select count(*) from "cart_items" where "cart_id" = (select "id" from "carts" where "carts"."user_id" = "users"."id"))`,
        ownUnread: sql<number>`(select count(*) from "notifications" n where n."recipient_id" = "users"."id"
          and not exists (select 1 from "notification_reads" r where r."notification_id" = n."id" and r."user_id" = "users"."id"))`,
      })
      .from(users)
      .where(
        and(
          eq(
            users.id,
            db
              .select({ userId: sessions.userId })
              .from(sessions)
              .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), gt(sessions.expiresAt, sql.placeholder("now")))),
          ),
          isNull(users.deactivatedAt),
        ),
      )
      .prepare(),
  );
const lookups = new WeakMap<Database, ReturnType<typeof prepareLookup>>();

/**
 * A signed-in visit: the user, the lines in their cart and the notices addressed to them alone that
 * they have not read (a shopper's bell; staff also see their audiences' notices, counted apart).
 */
export type SessionVisit = { user: User; cartLines: number; ownUnread: number };

/** The signed-in visit for a cookie token, or null when unknown, expired or deactivated. */
export async function findSessionVisit(db: Database, token: string, now: Date): Promise<SessionVisit | null> {
  return findSessionVisitByHash(db, sha256Hex(token), now);
}

/** The same, for a token already hashed (the page middleware hashes it once for the lookup and the sign-in's last use). */
export async function findSessionVisitByHash(db: Database, tokenHash: string, now: Date): Promise<SessionVisit | null> {
  let lookup = lookups.get(db);
  if (!lookup) lookups.set(db, (lookup = prepareLookup(db)));
  const rows = await lookup.all({ tokenHash, now: now.getTime() });
  const row = rows[0];
  return row ? { user: row.user, cartLines: Number(row.cartLines), ownUnread: Number(row.ownUnread) } : null;
}

/** The signed-in user for a cookie token, or null when unknown, expired or deactivated. */
export async function findSessionUser(db: Database, token: string, now: Date): Promise<User | null> {
  return (await findSessionVisit(db, token, now))?.user ?? null;
}

export async function endSession(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(token)));
}
