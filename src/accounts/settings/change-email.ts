import { and, count, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { emailChanges, type EmailChange } from "../../db/account-tables";
import type { Database } from "../../db/client";
import { oneTimeCodes, users, type User } from "../../db/schema";
import type { AppDeps } from "../../http/env";
import { queueEmail } from "../../mail/send";
import { email } from "../forms";
import { checkProof, proofFields, type ProofCheck } from "../reauth";
import { endSignInsStatements } from "../sign-ins";
import { randomToken, sha256Hex } from "../tokens";
import { normalizeEmail } from "../users";

/*
 * Changing the email address: nothing changes until the new address confirms (a link sent to
 * it). The old address is told at once, with a "this wasn't me" link that stops the change, or
 * puts the old address back if it already went through, and logs the account out everywhere.
 */

export const CONFIRM_HOURS = 24;
export const UNDO_DAYS = 7;
/** Change requests per account per hour: each sends two emails. */
export const CHANGES_PER_HOUR = 3;
const HOUR_MS = 60 * 60 * 1000;

export const emailChangeRequest = z.object({ ...proofFields, new_email: email });
export type EmailChangeRequest = z.infer<typeof emailChangeRequest>;

export type EmailChangeRefusal = { ok: false; field: "new_email" | "current_password" | "code"; message: string; status: 400 | 409 | 429; retryAfterSeconds?: number };
export type EmailChangeResult = { ok: true; newEmail: string } | EmailChangeRefusal | Extract<ProofCheck, { ok: false }>;

export async function pendingEmailChange(db: Database, userId: number, now: Date): Promise<EmailChange | null> {
  const [row] = await db
    .select()
    .from(emailChanges)
    .where(and(eq(emailChanges.userId, userId), isNull(emailChanges.confirmedAt), isNull(emailChanges.cancelledAt), gt(emailChanges.expiresAt, now)))
    .orderBy(desc(emailChanges.id))
    .limit(1);
  return row ?? null;
}

/**
 * Starts a change of address: checks the proof, that the address is new and free, and the hourly
 * cap; replaces any change still waiting; emails the confirm link to the new address and the
 * notice to the old one. `links` turns tokens into the URLs in the emails.
 */
export async function requestEmailChange(
  deps: AppDeps,
  user: User,
  request: EmailChangeRequest,
  links: { confirm(token: string): string; undo(token: string): string },
): Promise<EmailChangeResult> {
  const { database, clock } = deps;
  const { db } = database;
  const now = clock.now();
  const newEmail = normalizeEmail(request.new_email);
  if (newEmail === user.email) return { ok: false, field: "new_email", message: "That is already your email address.", status: 400 };
  const [recent] = await db
    .select({ n: count() })
    .from(emailChanges)
    .where(and(eq(emailChanges.userId, user.id), gt(emailChanges.createdAt, new Date(now.getTime() - HOUR_MS))));
  if ((recent?.n ?? 0) >= CHANGES_PER_HOUR) {
    return { ok: false, field: "new_email", message: "You asked for several changes this hour. Check your inbox, or try again later.", status: 429, retryAfterSeconds: 3600 };
  }
  const proof = await checkProof(deps, user, request, now);
  if (!proof.ok) return proof;
  if (await emailTaken(db, newEmail)) return { ok: false, field: "new_email", message: "Another account uses that email address.", status: 409 };

  const confirmToken = randomToken();
  const undoToken = randomToken();
  await database.atomic([
    db.update(emailChanges).set({ cancelledAt: now }).where(and(eq(emailChanges.userId, user.id), isNull(emailChanges.confirmedAt), isNull(emailChanges.cancelledAt))),
    db.insert(emailChanges).values({
      userId: user.id,
      oldEmail: user.email,
      newEmail,
      confirmHash: sha256Hex(confirmToken),
      undoHash: sha256Hex(undoToken),
      expiresAt: new Date(now.getTime() + CONFIRM_HOURS * HOUR_MS),
      undoUntil: new Date(now.getTime() + UNDO_DAYS * 24 * HOUR_MS),
      createdAt: now,
    }),
  ]);
  await queueEmail(db, now, { to: newEmail, template: "email-change-confirm", props: { name: user.name, newEmail, confirmUrl: links.confirm(confirmToken), hoursValid: CONFIRM_HOURS } });
  await queueEmail(db, now, { to: user.email, template: "email-change-notice", props: { name: user.name, newEmail, undoUrl: links.undo(undoToken), daysValid: UNDO_DAYS } });
  return { ok: true, newEmail };
}

async function emailTaken(db: Database, address: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, address));
  return Boolean(row);
}

