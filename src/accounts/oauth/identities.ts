import { and, asc, count, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { linkedIdentities, users, type LinkedIdentity, type User } from "../../db/schema";
import { findUserByEmail, findUserById, normalizeEmail } from "../users";
import { ProviderSignInError } from "./id-token";
import type { ProviderProfile } from "./flow";
import type { ProviderId } from "./providers";

export async function identitiesOf(db: Database, userId: number): Promise<LinkedIdentity[]> {
  return db.select().from(linkedIdentities).where(eq(linkedIdentities.userId, userId)).orderBy(asc(linkedIdentities.createdAt));
}

async function identityOwner(db: Database, provider: ProviderId, subject: string): Promise<User | null> {
  const [row] = await db
    .select({ userId: linkedIdentities.userId })
    .from(linkedIdentities)
    .where(and(eq(linkedIdentities.provider, provider), eq(linkedIdentities.subject, subject)));
  return row ? findUserById(db, row.userId) : null;
}

async function link(db: Database, provider: ProviderId, profile: ProviderProfile, userId: number, now: Date): Promise<void> {
  await db
    .insert(linkedIdentities)
    .values({ provider, subject: profile.subject, userId, email: profile.email ? normalizeEmail(profile.email) : null, createdAt: now })
    .onConflictDoNothing();
}

export type ProviderSignIn = { user: User; created: boolean };

/**
 * Who a provider sign-in is: the account already linked to it; else the account with the same
 * email, linked now, only when the provider verified that email; else a new shopper account.
 */
export async function signInWithProvider(db: Database, provider: ProviderId, profile: ProviderProfile, label: string, now: Date): Promise<ProviderSignIn> {
  const linked = await identityOwner(db, provider, profile.subject);
  if (linked) return { user: linked, created: false };
  if (!profile.email || !profile.emailVerified) {
    const existing = profile.email ? await findUserByEmail(db, profile.email) : null;
    throw new ProviderSignInError(
      existing
        ? `${label} has not verified the email ${profile.email}, so it can't be used to open the account with that email. Log in with your password, then link ${label} from your account page.`
        : `${label} did not give us a verified email address, so we can't create an account from it. Verify your email at ${label}, or sign up with a password.`,
      409,
    );
  }
  const email = normalizeEmail(profile.email);
  const existing = await findUserByEmail(db, email);
  if (existing) {
    await link(db, provider, profile, existing.id, now);
    return { user: existing, created: false };
  }
  const name = (profile.name?.trim() || email.split("@")[0] || "Shopper").slice(0, 80);
  const [created] = await db
    .insert(users)
    .values({ name, email, passwordHash: null, role: "customer", createdAt: now })
    .onConflictDoNothing({ target: users.email })
    .returning();
  // Lost a race with another sign-up for the same email: that account is the verified owner's too.
  const user = created ?? (await findUserByEmail(db, email));
  if (!user) throw new ProviderSignInError("The account could not be created. Please try again.", 409);
  await link(db, provider, profile, user.id, now);
  return { user, created: Boolean(created) };
}

/** Links a provider account to the signed-in user, unless it already opens someone else's account. */
export async function linkToUser(db: Database, provider: ProviderId, profile: ProviderProfile, user: User, label: string, now: Date): Promise<void> {
  const owner = await identityOwner(db, provider, profile.subject);
  if (owner && owner.id !== user.id) {
    throw new ProviderSignInError(`That ${label} account already opens another account in this store.`, 409);
  }
  if (!owner) await link(db, provider, profile, user.id, now);
}

export type UnlinkResult = "unlinked" | "not-found" | "last-way-in";

/** Removes a link, but never the last way into an account without a password. */
export async function unlinkIdentity(db: Database, user: User, identityId: number): Promise<UnlinkResult> {
  const [identity] = await db
    .select()
    .from(linkedIdentities)
    .where(and(eq(linkedIdentities.id, identityId), eq(linkedIdentities.userId, user.id)));
  if (!identity) return "not-found";
  if (!user.passwordHash) {
    const [row] = await db.select({ n: count() }).from(linkedIdentities).where(eq(linkedIdentities.userId, user.id));
    if ((row?.n ?? 0) <= 1) return "last-way-in";
  }
  await db.delete(linkedIdentities).where(and(eq(linkedIdentities.id, identityId), eq(linkedIdentities.userId, user.id)));
  return "unlinked";
}
