import { productUrl } from "../urls";
import { eq, like, or } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { slugify } from "../slug";
import type { Database } from "../../db/client";
import { products, productSlugRedirects } from "../../db/schema";
import type { AppEnv } from "../../http/env";

/** "Crème fraîche" -> "creme-fraiche", or "creme-fraiche-2" when another product has it. */
export async function uniqueProductSlug(db: Database, name: string, productId?: number): Promise<string> {
  const base = slugify(name) || "product";
  const taken = await db
    .select({ id: products.id, slug: products.slug })
    .from(products)
    .where(or(eq(products.slug, base), like(products.slug, `${base}-%`)));
  const others = new Set(taken.filter((row) => row.id !== productId).map((row) => row.slug));
  if (!others.has(base)) return base;
  for (let n = 2; ; n += 1) if (!others.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The statements that move a product to a new slug and keep the old one answering with a redirect. */
export function slugChange(db: Database, productId: number, oldSlug: string, newSlug: string) {
  return [
    db.delete(productSlugRedirects).where(eq(productSlugRedirects.oldSlug, newSlug)),
    db
      .insert(productSlugRedirects)
      .values({ oldSlug, productId })
      .onConflictDoUpdate({ target: productSlugRedirects.oldSlug, set: { productId } }),
  ];
}

/** A new product claims its slug even if an older product once used it. */
export const claimSlug = (db: Database, slug: string) => db.delete(productSlugRedirects).where(eq(productSlugRedirects.oldSlug, slug));

/**
 * Mounted before the catalog routes: GET /products/<old-slug> answers 301 to the product's
 * current slug. A slug that is some product's current slug passes straight through.
 */
export function productSlugRedirect(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const slug = c.req.param("slug");
    if (!slug) return next();
    const { db } = c.var.deps.database;
    const [current] = await db.select({ id: products.id }).from(products).where(eq(products.slug, slug));
    if (current) return next();
    const [moved] = await db
      .select({ slug: products.slug })
      .from(productSlugRedirects)
      .innerJoin(products, eq(products.id, productSlugRedirects.productId))
      .where(eq(productSlugRedirects.oldSlug, slug));
    if (!moved) return next();
    const query = new URL(c.req.url).search;
    return c.redirect(`${productUrl(moved)}${query}`, 301);
  };
}
