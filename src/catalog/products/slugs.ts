import { productUrl } from "../urls";
import { and, eq, like, or, sql } from "drizzle-orm";
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

/** An old slug's product, unless the slug is some product's current one (that product answers, or is off the shelf). */
const movedStatements = new WeakMap<Database, ReturnType<typeof prepareMoved>>();
const prepareMoved = (db: Database) =>
  db
    .select({ slug: products.slug })
    .from(productSlugRedirects)
    .innerJoin(products, eq(products.id, productSlugRedirects.productId))
    .where(and(eq(productSlugRedirects.oldSlug, sql.placeholder("slug")), sql`not exists (select 1 from ${products} p where p.slug = ${productSlugRedirects.oldSlug})`))
    .prepare();

async function movedTo(db: Database, slug: string): Promise<{ slug: string } | undefined> {
  let statement = movedStatements.get(db);
  if (!statement) movedStatements.set(db, (statement = prepareMoved(db)));
  const [moved] = await statement.all({ slug });
  return moved;
}

/**
 * Mounted before the catalog routes: GET /products/<old-slug> answers 301 to the product's
 * current slug. The redirects are looked up only when the page found no product (a 404), so a
 * product page costs no query for them.
 */
export function productSlugRedirect(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    const slug = c.req.param("slug");
    if (!slug) return next();
    await next();
    if (c.res.status !== 404) return;
    const moved = await movedTo(c.var.deps.database.db, slug);
    if (!moved) return;
    const query = new URL(c.req.url).search;
    // A new response: none of the 404's headers are carried onto the redirect.
    const location = `${productUrl(moved)}${query}`;
    c.res = undefined;
    c.res = new Response(null, { status: 301, headers: { Location: location } });
  };
}
