import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { findSellableProduct } from "../cart/sellable";
import { removeFromWishlist, saveForLater, wishlistOf } from "./wishlist";
import { bearerAuth, callerOf } from "../api/bearer";
import { findListedProduct } from "../catalog/api/listing";
import { productJson, ProductSchema } from "../catalog/api/schemas";
import { apiRouter, type ApiEnv } from "../api/env";
import { notFound, problems } from "../api/problem";
import { DEFAULT_PAGE, listOf, PageQuery, pageOf, ProductIdParam } from "../api/schemas";

export const wishlistApi = apiRouter();
wishlistApi.use("/wishlist", bearerAuth());
wishlistApi.use("/wishlist/*", bearerAuth());

const WishlistSchema = listOf(ProductSchema, "Wishlist");
const wishlistResponse = { 200: { description: "Saved products still on sale, newest first (after a change: the first page).", content: { "application/json": { schema: WishlistSchema } } } };

/** A page of the caller's saved products still on sale (the first page unless a query asks for another). */
async function currentWishlist(c: Context<ApiEnv>, query: { limit: number; cursor?: string } = { limit: DEFAULT_PAGE }) {
  const db = c.var.deps.database.db;
  const { page, next_cursor } = pageOf(await wishlistOf(db, callerOf(c).id), query);
  const products = await Promise.all(page.map((entry) => findListedProduct(db, entry.id)));
  return { items: products.flatMap((product) => (product ? [productJson(product)] : [])), next_cursor };
}

wishlistApi.openapi(
  createRoute({
    method: "get",
    path: "/wishlist",
    operationId: "getWishlist",
    tags: ["Wishlist"],
    summary: "Saved products",
    request: { query: PageQuery },
    responses: { ...wishlistResponse, ...problems(400, 401) },
  }),
  async (c) => c.json(await currentWishlist(c, c.req.valid("query")), 200),
);

wishlistApi.openapi(
  createRoute({
    method: "put",
    path: "/wishlist/{product_id}",
    operationId: "saveToWishlist",
    tags: ["Wishlist"],
    summary: "Save a product for later",
    description: "Idempotent: saving a saved product changes nothing.",
    request: { params: ProductIdParam },
    responses: { ...wishlistResponse, ...problems(400, 401, 404) },
  }),
  async (c) => {
    const { product_id } = c.req.valid("param");
    const { database, clock } = c.var.deps;
    if (!(await findSellableProduct(database.db, product_id))) throw notFound("No product with that id is on sale.");
    await saveForLater(database.db, callerOf(c).id, product_id, clock.now());
    return c.json(await currentWishlist(c), 200);
  },
);

wishlistApi.openapi(
  createRoute({
    method: "delete",
    path: "/wishlist/{product_id}",
    operationId: "removeFromWishlist",
    tags: ["Wishlist"],
    summary: "Forget a saved product",
    request: { params: ProductIdParam },
    responses: { ...wishlistResponse, ...problems(400, 401, 404) },
  }),
  async (c) => {
    const { product_id } = c.req.valid("param");
    if (!(await removeFromWishlist(c.var.deps.database.db, callerOf(c).id, product_id))) throw notFound("That product is not on your wishlist.");
    return c.json(await currentWishlist(c), 200);
  },
);
