import { createRoute, z } from "@hono/zod-openapi";
import { signUpForm } from "../accounts/forms";
import { checkSecondFactor, staffTokenRequiresSecondFactor, twoFactorStatus } from "../accounts/two-factor/store";
import { logIn, registerAccount, findUserById } from "../accounts/users";
import type { User } from "../db/schema";
import { clientIp } from "../http/client-ip";
import { deviceOf, signInOfFamily } from "../accounts/sign-ins";
import type { Context } from "hono";
import { ACCESS_TOKEN_SECONDS, issueAccessToken } from "./access-tokens";
import { bearerAuth, callerOf } from "./bearer";
import { apiRouter, type ApiEnv } from "./env";
import { ApiProblem, problems, unauthorized } from "./problem";
import { AUTH_RATE_LIMIT, rateLimit } from "./rate-limit";
import { issueRefreshToken, revokeRefreshToken, rotateRefreshToken } from "./refresh-tokens";

export const authApi = apiRouter();
authApi.use("/auth/*", rateLimit(AUTH_RATE_LIMIT));

export const UserSchema = z
  .object({
    id: z.number().int().openapi({ example: 12 }),
    email: z.string().openapi({ example: "sam@example.com" }),
    name: z.string().openapi({ example: "Sam Shopper" }),
    role: z.enum(["customer", "manager", "admin"]).openapi({ example: "customer" }),
  })
  .openapi("User");

export const userJson = (user: User) => ({ id: user.id, email: user.email, name: user.name, role: user.role });

const TokenPair = z
  .object({
    access_token: z.string().openapi({ example: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..." }),
    refresh_token: z.string().openapi({ example: "5mJ0u2oX3pJbYc8r1kq8Zb7wzq1d9fQ2aVQk3xT4yWc" }),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().openapi({ example: ACCESS_TOKEN_SECONDS, description: "Seconds until the access token expires." }),
  })
  .openapi("TokenPair");

const RefreshBody = z.object({ refresh_token: z.string({ message: "is required" }).min(1, "is required").max(200, "is too long") }).openapi("RefreshRequest");
const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { "application/json": { schema } } } });
const rateLimited = problems(429);

/** A new log-in's token pair, or the next pair of an existing one (after a refresh). */
async function tokenPair(c: Context<ApiEnv>, user: User, rotated?: { token: string; familyId: string }) {
  const { config, database, clock } = c.var.deps;
  const refresh = rotated ?? (await issueRefreshToken(database.db, user.id, clock.now(), deviceOf(c)));
  const signIn = await signInOfFamily(database.db, refresh.familyId);
  if (!signIn) throw unauthorized("This log-in has ended; log in again.");
  return {
    access_token: await issueAccessToken(user, config.JWT_SECRET, clock.now(), signIn.id),
    refresh_token: refresh.token,
    token_type: "Bearer" as const,
    expires_in: ACCESS_TOKEN_SECONDS,
  };
}

const register = createRoute({
  method: "post",
  path: "/auth/register",
  operationId: "register",
  tags: ["Auth"],
  summary: "Create a shopper account",
  security: [],
  request: jsonBody(z.object(signUpForm.shape).openapi("RegisterRequest", { example: { email: "sam@example.com", password: "fresh-produce-123", name: "Sam Shopper" } })),
  responses: {
    201: { description: "The new account.", content: { "application/json": { schema: UserSchema } } },
    ...problems(400, 409, 422),
    ...rateLimited,
  },
});

authApi.openapi(register, async (c) => {
  const body = c.req.valid("json");
  const { database, passwords } = c.var.deps;
  const user = await registerAccount(database.db, passwords, body, "customer");
  if (!user) throw new ApiProblem(409, "Conflict", "An account with this email already exists; log in instead.", { errors: [{ path: "email", message: "is already registered" }] });
  return c.json(userJson(user), 201);
});

const token = createRoute({
  method: "post",
  path: "/auth/token",
  operationId: "createToken",
  tags: ["Auth"],
  summary: "Log in: get an access and a refresh token",
  description:
    "Failed log-ins are throttled per account and per address, as on the web shop. Managers and the admin must also send `totp_code` " +
    "(a code from their authenticator app or a recovery code); they get 403 until two-step sign-in is set up at /account/two-factor.",
  security: [],
  request: jsonBody(
    z
      .object({
        email: z.string({ message: "is required" }).min(1, "is required").max(254, "is too long"),
        password: z.string({ message: "is required" }).min(1, "is required").max(200, "is too long"),
        totp_code: z
          .string()
          .max(40, "is too long")
          .optional()
          .openapi({
            example: "123456",
            description: "Managers and the admin only: the current 6-digit code from their authenticator app, or one of their recovery codes.",
          }),
      })
      .openapi("TokenRequest", { example: { email: "shopper@grocer.local", password: "demo-shopper-pass" } }),
  ),
  responses: {
    200: { description: "A new token pair.", content: { "application/json": { schema: TokenPair } } },
    ...problems(400, 401, 403, 422),
    ...rateLimited,
  },
});

