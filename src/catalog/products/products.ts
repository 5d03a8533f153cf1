import { categoryOnShelf } from "../shelf";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DatabaseHandle } from "../../db/client";
import { categories, productImages, products, type Product, type User } from "../../db/schema";
import { allergenEdit } from "../food-info/allergen-changes";
import { foodColumnsOf, type FoodColumns, type FoodFieldsInput } from "../food-info/input";
import { auditEntry } from "../../db/audit-entry";
import { storedKeysOf } from "../../media/renditions";
import type { ProductInput } from "./contract";
import { claimSlug, slugChange, uniqueProductSlug } from "./slugs";

export const PRODUCT_SORTS = ["name", "price-asc", "price-desc", "stock", "updated"] as const;

export const productFilters = z.object({
  q: z.string().trim().max(100, "Search for at most 100 characters.").default(""),
  category: z.union([z.literal(""), z.coerce.number().int().positive()]).default(""),
  stock: z.enum(["", "low", "out"]).default(""),
  sort: z.enum(PRODUCT_SORTS).default("name"),
  page: z.coerce.number().int().positive().max(100_000).default(1),
});
export type ProductFilters = z.infer<typeof productFilters>;

export type ManagedProduct = Product & { categoryName: string; categoryStatus: string; mainImageKey: string | null; imageCount: number };

const orderings = {
  name: [asc(products.name)],
  "price-asc": [asc(products.priceCents), asc(products.name)],
  "price-desc": [desc(products.priceCents), asc(products.name)],
  stock: [asc(products.stock), asc(products.name)],
  updated: [desc(products.updatedAt), asc(products.name)],
} as const;

const mainImage = sql<string | null>`(select ${productImages.key} from ${productImages} where ${productImages.productId} = ${products.id} order by ${productImages.position} limit 1)`;
const imageCount = sql<number>`(select count(*) from ${productImages} where ${productImages.productId} = ${products.id})`;

/** Rows a page of the back office's product list shows: a page a manager scans, quick to open on a phone. */
export const PRODUCT_PAGE_SIZE = 50;

/** One page of the back office's product list, with the count of every product the filters match. */
export type ManagedProductPage = { products: ManagedProduct[]; total: number; page: number; pageSize: number };

