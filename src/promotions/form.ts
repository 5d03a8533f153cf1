import { z } from "zod";
import { PROMO_KINDS } from "../db/shop-tables";
import { promoRuleErrors, type PromoField, type PromoInput } from "./contract";
import { parseDay } from "../values/day";
import { readDayField, type DayFormat } from "../values/day-format";
import { parseMoney } from "../values/money";
import { normalizeCode } from "./rules";

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

/**
 * The form's text as values (NaN where a number can't be read, so the rules refuse it) and the dates
 * it couldn't read. Days are read as the store writes them (src/values/day-format.ts), as UTC midnight.
 */
function readPromoForm(form: PromoFormFields, days?: DayFormat): { input: PromoInput; unreadable: Partial<Record<keyof PromoFormFields, string>> } {
  const count = (text: string) => (text === "" ? null : /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN);
  const unreadable: Partial<Record<keyof PromoFormFields, string>> = {};
  const day = (field: "starts_on" | "expires_on"): Date | null => {
    const reading = readDayField(form[field], days);
    if (!reading.ok) unreadable[field] = reading.message;
    return reading.ok && reading.iso ? parseDay(reading.iso) : null;
  };
  const starts = day("starts_on");
  const expires = day("expires_on");
  return {
    input: {
      code: form.code,
      kind: form.kind,
      value: form.kind === "percent" ? (/^\d{1,3}$/.test(form.value) ? Number(form.value) : Number.NaN) : (parseMoney(form.value) ?? Number.NaN),
      startsAt: starts,
      expiresAt: expires,
      minSubtotalCents: form.min_subtotal === "" ? 0 : (parseMoney(form.min_subtotal) ?? Number.NaN),
      usageLimit: count(form.usage_limit),
      perCustomerLimit: count(form.per_customer_limit),
    },
    unreadable,
  };
}

/** The back office's promo form: text in, a `PromoInput` out, checked by `promoRuleErrors`. */
export const promoFormFor = (days?: DayFormat) =>
    promoFormFields
    .superRefine((form, ctx) => {
      const { input, unreadable } = readPromoForm(form, days);
      for (const [path, message] of Object.entries(unreadable)) ctx.addIssue({ code: "custom", path: [path], message });
      for (const [field, message] of Object.entries(promoRuleErrors(input)) as [PromoField, string][]) {
        if (field === "value" && !(PROMO_KINDS as readonly string[]).includes(form.kind)) continue; // the kind's own error says it
        ctx.addIssue({ code: "custom", path: [FORM_FIELDS[field]], message: FORM_WORDING[field]?.(form) ?? message });
      }
    })
    .transform((form): PromoInput => readPromoForm(form, days).input);
