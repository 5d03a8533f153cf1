import { createRoute, z } from "@hono/zod-openapi";
import { ALLERGENS } from "../food-info/allergens";
import { DIET_LABELS } from "../food-info/diet";
import { dietParam, freeFromParam, toFoodFilter } from "../food-info/filters";
import { catalogFreshness } from "./freshness";
import { productJson, ProductSchema } from "./schemas";
import { apiRouter } from "../../api/env";
import { notFound, problems } from "../../api/problem";
import { cursorOf, findListedProduct, listProducts, PRODUCT_SORTS } from "./listing";
import { searchProducts } from "./search";
import { decodeCursor, encodeCursor, IdParam, listOf, PageQuery } from "../../api/schemas";

export const productApi = apiRouter();

const SORTS = ["relevance", ...PRODUCT_SORTS] as const;

const ProductQuery = PageQuery.extend({
  category: z.string().max(100).optional().openapi({ param: { name: "category", in: "query" }, description: "Category slug.", example: "fruit-veg" }),
  q: z
    .string()
    .trim()
    .max(100, "keep the search under 100 characters")
    .optional()
    .openapi({ param: { name: "q", in: "query" }, example: "banana", description: "Search words, as on the shop's search page: each matches as a prefix; a typo still finds close matches. A search pages through its best 500 matches by relevance, or its first 1,000 in another order; more words or an aisle reach the others." }),
  sort: z
    .enum(SORTS, { message: `must be one of ${SORTS.join(", ")}` })
    .optional()
    .openapi({
      param: { name: "sort", in: "query" },
      description: "Default `popular`; with `q`, `relevance` (best match first, as on the shop's search page), which needs `q`.",
    }),
  in_stock: z
    .enum(["true", "false"], { message: "must be true or false" })
    .optional()
    .openapi({ param: { name: "in_stock", in: "query" }, description: "true: only products on the shelf now." }),
  free_from: freeFromParam.openapi({
    param: { name: "free_from", in: "query", style: "form", explode: true },
    type: "array",
    items: { type: "string", enum: [...ALLERGENS] },
    description:
      "Only products declared free from these allergens (neither contains nor may contain); products without allergen information never match. Repeat the parameter or separate with commas, as the shop's aisle and search pages do: `free_from=milk&free_from=peanuts`.",
    example: ["milk", "peanuts"],
  }),
  diet: dietParam.openapi({
    param: { name: "diet", in: "query", style: "form", explode: true },
    type: "array",
    items: { type: "string", enum: [...DIET_LABELS] },
    description: "Only products with every one of these dietary labels.",
    example: ["vegan"],
  }),
}).refine((query) => query.sort !== "relevance" || Boolean(query.q), { message: "relevance needs q: there is nothing to match", path: ["sort"] });

const notModified = { 304: { description: "Not modified since the ETag sent in If-None-Match." } };

const listRoute = createRoute({
  method: "get",
  path: "/products",
  operationId: "listProducts",
  tags: ["Catalog"],
  summary: "Browse and search products",
  description:
    "Products on sale, filtered and sorted, a page at a time. With `q`, the shop's own search finds them (so a typo still finds close matches), best match first unless `sort` says otherwise. Cacheable with ETag / If-None-Match.",
  security: [],
  request: { query: ProductQuery },
  responses: {
    200: { description: "A page of products.", content: { "application/json": { schema: listOf(ProductSchema, "ProductList") } } },
    ...notModified,
    ...problems(400),
  },
});

productApi.openapi(listRoute, async (c) => {
  const { q, category, limit, cursor, ...query } = c.req.valid("query");
  const inStock = query.in_stock === "true";
  const food = toFoodFilter(query);
  // A search pages by position in its order (offset); a plain listing by keyset (sort value, id).
  const position = decodeCursor(cursor, q ? 1 : 2);
  const fresh = await catalogFreshness(c);
  if (fresh.notModified) return c.body(null, 304);
  const { db } = c.get("deps").database;
  if (q) {
    const found = await searchProducts(db, { q, category, inStock, food, sort: query.sort ?? "relevance", limit, offset: position?.[0] ?? 0 });
    return c.json({ items: found.items.map(productJson), next_cursor: found.nextOffset === null ? null : encodeCursor([found.nextOffset]) }, 200);
  }
  const sort = query.sort === undefined || query.sort === "relevance" ? "popular" : query.sort;
  const { items, more } = await listProducts(db, { category, inStock, food, sort, limit, after: position as [number, number] | null });
  const last = items.at(-1);
  return c.json({ items: items.map(productJson), next_cursor: more && last ? encodeCursor(cursorOf(last, sort)) : null }, 200);
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
  const product = await findListedProduct(c.get("deps").database.db, id);
  if (!product) throw notFound("No product with that id is on sale.");
  return c.json(productJson(product), 200);
});
