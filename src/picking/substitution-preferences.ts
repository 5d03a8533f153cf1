import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import { cartItems } from "../db/shop-tables";

/*
 * "Allow a substitute" per cart line, with a note for the picker (ADR 028). A line that says
 * nothing follows the shopper's own setting, and a shopper who set nothing follows the store's
 * (SUBSTITUTES_ALLOWED_BY_DEFAULT). Checkout writes the resolved choice onto the order line.
 */

export const SUBSTITUTE_NOTE_MAX = 200;

/** The one contract for the cart page's form and the API: the choice and an optional note. */
export const substitutionPreference = z.object({
  allow_substitute: z
    .union([z.boolean(), z.enum(["true", "false", "on", "off", "1", "0"])], { message: "Say whether a substitute is allowed (true or false)." })
    .transform((value) => value === true || value === "true" || value === "on" || value === "1"),
  substitute_note: z
    .string({ message: "The note must be text." })
    .trim()
    .max(SUBSTITUTE_NOTE_MAX, `Keep the note under ${SUBSTITUTE_NOTE_MAX} characters.`)
    .optional()
    .transform((value) => (value ? value : null)),
});
export type SubstitutionPreference = z.infer<typeof substitutionPreference>;

/** The line's own choice, else the shopper's, else the store's. */
export const allowsSubstitute = (line: boolean | null, shopper: boolean | null | undefined, store: boolean): boolean => line ?? shopper ?? store;

export async function shopperSubstituteDefault(db: Database, userId: number | null): Promise<boolean | null> {
  if (userId === null) return null;
  const [row] = await db.select({ allow: users.allowSubstitutes }).from(users).where(eq(users.id, userId));
  return row?.allow ?? null;
}

/** Sets a cart line's choice and note; false when the cart has no such line. */
export async function setLinePreference(db: Database, cartId: number, productId: number, preference: SubstitutionPreference): Promise<boolean> {
  const updated = await db
    .update(cartItems)
    .set({ allowSubstitute: preference.allow_substitute, substituteNote: preference.substitute_note })
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId)))
    .returning({ id: cartItems.id });
  return updated.length > 0;
}

/** The shopper's own default for new lines (null: follow the store). */
export async function setShopperSubstituteDefault(db: Database, userId: number, allow: boolean | null): Promise<void> {
  await db.update(users).set({ allowSubstitutes: allow }).where(eq(users.id, userId));
}

/** The account page's choice: follow the store, always allow, or never allow substitutes. */
export const SHOPPER_DEFAULT_CHOICES = ["store", "allow", "forbid"] as const;
export type ShopperDefaultChoice = (typeof SHOPPER_DEFAULT_CHOICES)[number];

/** The one contract for the account page's form and the API: the shopper's default for new lines. */
export const shopperSubstituteChoice = z.object({
  substitutes: z.enum(SHOPPER_DEFAULT_CHOICES, { message: "Choose whether substitutes are allowed: store, allow or forbid." }),
});

export const choiceOfDefault = (allow: boolean | null): ShopperDefaultChoice => (allow === null ? "store" : allow ? "allow" : "forbid");
export const defaultOfChoice = (choice: ShopperDefaultChoice): boolean | null => (choice === "store" ? null : choice === "allow");
