import { createRoute } from "@hono/zod-openapi";
import { activeCategories } from "../catalog/queries";
import { catalogFreshness } from "./catalog-cache";
import { CategorySchema } from "./catalog-schemas";
import { apiRouter } from "./env";
import { listOf } from "./schemas";

export const categoryApi = apiRouter();

const listCategories = createRoute({
  method: "get",
  path: "/categories",
  operationId: "listCategories",
  tags: ["Catalog"],
  summary: "List the aisles",
  description: "Active categories with how many products each holds. Cacheable: answers 304 to a matching If-None-Match.",
  security: [],
  responses: {
    200: { description: "All active categories.", content: { "application/json": { schema: listOf(CategorySchema, "CategoryList") } } },
    304: { description: "Not modified since the ETag sent in If-None-Match." },
  },
});

categoryApi.openapi(listCategories, async (c) => {
  const fresh = await catalogFreshness(c);
  if (fresh.notModified) return c.body(null, 304);
  const rows = await activeCategories(c.var.deps.database.db);
  const items = rows.map((row) => ({ id: row.id, name: row.name, slug: row.slug, description: row.description, product_count: row.productCount }));
  return c.json({ items, next_cursor: null }, 200);
});
