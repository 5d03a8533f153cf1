import { productImageUrl } from "../urls";
import { z } from "@hono/zod-openapi";
import { UNITS } from "../../db/schema";
import { PackFields, packJson } from "../food-info/api-schema";
import type { ListedProduct } from "./listing";
import { Cents, Quantity, quantityOut } from "../../api/schemas";

export const CategorySchema = z
  .object({
    id: z.number().int().openapi({ example: 3 }),
    name: z.string().openapi({ example: "Fruit & Veg" }),
    slug: z.string().openapi({ example: "fruit-veg" }),
    description: z.string(),
    product_count: z.number().int().openapi({ example: 18 }),
  })
  .openapi("Category");

export const ProductSchema = z
  .object({
    id: z.number().int().openapi({ example: 7 }),
    name: z.string().openapi({ example: "Bananas" }),
    slug: z.string().openapi({ example: "bananas" }),
    description: z.string(),
    category: z.object({ id: z.number().int(), name: z.string(), slug: z.string() }),
    price_cents: Cents.openapi({ description: "Price per unit (per kg, per l, each...)." }),
    unit: z.enum(UNITS).openapi({ example: "kg" }),
    step: Quantity.openapi({ description: "Smallest amount to buy, in the unit; quantities are multiples of it.", example: 0.25 }),
    stock: Quantity.openapi({ description: "On the shelf now, in the unit.", example: 20 }),
    in_stock: z.boolean(),
    best_before: z.string().nullable().openapi({ description: "ISO date (YYYY-MM-DD).", example: "2026-12-01" }),
    images: z.array(z.object({ url: z.string().openapi({ example: "/media/products/7/main.webp" }) })),
    ...PackFields,
  })
  .openapi("Product");

export type ProductJson = z.infer<typeof ProductSchema>;

export function productJson(product: ListedProduct): ProductJson {
  return {
    id: product.id,
    name: product.name,
    slug: product.slug,
    description: product.description,
    category: product.category,
    price_cents: product.priceCents,
    unit: product.unit,
    step: quantityOut(product.step),
    stock: quantityOut(product.stock),
    in_stock: product.stock > 0,
    best_before: product.bestBefore,
    images: product.images.map((image) => ({ url: productImageUrl(image) })),
    ...packJson(product),
  };
}