const tokenShape = /^[A-Za-z0-9_-]{20,100}$/;

/** The change a confirm link is for, while it can still be confirmed. */
export async function findConfirmable(db: Database, token: string, now: Date): Promise<EmailChange | null> {
  if (!tokenShape.test(token)) return null;
  const [row] = await db
    .select()
    .from(emailChanges)
    .where(and(eq(emailChanges.confirmHash, sha256Hex(token)), isNull(emailChanges.confirmedAt), isNull(emailChanges.cancelledAt), gt(emailChanges.expiresAt, now)));
  return row ?? null;
}

export type ConfirmResult = { ok: true; newEmail: string } | { ok: false; reason: "invalid" | "taken" };

/**
 * Makes the change: only while the account still has the address the change started from, and
 * only if no one took the new address meanwhile (the unique index decides). The new address is
 * confirmed by this very link; open verify links and reset codes of the old address are spent.
 */
export async function confirmEmailChange(deps: AppDeps, token: string): Promise<ConfirmResult> {
  const { database, clock } = deps;
  const { db } = database;
  const now = clock.now();
  const change = await findConfirmable(db, token, now);
  if (!change) return { ok: false, reason: "invalid" };
  if (await emailTaken(db, change.newEmail)) return { ok: false, reason: "taken" };
  try {
    await database.atomic([
      db.update(emailChanges).set({ confirmedAt: now }).where(and(eq(emailChanges.id, change.id), isNull(emailChanges.confirmedAt), isNull(emailChanges.cancelledAt))),
      db.update(users).set({ email: change.newEmail, emailVerifiedAt: now }).where(and(eq(users.id, change.userId), eq(users.email, change.oldEmail))),
      db.update(oneTimeCodes).set({ usedAt: now }).where(and(eq(oneTimeCodes.userId, change.userId), isNull(oneTimeCodes.usedAt))),
    ]);
  } catch (error) {
    if (String(error).includes("UNIQUE")) return { ok: false, reason: "taken" };
    throw error;
  }
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, change.userId));
  return user?.email === change.newEmail ? { ok: true, newEmail: change.newEmail } : { ok: false, reason: "invalid" };
}

/** The change an undo link is for, while the link works. */
export async function findUndoable(db: Database, token: string, now: Date): Promise<EmailChange | null> {
  if (!tokenShape.test(token)) return null;
  const [row] = await db
    .select()
    .from(emailChanges)
    .where(and(eq(emailChanges.undoHash, sha256Hex(token)), isNull(emailChanges.cancelledAt), gt(emailChanges.undoUntil, now)));
  return row ?? null;
}

export type UndoResult = { ok: true; email: string; restored: boolean } | { ok: false };

/**
 * "This wasn't me": the change is stopped (or the old address put back, when it is still free),
 * and every session and API log-in of the account ends, in one atomic unit. The owner then
 * chooses a new password through "forgot password" at the address they control.
 */
export async function undoEmailChange(deps: AppDeps, token: string): Promise<UndoResult> {
  const { database, clock } = deps;
  const { db } = database;
  const now = clock.now();
  const change = await findUndoable(db, token, now);
  if (!change) return { ok: false };
  const [user] = await db.select().from(users).where(eq(users.id, change.userId));
  if (!user) return { ok: false };
  const restore = Boolean(change.confirmedAt) && user.email === change.newEmail && !(await emailTaken(db, change.oldEmail));
  await database.atomic([
    db.update(emailChanges).set({ cancelledAt: now }).where(and(eq(emailChanges.userId, change.userId), isNull(emailChanges.cancelledAt))),
    ...(restore ? [db.update(users).set({ email: change.oldEmail, emailVerifiedAt: now }).where(and(eq(users.id, user.id), eq(users.email, change.newEmail)))] : []),
    ...endSignInsStatements(db, user.id, now),
  ]);
  return { ok: true, email: restore ? change.oldEmail : user.email, restored: restore };
}
