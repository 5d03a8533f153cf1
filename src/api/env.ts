import { OpenAPIHono } from "@hono/zod-openapi";
import { validationProblem } from "./errors";
import type { AppDeps, AppEnv } from "../http/env";
import type { User } from "../db/schema";

/** The API's context: the app's dependencies and, after bearer authentication, the caller. */
export type ApiEnv = {
  Bindings: AppEnv["Bindings"];
  /** apiSignInId: the API log-in the access token belongs to (null for tokens issued before log-ins were recorded). */
  Variables: { deps: AppDeps; apiUser: User | null; apiSignInId: number | null };
};

/** One resource's routes; failed validation answers with problem details. */
export const apiRouter = () => new OpenAPIHono<ApiEnv>({ defaultHook: validationProblem });
