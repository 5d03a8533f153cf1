import { z } from "zod";
import { PROMO_KINDS } from "../db/shop-tables";
import { parseDay } from "../values/day";
import { parseMoney } from "../values/money";
import { normalizeCode } from "./rules";

/** A calendar day as UTC midnight, or null when empty; undefined when invalid. */
const optionalDay = (input: string): Date | null | undefined => (input ? (parseDay(input) ?? undefined) : null);

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

const formText = z.string().trim().optional().default("");

const promoFormFields = z.object({
  code: z.string().trim().transform(normalizeCode),
  kind: z.enum(PROMO_KINDS, { message: "Choose a percentage or a fixed amount." }),
  value: z.string().trim().min(1, "Enter the discount."),
  starts_on: formText,
  expires_on: formText,
  min_subtotal: formText,
  usage_limit: formText,
  per_customer_limit: formText,
});

type PromoFormFields = z.output<typeof promoFormFields>;

/** The form's field for each value, and its wording where the form asks for text ("like 5.00", "or empty"). */
const FORM_FIELDS: Record<PromoField, keyof PromoFormFields> = {
  code: "code",
  kind: "kind",
  value: "value",
  startsAt: "starts_on",
  expiresAt: "expires_on",
  minSubtotalCents: "min_subtotal",
  usageLimit: "usage_limit",
  perCustomerLimit: "per_customer_limit",
};
const limitText = (label: string) => `${label} must be a whole number above zero, or empty for no limit.`;
const FORM_WORDING: Partial<Record<PromoField, (form: PromoFormFields) => string | undefined>> = {
  value: (form) => (form.kind === "fixed" ? "A fixed discount is an amount above zero, like 5.00." : undefined),
  minSubtotalCents: () => "Enter the minimum spend as an amount like 20.00, or leave it empty.",
  usageLimit: () => limitText("The usage limit"),
  perCustomerLimit: () => limitText("The per-customer limit"),
};

/** The form's text as values (NaN where a number can't be read, so the rules refuse it) and the dates it couldn't read. */
function readPromoForm(form: PromoFormFields): { input: PromoInput; unreadable: Partial<Record<keyof PromoFormFields, string>> } {
  const count = (text: string) => (text === "" ? null : /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN);
  const starts = optionalDay(form.starts_on);
  const expires = optionalDay(form.expires_on);
  const unreadable: Partial<Record<keyof PromoFormFields, string>> = {};
  if (starts === undefined) unreadable.starts_on = "Enter the start as a date (YYYY-MM-DD).";
  if (expires === undefined) unreadable.expires_on = "Enter the expiry as a date (YYYY-MM-DD).";
  return {
    input: {
      code: form.code,
      kind: form.kind,
      value: form.kind === "percent" ? (/^\d{1,3}$/.test(form.value) ? Number(form.value) : Number.NaN) : (parseMoney(form.value) ?? Number.NaN),
      startsAt: starts ?? null,
      expiresAt: expires ?? null,
      minSubtotalCents: form.min_subtotal === "" ? 0 : (parseMoney(form.min_subtotal) ?? Number.NaN),
      usageLimit: count(form.usage_limit),
      perCustomerLimit: count(form.per_customer_limit),
    },
    unreadable,
  };
}

/** The back office's promo form: text in, a `PromoInput` out, checked by `promoRuleErrors`. */
export const promoForm = promoFormFields
  .superRefine((form, ctx) => {
    const { input, unreadable } = readPromoForm(form);
    for (const [path, message] of Object.entries(unreadable)) ctx.addIssue({ code: "custom", path: [path], message });
    for (const [field, message] of Object.entries(promoRuleErrors(input)) as [PromoField, string][]) {
      if (field === "value" && !(PROMO_KINDS as readonly string[]).includes(form.kind)) continue; // the kind's own error says it
      ctx.addIssue({ code: "custom", path: [FORM_FIELDS[field]], message: FORM_WORDING[field]?.(form) ?? message });
    }
  })
  .transform((form): PromoInput => readPromoForm(form).input);
