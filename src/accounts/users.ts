import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { oncePerDatabase } from "../db/templates";
import { users, type Role, type User } from "../db/schema";
import type { PasswordHasher } from "./passwords";
import { clearFailures, lockedUntil, recordFailure, type ThrottleKey } from "./throttle";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export type NewAccount = { name: string; email: string; password: string };

export async function findUserByEmail(db: Database, email: string): Promise<User | null> {
  const rows = await db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  return rows[0] ?? null;
}

/** Compiled once per database: every API request reads its caller (src/api/bearer.ts). */
const userReads = oncePerDatabase((db: Database) => ({
  byId: db.select().from(users).where(eq(users.id, sql.placeholder("id"))).limit(1).prepare(),
}));

export async function findUserById(db: Database, id: number): Promise<User | null> {
  const rows = await userReads(db).byId.all({ id });
  return rows[0] ?? null;
}

/**
 * Creates a shopper, or a manager awaiting approval. Returns null when the email is taken;
 * the unique index decides, so two simultaneous sign-ups cannot both win.
 */
export async function registerAccount(
  db: Database,
  passwords: PasswordHasher,
  account: NewAccount,
  role: Extract<Role, "customer" | "manager">,
): Promise<User | null> {
  const passwordHash = await passwords.hash(account.password);
  const rows = await db
    .insert(users)
    .values({ name: account.name.trim(), email: normalizeEmail(account.email), passwordHash, role })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return rows[0] ?? null;
}

export type LogInResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" | "deactivated" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/** A real argon2id hash of a random password: verifying against it costs what a real check costs. */
const TIMING_DECOY = "$argon2id$v=19$m=19456,t=2,p=1$No9XDgHrnYT75GJYnZ+ZRdJZdx4HiOpu+yGvPbT/Qx4$8Lp3BNi/6t/YBI6K74Ha4id/Em9uW48YHy0QJqxLRzo";

export async function logIn(
  db: Database,
  passwords: PasswordHasher,
  credentials: { email: string; password: string; ip: string; trustedDevice?: string | null },
  now: Date,
): Promise<LogInResult> {
  const email = normalizeEmail(credentials.email);
  // A browser that signed in to this account before answers for its own failures, not the account's lock.
  const keys: ThrottleKey[] = [
    credentials.trustedDevice ? { kind: "device", value: credentials.trustedDevice } : { kind: "account", value: email },
    { kind: "ip", value: credentials.ip },
  ];
  const retryAt = await lockedUntil(db, keys, now);
  if (retryAt) return { ok: false, reason: "throttled", retryAt };

  const user = await findUserByEmail(db, email);
  const valid = await passwords.verify(credentials.password, user?.passwordHash ?? TIMING_DECOY);
  if (!user || !valid) {
    await recordFailure(db, keys, now);
    return { ok: false, reason: "invalid" };
  }
  if (user.deactivatedAt) return { ok: false, reason: "deactivated" };
  await clearFailures(db, [keys[0]!]);
  await db.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
  return { ok: true, user };
}

/** What a user may do in the back office. */
export function staffAccess(user: User | null): "none" | "pending" | "manager" | "admin" {
  if (!user || user.deactivatedAt) return "none";
  if (user.role === "admin") return "admin";
  if (user.role === "manager") return user.approvedAt ? "manager" : "pending";
  return "none";
}
