import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bearerAuth, callerOf } from "../api/bearer";
import { apiRouter, type ApiEnv } from "../api/env";
import { ApiProblem, notFound, problems, problemType } from "../api/problem";
import { IdParam } from "../api/schemas";
import type { User } from "../db/schema";
import { emailChoices, type OptionalEmail } from "../notifications/unsubscribe";
import { proofFields } from "./reauth";
import { endSignIn, endSignIns, listSignIns } from "./sign-ins";
import { changePassword } from "./settings/change-password";
import { pendingEmailChange, requestEmailChange } from "./settings/change-email";
import { closeAccount } from "./settings/close-account";
import { findExport, requestExport } from "./settings/data-export";
import { profileName, updateProfile } from "./settings/profile";
import { describeUserAgent } from "./settings/user-agent";
import { email, newPassword } from "./forms";
import { choiceOfDefault, defaultOfChoice, setShopperSubstituteDefault, SHOPPER_DEFAULT_CHOICES, shopperSubstituteDefault } from "../picking/substitution-preferences";

/*
 * The account itself over the API: the same domain functions as the account page
 * (src/accounts/settings/*), so the same rules, proofs and emails.
 */
export const meApi = apiRouter();

const EmailPreferences = z
  .object({
    we_miss_you: z.boolean({ message: "must be true or false" }).optional(),
    cart_reminder: z.boolean({ message: "must be true or false" }).optional(),
    back_in_stock: z.boolean({ message: "must be true or false" }).optional(),
  })
  .strict()
  .openapi("EmailPreferences", { description: "Optional emails: true to receive them. The unsubscribe link in such an email switches the same setting." });

const Substitutes = z
  .enum(SHOPPER_DEFAULT_CHOICES, { message: "must be store, allow or forbid" })
  .openapi({ description: "Whether new cart lines allow a substitute: `store` follows the store's setting; each line can say otherwise." });

const kindOf = (key: string) => key.replace(/_/g, "-") as OptionalEmail;

const AccountSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["customer", "manager", "admin"]),
    email_confirmed: z.boolean(),
    pending_email: z.string().nullable().openapi({ description: "A new address waiting for its confirmation link; the email changes only once it is opened." }),
    email_preferences: EmailPreferences,
    substitutes: Substitutes,
  })
  .openapi("Account");

async function accountJson(c: Context<ApiEnv>, user: User): Promise<z.infer<typeof AccountSchema>> {
  const { database, clock } = c.var.deps;
  const [choices, pending, substitutes] = await Promise.all([
    emailChoices(database.db, user.id),
    pendingEmailChange(database.db, user.id, clock.now()),
    shopperSubstituteDefault(database.db, user.id),
  ]);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    email_confirmed: Boolean(user.emailVerifiedAt),
    pending_email: pending?.newEmail ?? null,
    email_preferences: { we_miss_you: choices["we-miss-you"], cart_reminder: choices["cart-reminder"], back_in_stock: choices["back-in-stock"] },
    substitutes: choiceOfDefault(substitutes),
  };
}

const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { "application/json": { schema } } } });

/** A failed proof or rule as a problem: field errors are 422, too many tries 429, state conflicts 409. */
function refusal(result: { field?: string; message: string; status: number; retryAfterSeconds?: number }): ApiProblem {
  const headers = result.retryAfterSeconds ? { "Retry-After": String(result.retryAfterSeconds) } : undefined;
  if (result.status === 429) return new ApiProblem(429, "Too Many Requests", result.message, { headers });
  if (result.status === 409) return new ApiProblem(409, "Conflict", result.message, result.field ? { errors: [{ path: result.field, message: result.message }] } : {});
  return new ApiProblem(422, "Unprocessable Content", result.message, { type: problemType("validation"), errors: [{ path: result.field ?? "body", message: result.message }] });
}

const AccountChange = z
  .object({
    name: profileName.optional(),
    email_preferences: EmailPreferences.optional(),
    substitutes: Substitutes.optional(),
    email: email.optional().openapi({ description: "A new address: we email it a confirmation link; nothing changes until it is opened. Needs `current_password`." }),
    ...proofFields,
  })
  .refine((body) => body.name !== undefined || body.email_preferences !== undefined || body.substitutes !== undefined || body.email !== undefined, {
    message: "send name, email_preferences, substitutes and/or email",
    path: ["name"],
  })
  .openapi("AccountChange", { example: { name: "Sam Shopper", email_preferences: { we_miss_you: false } } });