export async function listManagedProducts(db: Database, filters: ProductFilters, pageSize = PRODUCT_PAGE_SIZE): Promise<ManagedProductPage> {
  const pattern = `%${filters.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const matching = and(
    filters.q ? sql`${products.name} like ${pattern} escape '\\'` : undefined,
    filters.category ? eq(products.categoryId, filters.category) : undefined,
    filters.stock === "out" ? eq(products.stock, 0) : undefined,
    filters.stock === "low" ? sql`${products.stock} > 0 and ${products.stock} <= ${products.lowStockThreshold}` : undefined,
  );
  const [counted] = await db.select({ total: sql<number>`count(*)` }).from(products).innerJoin(categories, eq(categories.id, products.categoryId)).where(matching);
  const total = Number(counted?.total ?? 0);
  // A page past the end (a bookmark after products were removed) shows the last page.
  const page = Math.min(filters.page, Math.max(1, Math.ceil(total / pageSize)));
  const rows = await db
    .select({ product: products, categoryName: categories.name, categoryStatus: categories.status, mainImageKey: mainImage, imageCount })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(matching)
    .orderBy(...orderings[filters.sort], asc(products.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const list = rows.map((row) => ({ ...row.product, categoryName: row.categoryName, categoryStatus: row.categoryStatus, mainImageKey: row.mainImageKey, imageCount: Number(row.imageCount) }));
  return { products: list, total, page, pageSize };
}

export async function findManagedProduct(db: Database, id: number): Promise<ManagedProduct | null> {
  const rows = await db
    .select({ product: products, categoryName: categories.name, categoryStatus: categories.status, mainImageKey: mainImage, imageCount })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(eq(products.id, id));
  const row = rows[0];
  return row ? { ...row.product, categoryName: row.categoryName, categoryStatus: row.categoryStatus, mainImageKey: row.mainImageKey, imageCount: Number(row.imageCount) } : null;
}

export type ProductOutcome = { ok: true; product: Product; message: string } | { ok: false; status: 404 | 409 | 422; message: string; field?: string };

async function usableCategory(db: Database, id: number): Promise<boolean> {
  const [row] = await db.select({ id: categories.id }).from(categories).where(and(eq(categories.id, id), categoryOnShelf));
  return Boolean(row);
}

const noCategory: ProductOutcome = { ok: false, status: 422, field: "category_id", message: "Choose an active category." };

function columnsOf(input: ProductInput) {
  return {
    name: input.name,
    description: input.description,
    categoryId: input.category_id,
    priceCents: input.price,
    unit: input.unit,
    step: input.step,
    lowStockThreshold: input.low_stock_threshold,
    bestBefore: input.best_before,
    packedOn: input.packed_on,
    pricePerKgCents: input.price_per_kg,
    estimatedWeightGrams: input.estimated_weight_g,
  };
}

/** A SKU or GTIN another product already has: said plainly, before the database would refuse it. */
async function takenKey(db: Database, food: FoodColumns, id?: number): Promise<ProductOutcome | null> {
  for (const [field, column, value] of [["sku", products.sku, food.sku], ["gtin", products.gtin, food.gtin]] as const) {
    if (value === null) continue;
    const [other] = await db.select({ id: products.id, name: products.name }).from(products).where(eq(column, value));
    if (other && other.id !== id) return { ok: false, status: 409, field, message: `${other.name} already has this ${field.toUpperCase()}.` };
  }
  return null;
}

export async function createProduct(handle: DatabaseHandle, actor: User, input: ProductInput, now: Date, foodInput?: FoodFieldsInput): Promise<ProductOutcome> {
  const { db } = handle;
  if (!(await usableCategory(db, input.category_id))) return noCategory;
  const food = foodInput ? foodColumnsOf(foodInput) : {};
  const taken = foodInput ? await takenKey(db, food as FoodColumns) : null;
  if (taken) return taken;
  const slug = await uniqueProductSlug(db, input.name);
  const created = handle.atomic([
    claimSlug(db, slug),
    db.insert(products).values({ ...columnsOf(input), ...food, slug, stock: input.stock, createdBy: actor.id, createdAt: now, updatedAt: now }),
    auditEntry(db, {
      actor,
      action: "product.create",
      subjectType: "product",
      subjectId: sql`(select ${products.id} from ${products} where ${products.slug} = ${slug})`,
      details: { name: input.name, slug, priceCents: input.price, openingStock: input.stock },
      at: now,
    }),
  ]);
  try {
    await created;
  } catch (error) {
    if (/UNIQUE/i.test(String(error))) return { ok: false, status: 409, message: "Another product with this name was added at the same moment. Please save again." };
    throw error;
  }
  const [product] = await db.select().from(products).where(eq(products.slug, slug));
  return { ok: true, product: product!, message: `Added “${input.name}”.` };
}

/** Edits keep the stock (stock moves through its own adjustments); a new name moves the slug and keeps the old one as a redirect. */
export async function updateProduct(handle: DatabaseHandle, actor: User, id: number, input: ProductInput, now: Date, foodInput?: FoodFieldsInput): Promise<ProductOutcome> {
  const { db } = handle;
  const [before] = await db.select().from(products).where(eq(products.id, id));
  if (!before) return { ok: false, status: 404, message: "That product no longer exists." };
  if (input.category_id !== before.categoryId && !(await usableCategory(db, input.category_id))) return noCategory;
  const food = foodInput ? foodColumnsOf(foodInput) : null;
  const taken = food ? await takenKey(db, food, id) : null;
  if (taken) return taken;
  const allergens = food ? allergenEdit(before, food, now) : { audit: null };
  const slug = input.name === before.name ? before.slug : await uniqueProductSlug(db, input.name, id);
  await handle.atomic([
    db.update(products).set({ ...columnsOf(input), ...(food ?? {}), ...(allergens.allergensChangedAt ? { allergensChangedAt: allergens.allergensChangedAt } : {}), slug, updatedAt: now }).where(eq(products.id, id)),
    ...(allergens.audit ? [auditEntry(db, { actor, action: "product.allergens", subjectType: "product", subjectId: id, details: { name: input.name, ...allergens.audit }, at: now })] : []),
    auditEntry(db, { actor, action: "product.edit", subjectType: "product", subjectId: id, details: { name: input.name, slug, previousSlug: before.slug, priceCents: input.price }, at: now }),
    ...(slug !== before.slug ? slugChange(db, id, before.slug, slug) : []),
  ]);
  const [product] = await db.select().from(products).where(eq(products.id, id));
  return { ok: true, product: product!, message: `Saved “${input.name}”.` };
}

/** Set by the database with the product's first order line (drizzle/0010_first_ordered.sql). */
export async function hasBeenOrdered(db: Database, id: number): Promise<boolean> {
  const [row] = await db.select({ firstOrderedAt: products.firstOrderedAt }).from(products).where(eq(products.id, id));
  return Boolean(row?.firstOrderedAt);
}

/** Deleted when never ordered; otherwise deactivated, since past orders point at it. Returns the image keys to remove from storage. */
export async function removeProduct(handle: DatabaseHandle, actor: User, id: number, now: Date): Promise<(ProductOutcome & { deleted?: boolean; imageKeys?: string[] })> {
  const { db } = handle;
  const [product] = await db.select().from(products).where(eq(products.id, id));
  if (!product) return { ok: false, status: 404, message: "That product no longer exists." };
  if (await hasBeenOrdered(db, id)) {
    await handle.atomic([
      db.update(products).set({ active: false, updatedAt: now }).where(eq(products.id, id)),
      auditEntry(db, { actor, action: "product.deactivate", subjectType: "product", subjectId: id, details: { name: product.name, instead: "delete" }, at: now }),
    ]);
    return { ok: true, product: { ...product, active: false }, deleted: false, message: `“${product.name}” has been ordered before, so it was deactivated instead of deleted.` };
  }
  const images = await db.select({ key: productImages.key }).from(productImages).where(eq(productImages.productId, id));
  await handle.atomic([
    db.delete(products).where(eq(products.id, id)),
    auditEntry(db, { actor, action: "product.delete", subjectType: "product", subjectId: id, details: { name: product.name, slug: product.slug }, at: now }),
  ]);
  return { ok: true, product, deleted: true, imageKeys: images.flatMap((image) => storedKeysOf(image.key)), message: `Deleted “${product.name}”.` };
}

/** One field of a product changed from a table cell or a row button. */
export async function patchProduct(
  handle: DatabaseHandle,
  actor: User,
  id: number,
  change: { active: boolean } | { priceCents: number } | { lowStockThreshold: number },
  now: Date,
): Promise<ProductOutcome> {
  const { db } = handle;
  const [before] = await db.select().from(products).where(eq(products.id, id));
  if (!before) return { ok: false, status: 404, message: "That product no longer exists." };
  if ("priceCents" in change && before.pricePerKgCents !== null) {
    return { ok: false, status: 422, field: "price", message: `“${before.name}” is priced per kg: change its price per kg on its page.` };
  }
  const field = Object.keys(change)[0]!;
  await handle.atomic([
    db.update(products).set({ ...change, updatedAt: now }).where(eq(products.id, id)),
    auditEntry(db, { actor, action: `product.set_${field}`, subjectType: "product", subjectId: id, details: { name: before.name, from: before[field as keyof Product], to: Object.values(change)[0] }, at: now }),
  ]);
  const [product] = await db.select().from(products).where(eq(products.id, id));
  return { ok: true, product: product!, message: `Saved “${before.name}”.` };
}

export async function productsByIds(db: Database, ids: number[]): Promise<Product[]> {
  return ids.length ? db.select().from(products).where(inArray(products.id, ids)) : [];
}
