import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { inArray } from "drizzle-orm";
import type { DatabaseHandle } from "../db/client";
import { productImages, products } from "../db/schema";
import type { ImageStorage } from "../media/storage";
import { DEMO_PICTURES } from "./pictures";

/** Reads one Fluent Emoji illustration from the installed package; null when it is not there (e.g. a compiled binary). */
export async function readFluentEmoji(name: string): Promise<Uint8Array | null> {
  try {
    const folder = dirname(createRequire(import.meta.url).resolve("fluentui-emoji/package.json"));
    return new Uint8Array(await readFile(join(folder, "icons", "flat", `${name}.svg`)));
  } catch {
    return null;
  }
}

export type PictureReader = (name: string) => Promise<Uint8Array | null>;

/** The illustrations the compiled binary carries (scripts/build-binary.ts embeds the ones DEMO_PICTURES names). */
export const embeddedPictures = (files: Record<string, string>): PictureReader => async (name) =>
  Object.hasOwn(files, name) ? new Uint8Array(await Bun.file(files[name]!).arrayBuffer()) : null;

/**
 * Gives each demo product that has no image its illustration, stored like an uploaded photo
 * (`products/<id>/<uuid>.svg` in the image storage) so every page shows it through /media.
 * Returns how many products got one.
 */
export async function addDemoPictures(handle: DatabaseHandle, storage: ImageStorage, now: Date, read: PictureReader = readFluentEmoji): Promise<number> {
  const { db } = handle;
  const names = Object.keys(DEMO_PICTURES);
  const rows = await db.select({ id: products.id, name: products.name }).from(products).where(inArray(products.name, names));
  const pictured = new Set((await db.selectDistinct({ id: productImages.productId }).from(productImages)).map((row) => row.id));
  const bare = rows.filter((row) => !pictured.has(row.id));
  const files = new Map<string, Uint8Array | null>();
  const stored: { productId: number; key: string; alt: string }[] = [];
  for (const product of bare) {
    const picture = DEMO_PICTURES[product.name]!;
    if (!files.has(picture)) files.set(picture, await read(picture));
    const bytes = files.get(picture);
    if (!bytes) continue;
    const key = `products/${product.id}/${crypto.randomUUID()}.svg`;
    await storage.put(key, bytes, "image/svg+xml");
    stored.push({ productId: product.id, key, alt: product.name });
  }
  const inserts = chunk(stored, 16).map((part) => db.insert(productImages).values(part.map((row) => ({ ...row, position: 0, createdAt: now }))));
  const [first, ...rest] = inserts;
  if (first) await handle.atomic([first, ...rest]);
  return stored.length;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
