import { z } from "zod";
import { normalizeCode } from "../promotions/rules";

/** "5", "5.5", "5.00", "5,00" into exact cents, without floats. */
export function parseMoneyInput(input: string): number | null {
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(input.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

const day = /^\d{4}-\d{2}-\d{2}$/;
/** A calendar day (YYYY-MM-DD) as UTC midnight, or null when empty; undefined when invalid. */
function parseDay(input: string): Date | null | undefined {
  if (!input) return null;
  if (!day.test(input)) return undefined;
  const date = new Date(`${input}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== input ? undefined : date;
}

const optionalCount = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .default("")
    .refine((text) => text === "" || (/^\d{1,6}$/.test(text) && Number(text) > 0), `${label} must be a whole number above zero, or empty for no limit.`);

export const promoForm = z
  .object({
    code: z
      .string()
      .trim()
      .transform(normalizeCode)
      .pipe(z.string().regex(/^[A-Z0-9_-]{3,32}$/, "Use 3 to 32 letters, digits, - or _ for the code.")),
    kind: z.enum(["percent", "fixed"], { message: "Choose a percentage or a fixed amount." }),
    value: z.string().trim().min(1, "Enter the discount."),
    starts_on: z.string().trim().optional().default(""),
    expires_on: z.string().trim().optional().default(""),
    min_subtotal: z.string().trim().optional().default(""),
    usage_limit: optionalCount("The usage limit"),
    per_customer_limit: optionalCount("The per-customer limit"),
  })
  .superRefine((form, ctx) => {
    if (form.kind === "percent") {
      if (!/^\d{1,3}$/.test(form.value) || Number(form.value) < 1 || Number(form.value) > 100) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "A percentage discount is a whole number from 1 to 100." });
      }
    } else {
      const cents = parseMoneyInput(form.value);
      if (cents === null || cents <= 0) ctx.addIssue({ code: "custom", path: ["value"], message: "A fixed discount is an amount above zero, like 5.00." });
    }
    const starts = parseDay(form.starts_on);
    const expires = parseDay(form.expires_on);
    if (starts === undefined) ctx.addIssue({ code: "custom", path: ["starts_on"], message: "Enter the start as a date (YYYY-MM-DD)." });
    if (expires === undefined) ctx.addIssue({ code: "custom", path: ["expires_on"], message: "Enter the expiry as a date (YYYY-MM-DD)." });
    if (starts && expires && expires <= starts) ctx.addIssue({ code: "custom", path: ["expires_on"], message: "The expiry must be after the start." });
    if (form.min_subtotal !== "" && parseMoneyInput(form.min_subtotal) === null) {
      ctx.addIssue({ code: "custom", path: ["min_subtotal"], message: "Enter the minimum spend as an amount like 20.00, or leave it empty." });
    }
  })
  .transform((form) => ({
    code: form.code,
    kind: form.kind,
    value: form.kind === "percent" ? Number(form.value) : parseMoneyInput(form.value)!,
    startsAt: parseDay(form.starts_on) ?? null,
    expiresAt: parseDay(form.expires_on) ?? null,
    minSubtotalCents: form.min_subtotal === "" ? 0 : parseMoneyInput(form.min_subtotal)!,
    usageLimit: form.usage_limit === "" ? null : Number(form.usage_limit),
    perCustomerLimit: form.per_customer_limit === "" ? null : Number(form.per_customer_limit),
  }));

export type PromoInput = z.output<typeof promoForm>;