meApi.openapi(
  createRoute({
    method: "patch",
    path: "/me",
    operationId: "updateMe",
    tags: ["Account"],
    summary: "Change your name, email preferences, substitution default or email address",
    description:
      "A new `email` needs `current_password`; it is sent a confirmation link, the old address a notice with a “this wasn't me” link, " +
      "and the account keeps its address until the link is opened (`pending_email` meanwhile). 409 when another account has that address.",
    middleware: [bearerAuth()] as const,
    request: jsonBody(AccountChange),
    responses: { 200: { description: "The account after the change.", content: { "application/json": { schema: AccountSchema } } }, ...problems(409, 422, 429) },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const { database, clock } = c.var.deps;
    let user = callerOf(c);
    if (body.email !== undefined) {
      const base = c.var.deps.config.PUBLIC_URL?.replace(/\/$/, "") ?? new URL(c.req.url).origin;
      const result = await requestEmailChange(c.var.deps, user, { new_email: body.email, current_password: body.current_password, code: body.code }, {
        confirm: (token) => `${base}/account/email/confirm?token=${token}`,
        undo: (token) => `${base}/account/email/undo?token=${token}`,
      });
      if (!result.ok) throw refusal(result.field === "new_email" ? { ...result, field: "email" } : result);
    }
    if (body.name !== undefined || body.email_preferences) {
      const emails = Object.fromEntries(Object.entries(body.email_preferences ?? {}).map(([key, on]) => [kindOf(key), on]));
      user = await updateProfile(database, user, { name: body.name, emails }, clock.now());
    }
    if (body.substitutes !== undefined) await setShopperSubstituteDefault(database.db, user.id, defaultOfChoice(body.substitutes));
    return c.json(await accountJson(c, user), 200);
  },
);

meApi.openapi(
  createRoute({
    method: "post",
    path: "/me/password",
    operationId: "changePassword",
    tags: ["Account"],
    summary: "Change your password",
    description:
      "Needs `current_password`; the new one follows the sign-up rules (10-200 characters). Every other API log-in and browser session of " +
      "the account ends (their refresh and access tokens stop working); the token used for this call keeps working. The owner is emailed.",
    middleware: [bearerAuth()] as const,
    request: jsonBody(z.object({ ...proofFields, new_password: newPassword }).openapi("PasswordChange", { example: { current_password: "fresh-produce-123", new_password: "crisp-apples-2026" } })),
    responses: { 204: { description: "Changed." }, ...problems(422, 429) },
  }),
  async (c) => {
    const result = await changePassword(c.var.deps, callerOf(c), c.req.valid("json"), c.var.apiSignInId);
    if (!result.ok) throw refusal(result);
    return c.body(null, 204);
  },
);

const SignInSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(["browser", "api"]).openapi({ description: "A browser session, or an API log-in (a refresh-token family)." }),
    device: z.string().openapi({ example: "Firefox on Linux" }),
    user_agent: z.string().nullable(),
    address: z.string().nullable().openapi({ description: "The network address it was last used from." }),
    created_at: z.string().openapi({ format: "date-time" }),
    last_used_at: z.string().openapi({ format: "date-time" }),
    current: z.boolean().openapi({ description: "True for the log-in this request's token belongs to." }),
  })
  .openapi("SignIn");

meApi.openapi(
  createRoute({
    method: "get",
    path: "/me/sessions",
    operationId: "listSessions",
    tags: ["Account"],
    summary: "Where you are logged in",
    description: "Browser sessions and API log-ins of the account, most recently used first.",
    middleware: [bearerAuth()] as const,
    responses: { 200: { description: "Every open log-in.", content: { "application/json": { schema: z.object({ items: z.array(SignInSchema) }).openapi("SignInList") } } } },
  }),
  async (c) => {
    const rows = await listSignIns(c.var.deps.database.db, callerOf(c).id);
    const items = rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      device: describeUserAgent(row.userAgent),
      user_agent: row.userAgent,
      address: row.ip,
      created_at: row.createdAt.toISOString(),
      last_used_at: row.lastUsedAt.toISOString(),
      current: row.id === c.var.apiSignInId,
    }));
    return c.json({ items }, 200);
  },
);

meApi.openapi(
  createRoute({
    method: "delete",
    path: "/me/sessions/{id}",
    operationId: "endSession",
    tags: ["Account"],
    summary: "Log out one browser or app",
    description: "Ends the session, or revokes the API log-in's refresh tokens; its access tokens stop working at once.",
    middleware: [bearerAuth()] as const,
    request: { params: IdParam },
    responses: { 204: { description: "Logged out." }, ...problems(404) },
  }),
  async (c) => {
    const { database, clock } = c.var.deps;
    if (!(await endSignIn(database, callerOf(c).id, c.req.valid("param").id, clock.now()))) throw notFound("You have no log-in with that id.");
    return c.body(null, 204);
  },
);