authApi.openapi(token, async (c) => {
  const body = c.req.valid("json");
  const { database, passwords, clock } = c.var.deps;
  const ip = clientIp(c);
  const result = await logIn(database.db, passwords, { ...body, ip }, clock.now());
  if (!result.ok) {
    if (result.reason === "throttled") {
      const seconds = Math.max(1, Math.ceil((result.retryAt.getTime() - clock.now().getTime()) / 1000));
      throw new ApiProblem(429, "Too Many Requests", `Too many failed log-ins; try again in ${seconds} s.`, { headers: { "Retry-After": String(seconds) } });
    }
    throw unauthorized(result.reason === "deactivated" ? "This account has been deactivated." : "That email and password don't match an account.");
  }
  if (staffTokenRequiresSecondFactor(result.user)) await requireSecondFactor(c, result.user, body.totp_code);
  return c.json(await tokenPair(c, result.user), 200);
});

/** Staff tokens need a working authenticator and a fresh code from it (or a recovery code). */
async function requireSecondFactor(c: Context<ApiEnv>, user: User, code: string | undefined) {
  const { database, clock, config } = c.var.deps;
  const now = clock.now();
  if ((await twoFactorStatus(database, user.id)) !== "on") {
    throw new ApiProblem(403, "Forbidden", "Staff API tokens need two-step sign-in: set up an authenticator at /account/two-factor first.");
  }
  if (!code?.trim()) throw unauthorized("This account needs a code from its authenticator app: send totp_code.");
  const check = await checkSecondFactor(database, user.id, code.trim(), config.TOTP_ENCRYPTION_KEY, now);
  if (check.ok) return;
  if (check.reason === "throttled") {
    const seconds = Math.max(1, Math.ceil((check.retryAt.getTime() - now.getTime()) / 1000));
    throw new ApiProblem(429, "Too Many Requests", `Too many wrong codes; try again in ${seconds} s.`, { headers: { "Retry-After": String(seconds) } });
  }
  throw unauthorized(
    check.reason === "reused"
      ? "That totp_code was already used; wait for the next code in your authenticator app."
      : check.reason === "not-set-up"
        ? "Two-step sign-in is not set up for this account."
        : "That totp_code is not right; check your authenticator app or send a recovery code.",
  );
}

const refresh = createRoute({
  method: "post",
  path: "/auth/refresh",
  operationId: "refreshToken",
  tags: ["Auth"],
  summary: "Swap a refresh token for a new pair",
  description: "The refresh token works once. Presenting one that was already used revokes every token of that log-in (401).",
  security: [],
  request: jsonBody(RefreshBody),
  responses: {
    200: { description: "A new token pair; the old refresh token no longer works.", content: { "application/json": { schema: TokenPair } } },
    ...problems(400, 401, 422),
    ...rateLimited,
  },
});

authApi.openapi(refresh, async (c) => {
  const { refresh_token } = c.req.valid("json");
  const { database, clock } = c.var.deps;
  const rotation = await rotateRefreshToken(database.db, refresh_token, clock.now());
  if (!rotation.ok) {
    throw unauthorized(
      rotation.reason === "reused"
        ? "This refresh token was already used, so every token of this log-in has been revoked. Log in again."
        : "This refresh token is unknown, expired or revoked. Log in again.",
    );
  }
  const user = await findUserById(database.db, rotation.userId);
  if (!user || user.deactivatedAt) throw unauthorized("This account is no longer active.");
  return c.json(await tokenPair(c, user, rotation), 200);
});

const revoke = createRoute({
  method: "post",
  path: "/auth/revoke",
  operationId: "revokeToken",
  tags: ["Auth"],
  summary: "Log out: revoke a refresh token and its whole family",
  description: "Always 204, also for unknown tokens (RFC 7009). The access tokens of that log-in stop working at once.",
  security: [],
  request: jsonBody(RefreshBody),
  responses: { 204: { description: "Revoked." }, ...problems(400, 422), ...rateLimited },
});

authApi.openapi(revoke, async (c) => {
  const { refresh_token } = c.req.valid("json");
  await revokeRefreshToken(c.var.deps.database.db, refresh_token, c.var.deps.clock.now());
  return c.body(null, 204);
});

const me = createRoute({
  method: "get",
  path: "/me",
  operationId: "getMe",
  tags: ["Auth"],
  summary: "Who the token belongs to",
  middleware: [bearerAuth()] as const,
  responses: { 200: { description: "The signed-in account.", content: { "application/json": { schema: UserSchema } } }, ...problems(401) },
});

authApi.openapi(me, (c) => c.json(userJson(callerOf(c)), 200));
