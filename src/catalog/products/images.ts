import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseHandle, Statement } from "../../db/client";
import { productImages, products, type ProductImage, type User } from "../../db/schema";
import { IMAGE_TYPES, sniffImageType, type ImageExtension } from "../../media/image-type";
import { deletePicture } from "../../media/renditions";
import type { ImageStorage } from "../../media/storage";
import { auditEntry } from "../../db/audit-entry";

export const MAX_IMAGES = 8;
export const MAX_ALT = 120;

/** What a picture shows, for people who can't see it (<img alt>): the forms and the API read it here. */
export const imageAlt = z
  .string({ message: "Describe the picture in words." })
  .trim()
  .min(2, "Describe the picture in at least 2 characters, such as “A bunch of ripe bananas”.")
  .max(MAX_ALT, `Keep the description under ${MAX_ALT} characters.`);

export type ImageOutcome = { ok: true; message: string } | { ok: false; status: 404 | 409 | 413 | 415 | 422; message: string };

type CheckedFile = { name: string; bytes: Uint8Array; extension: ImageExtension };

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** Reads each upload and checks it by content and size; the first refusal names the file. */
export async function checkFiles(files: File[], maxBytes: number): Promise<CheckedFile[] | Extract<ImageOutcome, { ok: false }>> {
  const checked: CheckedFile[] = [];
  for (const file of files) {
    if (file.size > maxBytes) {
      return { ok: false, status: 413, message: `“${file.name}” is ${megabytes(file.size)}; images can be at most ${megabytes(maxBytes)}.` };
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const extension = sniffImageType(bytes);
    if (!extension) {
      return { ok: false, status: 415, message: `“${file.name}” is not a JPEG, PNG, WebP or AVIF image (we look at the file's content, not its name).` };
    }
    checked.push({ name: file.name, bytes, extension });
  }
  return checked;
}

export async function productImagesOf(handle: DatabaseHandle, productId: number): Promise<ProductImage[]> {
  return handle.db.select().from(productImages).where(eq(productImages.productId, productId)).orderBy(asc(productImages.position), asc(productImages.id));
}

/** Whether a product with that id exists, sold or not. */
export async function productExists(handle: DatabaseHandle, productId: number): Promise<boolean> {
  const [row] = await handle.db.select({ id: products.id }).from(products).where(eq(products.id, productId));
  return Boolean(row);
}

const newKey = (productId: number, extension: ImageExtension) => `products/${productId}/${crypto.randomUUID()}.${extension}`;

const altFromName = (fileName: string) => fileName.replace(/\.[^.]*$/, "").replace(/[-_]+/g, " ").trim().slice(0, 120);

/**
 * Stores the files, then records them; the database's own limit (8) has the last word under races.
 * `alt` (already read by `imageAlt`) describes them; without it, each file's name stands in until edited.
 */
export async function addImages(handle: DatabaseHandle, storage: ImageStorage, actor: User, productId: number, files: File[], maxBytes: number, now: Date, alt?: string): Promise<ImageOutcome> {
  const { db } = handle;
  const [product] = await db.select({ id: products.id, name: products.name }).from(products).where(eq(products.id, productId));
  if (!product) return { ok: false, status: 404, message: "That product no longer exists." };
  if (files.length === 0) return { ok: false, status: 422, message: "Choose one or more images to upload." };
  const existing = await productImagesOf(handle, productId);
  const room = MAX_IMAGES - existing.length;
  if (files.length > room) {
    const left = room <= 0 ? "it already has 8" : `it has ${existing.length}, so you can add ${room} more`;
    return { ok: false, status: 409, message: `A product can have at most ${MAX_IMAGES} images; ${left}.` };
  }
  const checked = await checkFiles(files, maxBytes);
  if (!Array.isArray(checked)) return checked;

  const stored = checked.map((file) => ({ ...file, key: newKey(productId, file.extension) }));
  await Promise.all(stored.map((file) => storage.put(file.key, file.bytes, IMAGE_TYPES[file.extension])));
  const start = existing.length;
  try {
    await handle.atomic([
      db.update(products).set({ updatedAt: now }).where(eq(products.id, productId)),
      ...stored.map((file, index) => db.insert(productImages).values({ productId, key: file.key, alt: alt || altFromName(file.name) || product.name, position: start + index, createdAt: now })),
      auditEntry(db, { actor, action: "product.images_add", subjectType: "product", subjectId: productId, details: { keys: stored.map((file) => file.key) }, at: now }),
    ]);
  } catch (error) {
    await Promise.all(stored.map((file) => storage.delete(file.key)));
    if (String(error).includes("product_image_limit")) return { ok: false, status: 409, message: `A product can have at most ${MAX_IMAGES} images.` };
    throw error;
  }
  return { ok: true, message: `Added ${stored.length} image${stored.length === 1 ? "" : "s"} to “${product.name}”.` };
}

/** Writes positions 0..n-1 in the given order (0 is the main image). */
function renumber(handle: DatabaseHandle, ordered: ProductImage[]): Statement[] {
  return ordered.map((image, position) => handle.db.update(productImages).set({ position }).where(eq(productImages.id, image.id)));
}

async function findImage(handle: DatabaseHandle, productId: number, imageId: number) {
  const images = await productImagesOf(handle, productId);
  const image = images.find((row) => row.id === imageId);
  return image ? { images, image } : null;
}

const missing: ImageOutcome = { ok: false, status: 404, message: "That image no longer exists." };
const touch = (handle: DatabaseHandle, productId: number, now: Date) => handle.db.update(products).set({ updatedAt: now }).where(eq(products.id, productId));

export async function arrangeImage(handle: DatabaseHandle, actor: User, productId: number, imageId: number, move: "main" | "up" | "down", now: Date): Promise<ImageOutcome> {
  const found = await findImage(handle, productId, imageId);
  if (!found) return missing;
  const order = found.images.filter((row) => row.id !== imageId);
  const at = found.images.indexOf(found.image);
  const target = move === "main" ? 0 : move === "up" ? Math.max(0, at - 1) : Math.min(found.images.length - 1, at + 1);
  order.splice(target, 0, found.image);
  await handle.atomic([
    touch(handle, productId, now),
    ...renumber(handle, order),
    auditEntry(handle.db, { actor, action: `product.image_${move}`, subjectType: "product", subjectId: productId, details: { imageId }, at: now }),
  ]);
  return { ok: true, message: move === "main" ? "That image is now the main one." : "Images reordered." };
}

/** A replaced image gets a new key, so caches of the old one never show stale bytes. */
export async function replaceImage(handle: DatabaseHandle, storage: ImageStorage, actor: User, productId: number, imageId: number, file: File | undefined, maxBytes: number, now: Date): Promise<ImageOutcome> {
  const found = await findImage(handle, productId, imageId);
  if (!found) return missing;
  if (!file) return { ok: false, status: 422, message: "Choose the new image." };
  const checked = await checkFiles([file], maxBytes);
  if (!Array.isArray(checked)) return checked;
  const key = newKey(productId, checked[0]!.extension);
  await storage.put(key, checked[0]!.bytes, IMAGE_TYPES[checked[0]!.extension]);
  await handle.atomic([
    handle.db.update(productImages).set({ key }).where(and(eq(productImages.id, imageId), eq(productImages.productId, productId))),
    touch(handle, productId, now),
    auditEntry(handle.db, { actor, action: "product.image_replace", subjectType: "product", subjectId: productId, details: { imageId, from: found.image.key, to: key }, at: now }),
  ]);
  await deletePicture(storage, found.image.key);
  return { ok: true, message: "Image replaced." };
}

export async function deleteImage(handle: DatabaseHandle, storage: ImageStorage, actor: User, productId: number, imageId: number, now: Date): Promise<ImageOutcome> {
  const found = await findImage(handle, productId, imageId);
  if (!found) return missing;
  await handle.atomic([
    handle.db.delete(productImages).where(eq(productImages.id, imageId)),
    ...renumber(handle, found.images.filter((row) => row.id !== imageId)),
    touch(handle, productId, now),
    auditEntry(handle.db, { actor, action: "product.image_delete", subjectType: "product", subjectId: productId, details: { key: found.image.key }, at: now }),
  ]);
  await deletePicture(storage, found.image.key);
  return { ok: true, message: "Image deleted." };
}

/** Changes what a picture is said to show (its alt text). */
export async function setImageAlt(handle: DatabaseHandle, actor: User, productId: number, imageId: number, alt: string, now: Date): Promise<ImageOutcome> {
  const found = await findImage(handle, productId, imageId);
  if (!found) return missing;
  if (found.image.alt === alt) return { ok: true, message: "The description is unchanged." };
  await handle.atomic([
    handle.db.update(productImages).set({ alt }).where(and(eq(productImages.id, imageId), eq(productImages.productId, productId))),
    touch(handle, productId, now),
    auditEntry(handle.db, { actor, action: "product.image_alt", subjectType: "product", subjectId: productId, details: { imageId, from: found.image.alt, to: alt }, at: now }),
  ]);
  return { ok: true, message: "Picture description saved." };
}
