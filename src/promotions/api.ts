import { parseDay } from "../values/day";
import { createRoute, z } from "@hono/zod-openapi";
import type { Database } from "../db/client";
import { PROMO_KINDS, type PromoCode } from "../db/shop-tables";
import { findPromoById, promoSummaries, savePromo, setPromoActive, type PromoSummary } from "./codes";
import { promoRuleErrors, type PromoField, type PromoInput } from "./contract";
import { normalizeCode } from "./rules";
import { bearerAuth, callerOf, requireStaffRole } from "../api/bearer";
import { apiRouter } from "../api/env";
import { ApiProblem, notFound, problems, problemType, type FieldError } from "../api/problem";
import { Cents, IdParam, listOf, PageQuery, pageOf } from "../api/schemas";

/** Promo codes for managers, over the back office's own rules (form.ts, codes.ts beside it). */
export const promoApi = apiRouter();
promoApi.use("/promo-codes", bearerAuth(), requireStaffRole("manager"));
promoApi.use("/promo-codes/*", bearerAuth(), requireStaffRole("manager"));

const Moment = z.string().openapi({ format: "date-time" }).nullable();

const PromoCodeSchema = z
  .object({
    id: z.number().int().openapi({ example: 3 }),
    code: z.string().openapi({ example: "SPRING10" }),
    kind: z.enum(PROMO_KINDS).openapi({ example: "percent" }),
    percent_off: z.number().int().nullable().openapi({ description: "For `percent` codes, 1-100; otherwise null.", example: 10 }),
    amount_off_cents: Cents.nullable().openapi({ description: "For `fixed` codes, the amount taken off; otherwise null.", example: null }),
    active: z.boolean(),
    starts_at: Moment.openapi({ description: "Usable from this moment; null: at once.", example: "2026-11-01T00:00:00.000Z" }),
    expires_at: Moment.openapi({ description: "Usable until just before this moment; null: never expires.", example: "2026-12-01T00:00:00.000Z" }),
    min_subtotal_cents: Cents.openapi({ description: "The cart must come to at least this before discount; 0 for any.", example: 2000 }),
    usage_limit: z.number().int().nullable().openapi({ description: "Uses allowed in all; null for no limit.", example: 100 }),
    per_customer_limit: z.number().int().nullable().openapi({ description: "Uses allowed per customer; null for no limit.", example: 1 }),
    uses: z.number().int().openapi({ description: "Orders that used it (cancelled orders excluded).", example: 12 }),
    revenue_cents: Cents.openapi({ description: "What those orders came to, after their discount.", example: 45210 }),
    discount_cents: Cents.openapi({ description: "What those orders were given off.", example: 5023 }),
    created_at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("PromoCode");

const promoJson = (promo: PromoSummary): z.infer<typeof PromoCodeSchema> => ({
  id: promo.id,
  code: promo.code,
  kind: promo.kind,
  percent_off: promo.kind === "percent" ? promo.value : null,
  amount_off_cents: promo.kind === "fixed" ? promo.value : null,
  active: promo.active,
  starts_at: promo.startsAt?.toISOString() ?? null,
  expires_at: promo.expiresAt?.toISOString() ?? null,
  min_subtotal_cents: promo.minSubtotalCents,
  usage_limit: promo.usageLimit,
  per_customer_limit: promo.perCustomerLimit,
  uses: promo.uses,
  revenue_cents: promo.revenueCents,
  discount_cents: promo.discountCents,
  created_at: promo.createdAt.toISOString(),
});

/** A day (UTC midnight) or an ISO 8601 date-time with its offset. */
function readMoment(text: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return parseDay(text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  // The day itself must be on the calendar: Date would read 2026-02-30T09:00Z as 2 March.
  if (!parseDay(text.slice(0, 10))) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

const MOMENT_SHAPE = "must be a date (2026-12-01) or a date-time (2026-12-01T09:00:00Z)";
const MomentInput = z
  .string({ message: MOMENT_SHAPE })
  .superRefine((text, ctx) => {
    if (readMoment(text) !== null) return;
    // Written right but not on the calendar (2026-02-30): the same words as the pages (src/values/day-format.ts).
    const day = /^(\d{4}-\d{2}-\d{2})(T|$)/.exec(text)?.[1];
    ctx.addIssue({ code: "custom", message: day && !parseDay(day) ? `That date does not exist: ${day} is not a day on the calendar.` : MOMENT_SHAPE });
  })
  .nullable()
  .optional();
const WholeNumber = (what: string) =>
  z
    .number({ message: `must be ${what}` })
    .max(999_999_999, { message: "must be at most 999999999", abort: true })
    .int(`must be ${what}`);
const Limit = WholeNumber("a whole number, or null for no limit").nullable().optional();

const promoFields = {
  code: z.string({ message: "must be text" }).openapi({ description: "3-32 letters, digits, - or _; stored upper-case, unique in any case.", example: "SPRING10" }),
  kind: z.enum(PROMO_KINDS, { message: "must be percent or fixed" }),
  percent_off: WholeNumber("a whole number").optional().openapi({ description: "Required for `percent` codes: 1-100.", example: 10 }),
  amount_off_cents: WholeNumber("a whole number of cents").optional().openapi({ description: "Required for `fixed` codes: at least 1." }),
  starts_at: MomentInput.openapi({ description: "A day (UTC midnight) or a date-time; null or absent: at once.", example: "2026-11-01" }),
  expires_at: MomentInput.openapi({ description: "A day or a date-time after `starts_at`; null or absent: never.", example: "2026-12-01" }),
  min_subtotal_cents: WholeNumber("a whole number of cents").optional().openapi({ description: "Minimum cart subtotal; default 0.", example: 2000 }),
  usage_limit: Limit.openapi({ description: "Uses allowed in all (1-999999); null: no limit.", example: 100 }),
  per_customer_limit: Limit.openapi({ description: "Uses allowed per customer (1-999999); null: no limit.", example: 1 }),
};

const NewPromoCode = z.object(promoFields).openapi("NewPromoCode", { example: { code: "SPRING10", kind: "percent", percent_off: 10, expires_at: "2026-12-01" } });

const PromoCodeChange = z
  .object({
    ...promoFields,
    code: promoFields.code.optional(),
    kind: promoFields.kind.optional(),
    active: z.boolean({ message: "must be true or false" }).optional().openapi({ description: "false: shoppers can no longer use it; orders placed keep their discount." }),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: "send at least one field to change", path: ["code"] })
  .openapi("PromoCodeChange", { example: { active: false } });

type PromoFieldsBody = Partial<z.infer<typeof NewPromoCode>>;

const invalid = (errors: FieldError[]) =>
  new ApiProblem(422, "Unprocessable Content", errors.map((error) => `${error.path}: ${error.message.replace(/\.$/, "")}`).join("; "), { type: problemType("validation"), errors });

const valuePath = (kind: PromoCode["kind"]) => (kind === "percent" ? "percent_off" : "amount_off_cents");
const API_PATHS: Record<Exclude<PromoField, "value">, string> = {
  code: "code",
  kind: "kind",
  startsAt: "starts_at",
  expiresAt: "expires_at",
  minSubtotalCents: "min_subtotal_cents",
  usageLimit: "usage_limit",
  perCustomerLimit: "per_customer_limit",
};

/** The body over what the code holds now (nothing, for a new one), checked by the back office's rules. */
function promoInputOf(body: PromoFieldsBody, current: PromoCode | null): PromoInput {
  const kind = body.kind ?? current?.kind ?? "percent";
  const other = kind === "percent" ? "amount_off_cents" : "percent_off";
  const given = kind === "percent" ? body.percent_off : body.amount_off_cents;
  const value = given ?? (current?.kind === kind ? current.value : undefined);
  const errors: FieldError[] = [];
  if (body[other] !== undefined) errors.push({ path: other, message: `only for ${other === "percent_off" ? "percent" : "fixed"} codes; this one is ${kind}` });
  if (value === undefined) errors.push({ path: valuePath(kind), message: `required for a ${kind} code` });
  const moment = (text: string | null | undefined, now: Date | null) => (text === undefined ? now : text === null ? null : readMoment(text));
  const input: PromoInput = {
    code: body.code === undefined ? current!.code : normalizeCode(body.code),
    kind,
    value: value ?? 0,
    startsAt: moment(body.starts_at, current?.startsAt ?? null),
    expiresAt: moment(body.expires_at, current?.expiresAt ?? null),
    minSubtotalCents: body.min_subtotal_cents ?? current?.minSubtotalCents ?? 0,
    usageLimit: body.usage_limit === undefined ? (current?.usageLimit ?? null) : body.usage_limit,
    perCustomerLimit: body.per_customer_limit === undefined ? (current?.perCustomerLimit ?? null) : body.per_customer_limit,
  };
  for (const [field, message] of Object.entries(promoRuleErrors(input)) as [PromoField, string][]) {
    const path = field === "value" ? valuePath(kind) : API_PATHS[field];
    if (!errors.some((error) => error.path === path)) errors.push({ path, message });
  }
  if (errors.length) throw invalid(errors);
  return input;
}

/** savePromo's refusals: a taken code or a limit under the uses so far are conflicts with what is stored. */
function refusal(errors: Record<string, string>): ApiProblem {
  if (errors.form) return notFound(errors.form);
  const list = Object.entries(errors).map(([path, message]) => ({ path, message }));
  return new ApiProblem(409, "Conflict", list.map((error) => error.message).join(" "), { errors: list });
}

/** The code as the back office lists it, with its uses and revenue. */
async function summaryOf(db: Database, id: number): Promise<PromoSummary> {
  return (await promoSummaries(db)).find((promo) => promo.id === id)!;
}

const promoContent = { "application/json": { schema: PromoCodeSchema } };

promoApi.openapi(
  createRoute({
    method: "get",
    path: "/promo-codes",
    operationId: "listPromoCodes",
    tags: ["Promotions"],
    summary: "Promo codes with their uses and revenue (manager)",
    description: "Active codes first, then by code, as the back office lists them.",
    request: { query: PageQuery },
    responses: { 200: { description: "A page of promo codes.", content: { "application/json": { schema: listOf(PromoCodeSchema, "PromoCodeList") } } }, ...problems(400, 401, 403) },
  }),
  async (c) => {
    const { page, next_cursor } = pageOf(await promoSummaries(c.var.deps.database.db), c.req.valid("query"));
    return c.json({ items: page.map(promoJson), next_cursor }, 200);
  },
);

promoApi.openapi(
  createRoute({
    method: "post",
    path: "/promo-codes",
    operationId: "createPromoCode",
    tags: ["Promotions"],
    summary: "Create a promo code (manager)",
    description: "A `percent` code takes `percent_off`, a `fixed` one `amount_off_cents`. Codes are unique in any case: a taken one is 409.",
    request: { body: { required: true, content: { "application/json": { schema: NewPromoCode } } } },
    responses: { 201: { description: "The new code.", content: promoContent }, ...problems(401, 403, 409, 422) },
  }),
  async (c) => {
    const input = promoInputOf(c.req.valid("json"), null);
    const { database, clock } = c.var.deps;
    const saved = await savePromo(database, input, { actorId: callerOf(c).id, now: clock.now() });
    if (!saved.ok) throw refusal(saved.errors);
    return c.json(promoJson(await summaryOf(database.db, saved.promo.id)), 201);
  },
);

promoApi.openapi(
  createRoute({
    method: "patch",
    path: "/promo-codes/{id}",
    operationId: "updatePromoCode",
    tags: ["Promotions"],
    summary: "Change a promo code, or switch it off and on (manager)",
    description: "Send only what changes. Changing `kind` needs the matching `percent_off` or `amount_off_cents`; `usage_limit` can't go below the uses so far (409).",
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: PromoCodeChange } } } },
    responses: { 200: { description: "The code after the change.", content: promoContent }, ...problems(400, 401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { active, ...fields } = c.req.valid("json");
    const { database, clock } = c.var.deps;
    const context = { actorId: callerOf(c).id, now: clock.now() };
    const current = await findPromoById(database.db, id);
    if (!current) throw notFound("No promo code with that id.");
    if (Object.values(fields).some((value) => value !== undefined)) {
      const saved = await savePromo(database, promoInputOf(fields, current), { ...context, id });
      if (!saved.ok) throw refusal(saved.errors);
    }
    if (active !== undefined && active !== current.active) await setPromoActive(database, id, active, context);
    return c.json(promoJson(await summaryOf(database.db, id)), 200);
  },
);
