import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "./env";
import { problems } from "./problem";

const DESCRIPTION = `The Grocer store for apps, scripts and tills: the same catalog, cart, checkout and order rules as the web shop.

- **JSON** in and out. Money is integer \`*_cents\`; quantities are numbers in the product's unit (\`0.25\` is 250 g of a product sold by the kg).
- **Auth**: \`POST /auth/token\` gives a 15-minute bearer access token and a refresh token. Each refresh token works once: \`POST /auth/refresh\` returns a new pair, and presenting a spent one revokes the whole log-in.
- **Lists** are \`{ items, next_cursor }\`; pass \`cursor\` (and \`limit\`, 1-100, default 24) for the next page.
- **Errors** are RFC 9457 \`application/problem+json\` with \`errors: [{ path, message }]\` for invalid fields.
- **Caching**: catalog reads carry an \`ETag\`; send it back in \`If-None-Match\` for a 304.
- **Rate limit**: \`/auth/*\` allows 30 requests a minute per address (\`RateLimit-*\` headers; \`Retry-After\` on 429).`;

/**
 * The problems any operation can give whatever it does, added where a route did not list them:
 * a body that can't be read (400, 413, 415), a path id, query or header that doesn't parse (400),
 * and 401 where a bearer token is needed (every operation not marked `security: []`).
 */
function documentCommonProblems(api: OpenAPIHono<ApiEnv>): void {
  for (const definition of api.openAPIRegistry.definitions) {
    if (definition.type !== "route") continue;
    const { route } = definition;
    const codes = new Set<400 | 401 | 413 | 415>();
    if (route.request?.body) for (const code of [400, 413, 415] as const) codes.add(code);
    if (route.request?.params || route.request?.query || route.request?.headers) codes.add(400);
    if (route.security === undefined || route.security.length > 0) codes.add(401);
    const missing = [...codes].filter((code) => !(code in route.responses));
    const merged = { ...route.responses, ...problems(...missing) };
    route.responses = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** Serves the OpenAPI 3.1 document generated from the routes' own zod schemas. */
export function describeApi(api: OpenAPIHono<ApiEnv>): void {
  documentCommonProblems(api);
  api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Access token from POST /auth/token or /auth/refresh; valid 15 minutes.",
  });
  api.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Grocer API",
      version: "1.0.0",
      description: DESCRIPTION,
      license: { name: "Proprietary", identifier: "LicenseRef-Grocer" },
      contact: { name: "Grocer", url: new URL("/api/docs", c.req.url).toString() },
    },
    servers: [{ url: "/api/v1", description: "This store (relative to the address serving this document)" }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "Auth", description: "Accounts, tokens and who you are." },
      { name: "Account", description: "Your own account: name, email, password, where you are logged in, a copy of your data, closing it." },
      { name: "Catalog", description: "Aisles and products; public and cacheable." },
      { name: "Catalog management", description: "Products, images, stock and categories (approved managers and the admin)." },
      { name: "Cart", description: "The signed-in shopper's cart, priced on the server." },
      { name: "Wishlist", description: "Products saved for later." },
      { name: "Slots", description: "Delivery and collection: windows, reservations, the schedule, zones and addresses." },
      { name: "Checkout", description: "Placing the cart as an order, idempotently." },
      { name: "Orders", description: "The shopper's own orders; every order, and moving it along, for managers." },
      { name: "Picking", description: "Picking orders on a handheld (managers): what to pick in walk order, record a line, substitutes, complete with the final amounts." },
      { name: "Admin", description: "People: roles and access (admin only)." },
      { name: "Promotions", description: "Promo codes (managers)." },
      { name: "Reports", description: "Sales by product and over time (managers)." },
    ],
  }));
}
