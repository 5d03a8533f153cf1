import { createRoute, z } from "@hono/zod-openapi";
import { catalogFreshness } from "./catalog-cache";
import { productJson, ProductSchema } from "./catalog-schemas";
import { apiRouter } from "./env";
import { notFound, problems } from "./problem";
import { cursorOf, findListedProduct, listProducts, PRODUCT_SORTS } from "./product-listing";
import { decodeCursor, encodeCursor, IdParam, listOf, PageQuery } from "./schemas";

export const productApi = apiRouter();

const ProductQuery = PageQuery.extend({
  category: z.string().max(100).optional().openapi({ param: { name: "category", in: "query" }, description: "Category slug.", example: "fruit-veg" }),
  q: z.string().trim().max(100, "keep the search under 100 characters").optional().openapi({ param: { name: "q", in: "query" }, example: "banana" }),
  sort: z
    .enum(PRODUCT_SORTS, { message: `must be one of ${PRODUCT_SORTS.join(", ")}` })
    .default("popular")
    .openapi({ param: { name: "sort", in: "query" } }),
  in_stock: z
    .enum(["true", "false"], { message: "must be true or false" })
    .optional()
    .openapi({ param: { name: "in_stock", in: "query" }, description: "true: only products on the shelf now." }),
});

const notModified = { 304: { description: "Not modified since the ETag sent in If-None-Match." } };

const listRoute = createRoute({
  method: "get",
  path: "/products",
  operationId: "listProducts",
  tags: ["Catalog"],
  summary: "Browse and search products",
  description: "Products on sale, filtered and sorted, a page at a time. Cacheable with ETag / If-None-Match.",
  security: [],
  request: { query: ProductQuery },
  responses: {
    200: { description: "A page of products.", content: { "application/json": { schema: listOf(ProductSchema, "ProductList") } } },
    ...notModified,
    ...problems(400),
  },
});

productApi.openapi(listRoute, async (c) => {
  const query = c.req.valid("query");
  const after = decodeCursor(query.cursor, 2) as [number, number] | null;
  const fresh = await catalogFreshness(c);
  if (fresh.notModified) return c.body(null, 304);
  const { items, more } = await listProducts(c.var.deps.database.db, {
    category: query.category,
    q: query.q || undefined,
    inStock: query.in_stock === "true",
    sort: query.sort,
    limit: query.limit,
    after,
  });
  const last = items.at(-1);
  return c.json({ items: items.map(productJson), next_cursor: more && last ? encodeCursor(cursorOf(last, query.sort)) : null }, 200);
});

const oneRoute = createRoute({
  method: "get",
  path: "/products/{id}",
  operationId: "getProduct",
  tags: ["Catalog"],
  summary: "One product",
  security: [],
  request: { params: IdParam },
  responses: {
    200: { description: "The product.", content: { "application/json": { schema: ProductSchema } } },
    ...notModified,
    ...problems(400, 404),
  },
});

productApi.openapi(oneRoute, async (c) => {
  const { id } = c.req.valid("param");
  const fresh = await catalogFreshness(c);
  if (fresh.notModified) return c.body(null, 304);
  const product = await findListedProduct(c.var.deps.database.db, id);
  if (!product) throw notFound("No product with that id is on sale.");
  return c.json(productJson(product), 200);
});
