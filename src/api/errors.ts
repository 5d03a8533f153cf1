import type { Context } from "hono";
import type { Hook } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import type { ApiEnv } from "./env";
import { ApiProblem, problemResponse, problemType } from "./problem";

type ValidationResult = Parameters<Hook<unknown, ApiEnv, string, unknown>>[0];

/** Every failed zod check becomes a problem listing each field; bodies 422, the rest 400. */
export function validationProblem(result: ValidationResult): Response | undefined {
  if (result.success) return undefined;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || (result.target === "json" ? "body" : result.target),
    message: issue.message,
  }));
  const status = result.target === "json" || result.target === "form" ? 422 : 400;
  const detail = errors.map((error) => `${error.path}: ${error.message}`).join("; ");
  return problemResponse(
    new ApiProblem(status, status === 422 ? "Unprocessable Content" : "Bad Request", detail, { type: problemType("validation"), errors }),
  );
}

const TITLES: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 413: "Content Too Large", 415: "Unsupported Media Type" };

/** What Hono's own refusals mean for a client: an unreadable body (JSON or multipart) or the wrong type of one. */
function httpErrorDetail(error: HTTPException): string {
  if (error.status === 400 && /formdata/i.test(error.message)) return "The multipart/form-data body could not be read; send each file as an `image` part.";
  if (error.status === 400) return "The request body is not valid JSON.";
  if (error.status === 415) return "Send the body as application/json.";
  return error.message;
}

/** Problems thrown by handlers, Hono's own HTTP errors (malformed JSON), and the unexpected: the app's error handler for API paths (src/app.ts). */
export function apiErrorHandler(error: Error, c: Pick<Context, "req">): Response {
  if (error instanceof ApiProblem) return problemResponse(error);
  if (error instanceof HTTPException) return problemResponse(new ApiProblem(error.status, TITLES[error.status] ?? "Error", httpErrorDetail(error)));
  console.error(JSON.stringify({ level: "error", msg: "unhandled API error", path: c.req.path, error: String(error), stack: error.stack }));
  return problemResponse(new ApiProblem(500, "Internal Server Error", "Something went wrong on our side. Please try again."));
}