meApi.openapi(
  createRoute({
    method: "delete",
    path: "/me/sessions",
    operationId: "endOtherSessions",
    tags: ["Account"],
    summary: "Log out everywhere else",
    description: "Ends every browser session and API log-in of the account except the one this request's token belongs to.",
    middleware: [bearerAuth()] as const,
    responses: { 204: { description: "Logged out everywhere else." } },
  }),
  async (c) => {
    const { database, clock } = c.var.deps;
    await endSignIns(database, callerOf(c).id, clock.now(), c.var.apiSignInId);
    return c.body(null, 204);
  },
);

const ExportSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(["preparing", "ready", "expired"]),
    created_at: z.string().openapi({ format: "date-time" }),
    ready_at: z.string().nullable().openapi({ format: "date-time" }),
    expires_at: z.string().nullable().openapi({ format: "date-time", description: "After it the copy is deleted." }),
    data: z.record(z.string(), z.unknown()).optional().openapi({ description: "Everything the store holds about you (when ready)." }),
    orders_csv: z.string().optional().openapi({ description: "Your orders as CSV (when ready)." }),
  })
  .openapi("DataExport");

meApi.openapi(
  createRoute({
    method: "post",
    path: "/me/export",
    operationId: "requestExport",
    tags: ["Account"],
    summary: "Ask for a copy of your data",
    description:
      "A background job prepares it and emails you; poll `GET /me/exports/{id}`. While one is being prepared, or one was made within the hour, that one is returned.",
    middleware: [bearerAuth()] as const,
    responses: { 202: { description: "Being prepared.", content: { "application/json": { schema: ExportSchema } } } },
  }),
  async (c) => {
    const { database, clock } = c.var.deps;
    const { export: row } = await requestExport(database, callerOf(c), clock.now());
    const ready = Boolean(row.readyAt);
    return c.json(
      { id: row.id, status: ready ? ("ready" as const) : ("preparing" as const), created_at: row.createdAt.toISOString(), ready_at: row.readyAt?.toISOString() ?? null, expires_at: row.expiresAt?.toISOString() ?? null },
      202,
    );
  },
);

meApi.openapi(
  createRoute({
    method: "get",
    path: "/me/exports/{id}",
    operationId: "getExport",
    tags: ["Account"],
    summary: "A copy of your data",
    middleware: [bearerAuth()] as const,
    request: { params: IdParam },
    responses: { 200: { description: "Its status, with the data once ready.", content: { "application/json": { schema: ExportSchema } } }, ...problems(404) },
  }),
  async (c) => {
    const { database, clock } = c.var.deps;
    const row = await findExport(database.db, callerOf(c).id, c.req.valid("param").id);
    if (!row) throw notFound("You have no data export with that id.");
    const expired = Boolean(row.expiresAt && row.expiresAt <= clock.now());
    const status = !row.readyAt ? ("preparing" as const) : expired ? ("expired" as const) : ("ready" as const);
    return c.json(
      {
        id: row.id,
        status,
        created_at: row.createdAt.toISOString(),
        ready_at: row.readyAt?.toISOString() ?? null,
        expires_at: row.expiresAt?.toISOString() ?? null,
        ...(status === "ready" ? { data: JSON.parse(row.data!) as Record<string, unknown>, orders_csv: row.ordersCsv! } : {}),
      },
      200,
    );
  },
);

meApi.openapi(
  createRoute({
    method: "delete",
    path: "/me",
    operationId: "deleteMe",
    tags: ["Account"],
    summary: "Close your account",
    description:
      "Needs `current_password`. 409 while an order is still open, or for the store's only admin. Personal data is erased at once; past orders " +
      "are kept without the person for ORDER_RETENTION_YEARS (tax law), then deleted. Every token of the account stops working.",
    middleware: [bearerAuth()] as const,
    request: jsonBody(z.object({ ...proofFields }).openapi("AccountClosing", { example: { current_password: "fresh-produce-123" } })),
    responses: { 204: { description: "Closed." }, ...problems(409, 422, 429) },
  }),
  async (c) => {
    const result = await closeAccount(c.var.deps, callerOf(c), c.req.valid("json"));
    if (!result.ok) throw refusal(result);
    return c.body(null, 204);
  },
);
