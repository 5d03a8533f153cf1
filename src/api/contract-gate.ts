import type { MiddlewareHandler } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { z } from "@hono/zod-openapi";
import type { ApiEnv } from "./env";
import { validationProblem } from "./errors";
import { ApiProblem, problemType, type FieldError } from "./problem";
import { unknownFields } from "./unknown-fields";

type Operation = {
  method: string;
  pattern: RegExp;
  /** Literal segments: /products/search is tried before /products/{id}. */
  literals: number;
  /** The path's first segment ("products"), or null when it is a parameter. */
  first: string | null;
  paramNames: string[];
  params?: z.ZodType;
  query?: z.ZodType;
  queryKeys: Set<string> | null;
  body?: z.ZodType;
};

type Unwrappable = { _zod?: { def?: { type?: string; in?: unknown; innerType?: unknown; catchall?: { _zod?: { def?: { type?: string } } } } }; shape?: Record<string, unknown> };

/** The query parameters a zod object schema accepts (through optional, default and transforms), or null when it takes any. */
function keysOf(schema: unknown): Set<string> | null {
  let current = schema as Unwrappable | undefined;
  for (let depth = 0; current && depth < 8; depth++) {
    const def = current._zod?.def;
    if (def?.type === "object") {
      const catchall = def.catchall?._zod?.def?.type;
      // A loose object (catchall unknown) still documents only its own fields (additionalProperties: false).
      return catchall && catchall !== "never" && catchall !== "unknown" ? null : new Set(Object.keys(current.shape ?? {}));
    }
    if (def?.type === "pipe") current = def.in as Unwrappable;
    else if (def?.type === "optional" || def?.type === "default" || def?.type === "nullable") current = def.innerType as Unwrappable;
    else return null;
  }
  return null;
}

function operationsOf(api: OpenAPIHono<ApiEnv>): Operation[] {
  const operations: Operation[] = [];
  for (const definition of api.openAPIRegistry.definitions) {
    if (definition.type !== "route") continue;
    const { method, path, request } = definition.route;
    const media = request?.body?.content?.["application/json"] as { schema?: unknown } | undefined;
    const json = media?.schema;
    operations.push({
      method: method.toUpperCase(),
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "([^/]+)")}$`),
      literals: path.split("/").filter((part) => part && !part.startsWith("{")).length,
      first: firstSegment(path).startsWith("{") ? null : firstSegment(path),
      paramNames: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!),
      params: request?.params as z.ZodType | undefined,
      query: request?.query as z.ZodType | undefined,
      queryKeys: request?.query ? keysOf(request.query) : new Set(),
      body: json as z.ZodType | undefined,
    });
  }
  operations.push({ method: "GET", pattern: /^\/openapi\.json$/, literals: 1, first: "openapi.json", paramNames: [], queryKeys: new Set() });
  return operations.sort((a, b) => b.literals - a.literals);
}

/**
 * The operations by their path's first segment (/products/{id} under "products"), most literal
 * first as in the full list: a request tests the few patterns that can match, not every one.
 * Should a path ever start with a parameter, every request tests the full list.
 */
type OperationIndex = { near(path: string): Operation[] };

const firstSegment = (path: string) => path.split("/")[1] ?? "";

function indexOperations(operations: Operation[]): OperationIndex {
  const byFirst = new Map<string, Operation[]>();
  for (const operation of operations) byFirst.set(operation.first ?? "", [...(byFirst.get(operation.first ?? "") ?? []), operation]);
  if (operations.some((operation) => operation.first === null)) return { near: () => operations };
  return { near: (path) => byFirst.get(firstSegment(path)) ?? [] };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const refuse = (status: 400 | 422, errors: FieldError[]) =>
  new ApiProblem(status, status === 400 ? "Bad Request" : "Unprocessable Content", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { type: problemType("validation"), errors });

/**
 * The OpenAPI document is the contract, checked once for every route before anything else runs
 * (authentication, rate limits, reading a body): a method the path does not have is 405 with Allow,
 * path ids are checked against their declared schema, a query parameter the operation does not
 * declare is 400, and a JSON body field it does not declare, at any depth (items.0.colour), 422 (as every body
 * refusal). Routes keep their own validation.
 */
export function contractGate(api: OpenAPIHono<ApiEnv>): MiddlewareHandler<ApiEnv> {
  let operations: OperationIndex | null = null;
  return async (c, next) => {
    operations ??= indexOperations(operationsOf(api));
    const path = c.req.path.replace(/^.*?\/api\/v1/, "") || "/";
    const onPath = operations.near(path).filter((operation) => operation.pattern.test(path));
    if (onPath.length === 0) return next(); // the fallback says 404
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    const operation = onPath.find((candidate) => candidate.method === method);
    if (!operation) {
      const methods = new Set(onPath.map((candidate) => candidate.method));
      if (methods.has("GET")) methods.add("HEAD");
      const allow = [...methods].sort().join(", ");
      throw new ApiProblem(405, "Method Not Allowed", `${c.req.method} is not supported here; use ${allow}.`, { headers: { Allow: allow } });
    }
    if (operation.params) {
      const values = operation.pattern.exec(path)!.slice(1).map((value) => safeDecode(value));
      const given = Object.fromEntries(operation.paramNames.map((name, i) => [name, values[i]]));
      const checked = operation.params.safeParse(given);
      if (!checked.success) return validationProblem({ success: false, error: checked.error, data: given, target: "param" } as never)!;
    }
    const hasQuery = c.req.url.includes("?");
    const unknownQuery = operation.queryKeys && hasQuery ? [...new Set(new URL(c.req.url).searchParams.keys())].filter((key) => !operation.queryKeys!.has(key)) : [];
    if (unknownQuery.length > 0) {
      throw refuse(400, unknownQuery.map((key) => ({ path: key, message: `is not a query parameter of ${operation.method} /api/v1${path.replace(/\/\d+/g, "/{id}")} (see /api/v1/openapi.json)` })));
    }
    if (operation.query) {
      // As the route's validator reads it: a repeated parameter is a list, a single one a string.
      const given = hasQuery ? Object.fromEntries(Object.entries(c.req.queries()).map(([key, values]) => [key, values.length === 1 ? values[0] : values])) : {};
      const checked = operation.query.safeParse(given);
      if (!checked.success) return validationProblem({ success: false, error: checked.error, data: given, target: "query" } as never)!;
    }
    if (operation.body && /^application\/json/i.test(c.req.header("content-type") ?? "")) {
      const body: unknown = await c.req.json().catch(() => undefined);
      const unknown = body !== undefined ? (unknownFields(operation.body, body) ?? []) : [];
      if (unknown.length > 0) {
        // The schema's own word on a field it refuses, when it has one (e.g. where stock changes go).
        const said = operation.body.safeParse(body);
        const named = (path: (string | number)[]) => path.map(String).join(".");
        const messageOf = (path: (string | number)[]) =>
          said.error?.issues.find((issue) => named(issue.path as (string | number)[]) === named(path))?.message ?? "is not a field of this request body (see /api/v1/openapi.json)";
        throw refuse(422, unknown.map((path) => ({ path: named(path), message: messageOf(path) })));
      }
    }
    return next();
  };
}
