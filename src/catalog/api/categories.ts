import { createRoute } from "@hono/zod-openapi";
import { activeCategories } from "../queries";
import { catalogFreshness } from "./freshness";
import { CategorySchema } from "./schemas";
import { apiRouter } from "../../api/env";
import { problems } from "../../api/problem";
import { listOf, PageQuery, pageOf } from "../../api/schemas";

export const categoryApi = apiRouter();

const listCategories = createRoute({
  method: "get",
  path: "/categories",
  operationId: "listCategories",
  tags: ["Catalog"],
  summary: "List the aisles",
  description: "Active categories by name, with how many products each holds, a page at a time. Cacheable: answers 304 to a matching If-None-Match.",
  security: [],
  request: { query: PageQuery },
  responses: {
    200: { description: "A page of active categories.", content: { "application/json": { schema: listOf(CategorySchema, "CategoryList") } } },
    304: { description: "Not modified since the ETag sent in If-None-Match." },
    ...problems(400),
  },
});

categoryApi.openapi(listCategories, async (c) => {
  const query = c.req.valid("query");
  const fresh = await catalogFreshness(c);
  if (fresh.notModified) return c.body(null, 304);
  const { page, next_cursor } = pageOf(await activeCategories(c.var.deps.database.db), query);
  const items = page.map((row) => ({ id: row.id, name: row.name, slug: row.slug, description: row.description, product_count: row.productCount }));
  return c.json({ items, next_cursor }, 200);
});
