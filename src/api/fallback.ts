import type { Handler } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "./env";
import { ApiProblem } from "./problem";

/**
 * Answers what no route took: 405 with Allow when the path exists under another method,
 * otherwise 404 (saying so when only a trailing slash is in the way) — both as problem details,
 * never the shop's HTML page.
 */
export function routeFallback(api: OpenAPIHono<ApiEnv>): Handler<ApiEnv> {
  let known: { pattern: RegExp; methods: Set<string> }[] | null = null;
  const routes = () => {
    if (known) return known;
    const byPath = new Map<string, Set<string>>();
    for (const definition of api.openAPIRegistry.definitions) {
      if (definition.type !== "route") continue;
      const methods = byPath.get(definition.route.path) ?? new Set<string>();
      methods.add(definition.route.method.toUpperCase());
      byPath.set(definition.route.path, methods);
    }
    byPath.set("/openapi.json", new Set(["GET"]));
    known = [...byPath].map(([path, methods]) => ({
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
      methods: methods.has("GET") ? new Set([...methods, "HEAD"]) : methods,
    }));
    return known;
  };
  return (c) => {
    const path = c.req.path.replace(/^.*?\/api\/v1/, "") || "/";
    const match = routes().find((route) => route.pattern.test(path));
    const trimmed = path.replace(/\/+$/, "");
    if (!match && trimmed !== path && routes().some((route) => route.pattern.test(trimmed))) {
      throw new ApiProblem(404, "Not Found", `There is no API endpoint at ${c.req.path}; drop the trailing slash: ${c.req.path.replace(/\/+$/, "")}.`);
    }
    if (match) {
      const allow = [...match.methods].sort().join(", ");
      throw new ApiProblem(405, "Method Not Allowed", `${c.req.method} is not supported here; use ${allow}.`, { headers: { Allow: allow } });
    }
    throw new ApiProblem(404, "Not Found", `There is no API endpoint at ${c.req.path}. See /api/v1/openapi.json.`);
  };
}
