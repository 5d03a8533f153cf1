import { productImageUrl } from "../urls";
import { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "../../db/client";
import { categories, CATEGORY_STATUSES, products, type Product, type ProductImage } from "../../db/schema";
import { productImagesOf } from "./images";
import { productJson, ProductSchema } from "../api/schemas";
import { ApiProblem, problemType } from "../../api/problem";
import { Quantity, quantityOut } from "../../api/schemas";

/** What the back office sees of a product: the shop's view plus what only staff manage. */

export const ProductImageSchema = z
  .object({
    id: z.number().int().openapi({ example: 31 }),
    url: z.string().openapi({ example: "/media/products/7/0f3c2a.webp" }),
    alt: z.string().openapi({ example: "bananas bunch" }),
    position: z.number().int().openapi({ description: "0 is the main image." }),
  })
  .openapi("ProductImage");

export const ProductImagesSchema = z.object({ images: z.array(ProductImageSchema) }).openapi("ProductImages");

export const ManagedProductSchema = z
  .object({
    ...ProductSchema.shape,
    category: z.object({ id: z.number().int(), name: z.string(), slug: z.string(), status: z.enum(CATEGORY_STATUSES) }),
    images: z.array(ProductImageSchema),
    active: z.boolean().openapi({ description: "Inactive products are not sold (nor listed in the shop)." }),
    low_stock_threshold: Quantity.openapi({ description: "At or below this stock (in the unit) the product counts as low.", example: 2 }),
    low_stock: z.boolean(),
    packed_on: z.string().nullable().openapi({ description: "ISO date (YYYY-MM-DD).", example: "2026-11-18" }),
    price_per_kg_cents: z.number().int().nullable().openapi({ description: "A piece priced by weight: its price per kg in cents (price_cents is a piece's estimate), else null.", example: 749 }),
    estimated_weight_g: z.number().int().nullable().openapi({ description: "A piece priced by weight: a piece's estimated weight in grams, else null.", example: 1200 }),
    created_at: z.string().openapi({ format: "date-time" }),
    updated_at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("ManagedProduct");

export type ManagedProductJson = z.infer<typeof ManagedProductSchema>;

export const imageJson = (image: ProductImage) => ({ id: image.id, url: productImageUrl(image), alt: image.alt, position: image.position });

type Shelved = Product & { category: { id: number; name: string; slug: string; status: (typeof CATEGORY_STATUSES)[number] } };

/** The shop's product fields (productJson), with the staff's on top and the images in full. */
function managedJson(product: Shelved, images: ProductImage[]): ManagedProductJson {
  return {
    ...productJson({ ...product, images }),
    category: product.category,
    images: images.map(imageJson),
    active: product.active,
    low_stock_threshold: quantityOut(product.lowStockThreshold),
    low_stock: product.stock <= product.lowStockThreshold,
    packed_on: product.packedOn,
    price_per_kg_cents: product.pricePerKgCents,
    estimated_weight_g: product.estimatedWeightGrams,
    created_at: product.createdAt.toISOString(),
    updated_at: product.updatedAt.toISOString(),
  };
}

/** Any product, sold or not, as the back office sees it; null when there is none. */
export async function findManagedProductJson(handle: DatabaseHandle, id: number): Promise<ManagedProductJson | null> {
  const [row] = await handle.db
    .select({ product: products, category: { id: categories.id, name: categories.name, slug: categories.slug, status: categories.status } })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(eq(products.id, id));
  if (!row) return null;
  return managedJson({ ...row.product, category: row.category }, await productImagesOf(handle, id));
}

export async function managedProductOrThrow(handle: DatabaseHandle, id: number): Promise<ManagedProductJson> {
  const product = await findManagedProductJson(handle, id);
  if (!product) throw new ApiProblem(404, "Not Found", "No product with that id.");
  return product;
}

const TITLES = { 404: "Not Found", 409: "Conflict", 413: "Content Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content" } as const;

/**
 * A back-office rule said no: the same status and message the pages show. A 422 names its field
 * (the field the rule gave, or the one the caller says the refusal is about).
 */
export function refusal(outcome: { status: keyof typeof TITLES; message: string; field?: string }, field?: string): ApiProblem {
  const path = outcome.field ?? field;
  if (outcome.status === 422 && path) {
    return new ApiProblem(422, TITLES[422], `${path}: ${outcome.message}`, { type: problemType("validation"), errors: [{ path, message: outcome.message }] });
  }
  return new ApiProblem(outcome.status, TITLES[outcome.status], outcome.message);
}
