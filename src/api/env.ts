import { OpenAPIHono } from "@hono/zod-openapi";
import { validationProblem } from "./errors";
import type { AppDeps, AppEnv } from "../http/env";
import type { User } from "../db/schema";

/** The API's context: the app's dependencies and, after bearer authentication, the caller. */
export type ApiEnv = {
  Bindings: AppEnv["Bindings"];
  Variables: { deps: AppDeps; apiUser: User | null };
};

/** One resource's routes; failed validation answers with problem details. */
export const apiRouter = () => new OpenAPIHono<ApiEnv>({ defaultHook: validationProblem });
