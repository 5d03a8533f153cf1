import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { oneTimeCodes, users, type User } from "../../db/schema";
import type { AppDeps } from "../../http/env";
import { queueEmail } from "../../mail/send";
import { newPassword } from "../forms";
import { checkProof, proofFields, type ProofCheck } from "../reauth";
import { endSignInsStatements } from "../sign-ins";

/** The page's form and the API's body: the same fields, the same rules as sign-up for the new password. */
export const passwordChange = z.object({ ...proofFields, new_password: newPassword });
export type PasswordChange = z.infer<typeof passwordChange>;

export type PasswordChangeResult = { ok: true; user: User } | Extract<ProofCheck, { ok: false }>;

/**
 * Changes (or, for an account without one, sets) the password after the proof checks out. In one
 * atomic unit: the new hash, every open reset code spent, every other session and API log-in
 * ended (`keep` is the sign-in the change was made from). Then the owner gets an email.
 */
export async function changePassword(deps: AppDeps, user: User, change: PasswordChange, keep: number | null): Promise<PasswordChangeResult> {
  const { database, passwords, clock, config } = deps;
  const now = clock.now();
  const proof = await checkProof(deps, user, change, now);
  if (!proof.ok) return proof;
  const passwordHash = await passwords.hash(change.new_password);
  const { db } = database;
  await database.atomic([
    db.update(users).set({ passwordHash }).where(eq(users.id, user.id)),
    db.update(oneTimeCodes).set({ usedAt: now }).where(and(eq(oneTimeCodes.userId, user.id), eq(oneTimeCodes.purpose, "password-reset"), isNull(oneTimeCodes.usedAt))),
    ...endSignInsStatements(db, user.id, now, keep),
  ]);
  const when = new Intl.DateTimeFormat(config.LOCALE, { dateStyle: "long", timeStyle: "short", timeZone: config.STORE_TIMEZONE }).format(now);
  await queueEmail(db, now, { to: user.email, template: "password-changed", props: { name: user.name, when } });
  return { ok: true, user: { ...user, passwordHash } };
}
