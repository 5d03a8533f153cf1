import { and, count, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db/client";
import { oneTimeCodes, users, type User } from "../db/schema";
import { endSignInsStatements } from "./sign-ins";
import type { PasswordHasher } from "./passwords";
import { randomToken, sha256Hex } from "./tokens";
import { normalizeEmail } from "./users";

const MINUTE_MS = 60 * 1000;
export const VERIFY_HOURS = 24;
export const RESET_MINUTES = 15;
export const RESET_TRIES = 5;
/** Reset emails per address and per requesting IP within RESET_MINUTES. */
export const RESET_REQUESTS = { email: 3, ip: 10 } as const;

/** Codes are hashed together with their email, so a code only ever works for the address it was sent to. */
const codeHash = (email: string, code: string) => sha256Hex(`${normalizeEmail(email)}\n${code}`);

export async function issueVerifyToken(handle: DatabaseHandle, user: User, now: Date): Promise<string> {
  const token = randomToken();
  await handle.db.insert(oneTimeCodes).values({
    purpose: "verify-email",
    userId: user.id,
    email: user.email,
    codeHash: await sha256Hex(token),
    expiresAt: new Date(now.getTime() + VERIFY_HOURS * 60 * MINUTE_MS),
    createdAt: now,
  });
  return token;
}

/** Verification links sent to one account in the last hour: resending is capped. */
export async function recentVerifyLinks(handle: DatabaseHandle, userId: number, now: Date): Promise<number> {
  const [row] = await handle.db
    .select({ n: count() })
    .from(oneTimeCodes)
    .where(and(eq(oneTimeCodes.purpose, "verify-email"), eq(oneTimeCodes.userId, userId), gt(oneTimeCodes.createdAt, new Date(now.getTime() - 60 * MINUTE_MS))));
  return row?.n ?? 0;
}

/** Marks the email verified when the token is known, unused, unexpired and still matches the account's email. */
export async function confirmEmail(handle: DatabaseHandle, token: string, now: Date): Promise<User | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const { db } = handle;
  const [match] = await db
    .select({ user: users })
    .from(oneTimeCodes)
    .innerJoin(users, eq(users.id, oneTimeCodes.userId))
    .where(
      and(
        eq(oneTimeCodes.codeHash, await sha256Hex(token)),
        eq(oneTimeCodes.purpose, "verify-email"),
        isNull(oneTimeCodes.usedAt),
        gt(oneTimeCodes.expiresAt, now),
        eq(users.email, oneTimeCodes.email),
      ),
    )
    .limit(1);
  if (!match) return null;
  const verifiedAt = match.user.emailVerifiedAt ?? now;
  await handle.atomic([
    db.update(users).set({ emailVerifiedAt: verifiedAt }).where(eq(users.id, match.user.id)),
    db.update(oneTimeCodes).set({ usedAt: now }).where(and(eq(oneTimeCodes.userId, match.user.id), eq(oneTimeCodes.purpose, "verify-email"))),
  ]);
  return { ...match.user, emailVerifiedAt: verifiedAt };
}

/** An 8-digit code from a uniform random source (no modulo bias). */
export function newResetCode(): string {
  const limit = 4_200_000_000; // a multiple of 10^8 below 2^32
  for (;;) {
    const [value] = crypto.getRandomValues(new Uint32Array(1));
    if (value! < limit) return String(value! % 100_000_000).padStart(8, "0");
  }
}

export type ResetRequest = { kind: "sent"; user: User; code: string } | { kind: "quiet" } | { kind: "throttled" };

/**
 * Issues a reset code for the email if an account has it. "quiet" means nothing is sent (no such
 * account, deactivated, or too many requests for that address); the caller answers the same way.
 */
export async function requestPasswordReset(handle: DatabaseHandle, email: string, ip: string, now: Date, findUser: (email: string) => Promise<User | null>): Promise<ResetRequest> {
  const { db } = handle;
  const since = new Date(now.getTime() - RESET_MINUTES * MINUTE_MS);
  const address = normalizeEmail(email);
  const recent = (where: ReturnType<typeof eq>) =>
    db.select({ n: count() }).from(oneTimeCodes).where(and(eq(oneTimeCodes.purpose, "password-reset"), gt(oneTimeCodes.createdAt, since), where));
  const [fromIp] = await recent(eq(oneTimeCodes.requestedFrom, ip));
  if ((fromIp?.n ?? 0) >= RESET_REQUESTS.ip) return { kind: "throttled" };
  const user = await findUser(address);
  if (!user || user.deactivatedAt) return { kind: "quiet" };
  const [forEmail] = await recent(eq(oneTimeCodes.email, address));
  if ((forEmail?.n ?? 0) >= RESET_REQUESTS.email) return { kind: "quiet" };
  const code = newResetCode();
  await db.insert(oneTimeCodes).values({
    purpose: "password-reset",
    userId: user.id,
    email: address,
    codeHash: await codeHash(address, code),
    requestedFrom: ip,
    expiresAt: new Date(now.getTime() + RESET_MINUTES * MINUTE_MS),
    createdAt: now,
  });
  return { kind: "sent", user, code };
}

export type ResetOutcome = { ok: true; user: User } | { ok: false; reason: "invalid" | "used-up" };

/**
 * Checks the code against the newest live reset code for the email. Each wrong guess counts;
 * after RESET_TRIES the code is dead. On success the password changes, every session and API log-in ends and
 * every outstanding reset code for the account is spent, in one atomic unit.
 */
export async function resetPassword(
  handle: DatabaseHandle,
  passwords: PasswordHasher,
  input: { email: string; code: string; password: string },
  now: Date,
): Promise<ResetOutcome> {
  const { db } = handle;
  const address = normalizeEmail(input.email);
  const [live] = await db
    .select()
    .from(oneTimeCodes)
    .where(and(eq(oneTimeCodes.purpose, "password-reset"), eq(oneTimeCodes.email, address), isNull(oneTimeCodes.usedAt), gt(oneTimeCodes.expiresAt, now)))
    .orderBy(desc(oneTimeCodes.id))
    .limit(1);
  if (!live) return { ok: false, reason: "invalid" };
  // Every try is counted before the code is compared, in one guarded statement, so parallel guesses cannot exceed the limit.
  const [counted] = await db
    .update(oneTimeCodes)
    .set({ attempts: sql`${oneTimeCodes.attempts} + 1` })
    .where(and(eq(oneTimeCodes.id, live.id), lt(oneTimeCodes.attempts, RESET_TRIES)))
    .returning({ attempts: oneTimeCodes.attempts });
  if (!counted) return { ok: false, reason: "used-up" };
  if (live.codeHash !== (await codeHash(address, input.code.trim()))) {
    return { ok: false, reason: counted.attempts >= RESET_TRIES ? "used-up" : "invalid" };
  }
  const [user] = await db.select().from(users).where(and(eq(users.id, live.userId), eq(users.email, address), isNull(users.deactivatedAt)));
  if (!user) return { ok: false, reason: "invalid" };
  const passwordHash = await passwords.hash(input.password);
  await handle.atomic([
    db.update(users).set({ passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now }).where(eq(users.id, user.id)),
    db.update(oneTimeCodes).set({ usedAt: now }).where(and(eq(oneTimeCodes.userId, user.id), eq(oneTimeCodes.purpose, "password-reset"), isNull(oneTimeCodes.usedAt))),
    // Every browser session and API log-in ends (src/accounts/sign-ins.ts).
    ...endSignInsStatements(db, user.id, now),
  ]);
  return { ok: true, user };
}
