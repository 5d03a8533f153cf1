import { PROMO_KINDS } from "../db/shop-tables";

/*
 * A promo code, one contract whichever way it arrives: the back office's form (form.ts) reads its
 * text and the API (api.ts) its JSON into a `PromoInput`, and both check it with `promoRuleErrors`,
 * naming the broken field in their own terms (the form's box, the API's property).
 */

/** A promo code as it is saved, whichever way it was entered (the back-office form or the API). */
export type PromoInput = {
  code: string;
  kind: (typeof PROMO_KINDS)[number];
  /** Percent (1-100) or a fixed amount in cents. */
  value: number;
  startsAt: Date | null;
  expiresAt: Date | null;
  minSubtotalCents: number;
  usageLimit: number | null;
  perCustomerLimit: number | null;
};

export type PromoField = keyof PromoInput;

/** The largest limit and the largest amount (9,999,999.99, what the form can read) a code may hold. */
export const PROMO_LIMIT_MAX = 999_999;
export const PROMO_AMOUNT_MAX_CENTS = 999_999_999;

const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * The rules every promo code obeys, checked on parsed values so the form and the API share them:
 * one message per broken field. (Unique codes and limits below the uses so far are checked by
 * `savePromo` against the database.)
 */
export function promoRuleErrors(input: PromoInput): Partial<Record<PromoField, string>> {
  const errors: Partial<Record<PromoField, string>> = {};
  if (!/^[A-Z0-9_-]{3,32}$/.test(input.code)) errors.code = "Use 3 to 32 letters, digits, - or _ for the code.";
  if (input.kind === "percent" && !whole(input.value, 1, 100)) errors.value = "A percentage discount is a whole number from 1 to 100.";
  if (input.kind === "fixed" && !whole(input.value, 1, PROMO_AMOUNT_MAX_CENTS)) errors.value = "A fixed discount is an amount above zero.";
  if (input.startsAt && input.expiresAt && input.expiresAt <= input.startsAt) errors.expiresAt = "The expiry must be after the start.";
  if (!whole(input.minSubtotalCents, 0, PROMO_AMOUNT_MAX_CENTS)) errors.minSubtotalCents = "The minimum spend is an amount of zero or more.";
  const limit = (value: number | null) => value === null || whole(value, 1, PROMO_LIMIT_MAX);
  if (!limit(input.usageLimit)) errors.usageLimit = `The usage limit must be a whole number from 1 to ${PROMO_LIMIT_MAX}, or none.`;
  if (!limit(input.perCustomerLimit)) errors.perCustomerLimit = `The per-customer limit must be a whole number from 1 to ${PROMO_LIMIT_MAX}, or none.`;
  return errors;
}
