import { eq } from "drizzle-orm";
import { z } from "zod";
import { users, type User } from "../../db/schema";
import type { DatabaseHandle } from "../../db/client";
import { emailChoices, OPTIONAL_EMAILS, optIn, optOut, type OptionalEmail } from "../../notifications/unsubscribe";
import { name } from "../forms";

export { name as profileName };

export const OPTIONAL_EMAIL_KINDS = Object.keys(OPTIONAL_EMAILS) as [OptionalEmail, ...OptionalEmail[]];

/** What the account page and PATCH /me may change: the name, and which optional emails arrive. */
export type ProfileChange = { name?: string; emails?: Partial<Record<OptionalEmail, boolean>> };

/**
 * Saves the name and the optional-email choices. An email turned off is the very opt-out row an
 * unsubscribe link writes; turning it on removes that row.
 */
export async function updateProfile(handle: DatabaseHandle, user: User, change: ProfileChange, now: Date): Promise<User> {
  const { db } = handle;
  if (change.name !== undefined && change.name !== user.name) await db.update(users).set({ name: change.name }).where(eq(users.id, user.id));
  for (const [kind, on] of Object.entries(change.emails ?? {}) as [OptionalEmail, boolean | undefined][]) {
    if (on === true) await optIn(db, user.id, kind);
    if (on === false) await optOut(db, user.id, kind, now);
  }
  return { ...user, name: change.name ?? user.name };
}

export { emailChoices };

/** The page's form: a name, and a checkbox per optional email (an unticked box is off). */
export const profileForm = z
  .object({ name })
  .catchall(z.string())
  .transform((values) => ({
    name: values.name,
    emails: Object.fromEntries(OPTIONAL_EMAIL_KINDS.map((kind) => [kind, values[`email_${kind}`] === "on"])) as Record<OptionalEmail, boolean>,
  }));
