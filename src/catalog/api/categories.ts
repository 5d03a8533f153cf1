import { createRoute } from "@hono/zod-openapi";
import { activeCategories, activeCategory } from "../queries";
import { catalogFreshness } from "./freshness";
import { CategorySchema } from "./schemas";
import { apiRouter } from "../../api/env";
import { notFound, problems } from "../../api/problem";
import { IdParam, listOf, PageQuery, pageOf } from "../../api/schemas";

export const categoryApi = apiRouter();

type ShelvedCategory = { id: number; name: string; slug: string; description: string; productCount: number };
const categoryJson = (row: ShelvedCategory) => ({ id: row.id, name: row.name, slug: row.slug, description: row.description, product_count: row.productCount });

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
  return c.json({ items: page.map(categoryJson), next_cursor }, 200);
});

const getCategory = createRoute({
  method: "get",
  path: "/categories/{id}",
  operationId: "getCategory",
  tags: ["Catalog"],
  summary: "One aisle",
  description: "An active category with how many products it holds; a category waiting for the admin's approval is 404, as it is to shoppers. Cacheable like the list.",
  security: [],
  request: { params: IdParam },
  responses: {
    200: { description: "The category.", content: { "application/json": { schema: CategorySchema } } },
    304: { description: "Not modified since the ETag sent in If-None-Match." },
    ...problems(400, 404),
  },
});

categoryApi.openapi(getCategory, async (c) => {
  const { id } = c.req.valid("param");
  const fresh = await catalogFreshness(c);
  if (fresh.notModified) return c.body(null, 304);
  const category = await activeCategory(c.var.deps.database.db, id);
  if (!category) throw notFound("No category with that id is on the shelves.");
  return c.json(categoryJson(category), 200);
});
