import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { inArray } from "drizzle-orm";
import type { DatabaseHandle } from "../db/client";
import { productImages, products } from "../db/schema";
import { loadRasteriser, type Rasteriser } from "../media/rasterise";
import { renditionKey, renditionSetKey } from "../media/renditions";
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

type Picture = { svg: Uint8Array; renditions: { width: number; png: Uint8Array }[] | null };

/**
 * Gives each demo product that has no image its illustration, stored like an uploaded photo so
 * every page shows it through /media: as PNG renditions ("products/<id>/<uuid>/96w.png", 192w,
 * 384w; the key names the largest), drawn once here, so shoppers' browsers never build an SVG
 * document per picture (ADR 055). Without a rasteriser, the SVG as it came
 * (`products/<id>/<uuid>.svg`). Returns how many products got one.
 */
export async function addDemoPictures(
  handle: DatabaseHandle,
  storage: ImageStorage,
  now: Date,
  read: PictureReader = readFluentEmoji,
  rasterise: Rasteriser | null | undefined = undefined,
): Promise<number> {
  const { db } = handle;
  const rows = await db.select({ id: products.id, name: products.name }).from(products).where(inArray(products.name, Object.keys(DEMO_PICTURES)));
  const pictured = new Set((await db.selectDistinct({ id: productImages.productId }).from(productImages)).map((row) => row.id));
  const bare = rows.filter((row) => !pictured.has(row.id));
  if (bare.length === 0) return 0;
  const draw = rasterise === undefined ? await loadRasteriser() : rasterise;
  // Each illustration drawn once (resvg works on its own threads, so all at once), however many products share it.
  const names = [...new Set(bare.map((product) => DEMO_PICTURES[product.name]!))];
  const drawn = await Promise.all(names.map((name) => picture(name, read, draw)));
  const pictures = new Map(names.map((name, i) => [name, drawn[i]!]));
  const stored: { productId: number; key: string; alt: string }[] = [];
  for (const product of bare) {
    const found = pictures.get(DEMO_PICTURES[product.name]!);
    if (!found) continue;
    stored.push({ productId: product.id, key: await storePicture(storage, `products/${product.id}/${crypto.randomUUID()}`, found), alt: product.name });
  }
  const inserts = chunk(stored, 16).map((part) => db.insert(productImages).values(part.map((row) => ({ ...row, position: 0, createdAt: now }))));
  const [first, ...rest] = inserts;
  if (first) await handle.atomic([first, ...rest]);
  return stored.length;
}

async function picture(name: string, read: PictureReader, draw: Rasteriser | null): Promise<Picture | null> {
  const svg = await read(name);
  if (!svg) return null;
  // A picture resvg cannot draw is stored as its SVG rather than stopping the store from starting.
  const renditions = draw ? await draw(svg).catch(() => null) : null;
  return { svg, renditions };
}

/** Writes the picture's files under `folder`; returns the key the image is recorded under. */
async function storePicture(storage: ImageStorage, folder: string, found: Picture): Promise<string> {
  if (!found.renditions) {
    await storage.put(`${folder}.svg`, found.svg, "image/svg+xml");
    return `${folder}.svg`;
  }
  await Promise.all(found.renditions.map((rendition) => storage.put(renditionKey(folder, rendition.width), rendition.png, "image/png")));
  return renditionSetKey(folder);
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
