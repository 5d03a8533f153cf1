import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { emailOptOuts, unsubscribeLinks } from "../db/schema";
import { randomToken, sha256Hex } from "../accounts/tokens";

/** Optional emails a shopper can turn off. */
export const OPTIONAL_EMAILS = { "we-miss-you": "“we miss you” emails", "cart-reminder": "cart reminders", "back-in-stock": "back-in-stock notices" } as const;
export type OptionalEmail = keyof typeof OPTIONAL_EMAILS;

/** A fresh unsubscribe URL for one person and one kind of email; only the token's hash is stored. */
export async function unsubscribeUrl(db: Database, baseUrl: string, userId: number, kind: OptionalEmail, now: Date): Promise<string> {
  const token = randomToken();
  await db.insert(unsubscribeLinks).values({ tokenHash: await sha256Hex(token), userId, kind, createdAt: now });
  return `${baseUrl.replace(/\/$/, "")}/unsubscribe?token=${token}`;
}

export async function findUnsubscribeLink(db: Database, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const rows = await db.select().from(unsubscribeLinks).where(eq(unsubscribeLinks.tokenHash, await sha256Hex(token))).limit(1);
  const row = rows[0];
  if (!row || !(row.kind in OPTIONAL_EMAILS)) return null;
  return { userId: row.userId, kind: row.kind as OptionalEmail };
}

export async function optOut(db: Database, userId: number, kind: OptionalEmail, now: Date): Promise<void> {
  await db.insert(emailOptOuts).values({ userId, kind, createdAt: now }).onConflictDoNothing();
}

/** Turns an optional email back on (the account page's side of the same switch). */
export async function optIn(db: Database, userId: number, kind: OptionalEmail): Promise<void> {
  await db.delete(emailOptOuts).where(and(eq(emailOptOuts.userId, userId), eq(emailOptOuts.kind, kind)));
}

/** Which optional emails the person receives (true) or turned off (false). */
export async function emailChoices(db: Database, userId: number): Promise<Record<OptionalEmail, boolean>> {
  const off = new Set((await db.select({ kind: emailOptOuts.kind }).from(emailOptOuts).where(eq(emailOptOuts.userId, userId))).map((row) => row.kind));
  return Object.fromEntries(Object.keys(OPTIONAL_EMAILS).map((kind) => [kind, !off.has(kind)])) as Record<OptionalEmail, boolean>;
}
