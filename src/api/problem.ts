import { z } from "@hono/zod-openapi";

export type FieldError = { path: string; message: string };

/** An RFC 9457 problem; thrown anywhere in the API and turned into application/problem+json. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: { type?: string; errors?: FieldError[]; headers?: Record<string, string>; fields?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = "ApiProblem";
  }
}

/** Problem types Grocer defines beyond the plain HTTP status (about:blank). */
export const problemType = (slug: string) => `/api/docs#problem-${slug}`;

export function problemResponse(problem: ApiProblem): Response {
  const body = {
    type: problem.extra.type ?? "about:blank",
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
    ...problem.extra.fields,
  };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", ...problem.extra.headers },
  });
}

export const notFound = (detail: string) => new ApiProblem(404, "Not Found", detail);
/** 401 with the RFC 6750 challenge; `invalid_token` when a token was sent but can't be used. */
export const unauthorized = (detail: string, error?: "invalid_token") =>
  new ApiProblem(401, "Unauthorized", detail, { headers: { "www-authenticate": `Bearer realm="grocer"${error ? `, error="${error}"` : ""}` } });
export const forbidden = (detail: string) => new ApiProblem(403, "Forbidden", detail);
export const invalidField = (path: string, message: string) =>
  new ApiProblem(422, "Unprocessable Content", message, { type: problemType("validation"), errors: [{ path, message }] });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/api/docs#problem-validation" }),
    title: z.string().openapi({ example: "Unprocessable Content" }),
    status: z.number().int().openapi({ example: 422 }),
    detail: z.string().openapi({ example: "quantity: Bananas is sold in steps of 0.25 kg." }),
    errors: z
      .array(z.object({ path: z.string().openapi({ example: "quantity" }), message: z.string() }))
      .optional()
      .openapi({ description: "One entry per invalid field." }),
  })
  .openapi("Problem", { description: "RFC 9457 problem details." });

const problemContent = { "application/problem+json": { schema: ProblemSchema } };

const descriptions: Record<number, string> = {
  400: "The request could not be read (malformed JSON, bad query or header).",
  401: "Missing, invalid or expired bearer token.",
  403: "Signed in, but this role may not do this.",
  404: "No such resource.",
  409: "Conflicts with the current state.",
  410: "Gone: it existed but was deleted (an expired report export).",
  413: "The body is too large (JSON over 64 KB, or an upload over its limit).",
  415: "The body is not of a type this operation takes (send application/json, or multipart/form-data for uploads).",
  422: "The body failed validation; `errors` lists each field.",
  429: "Too many requests; see Retry-After.",
};

/** The problem responses a route can give, for the OpenAPI document. */
export function problems(...codes: (keyof typeof descriptions)[]) {
  return Object.fromEntries(codes.map((code) => [code, { description: descriptions[code]!, content: problemContent }]));
}
