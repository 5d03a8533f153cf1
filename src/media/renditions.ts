import { mediaUrl, type ImageStorage } from "./storage";

/**
 * The widths (px) of the raster renditions made once for a drawn (SVG) picture: a list thumbnail
 * (44 px shown), a card (96 px shown) and the product page (up to 352 px shown), each at up to 2x.
 * Pages pick one through srcset/sizes, so no SVG document is ever built by the browser (ADR 055).
 */
export const RENDITION_WIDTHS = [96, 192, 384] as const;
const LARGEST_WIDTH = 384;

/** A rendition set is stored as "products/12/<uuid>/96w.png", "…/192w.png", "…/384w.png"; the largest is the image's key. */
const RENDITION_KEY = /^(.+)\/(\d+)w\.png$/;

export const renditionKey = (folder: string, width: number) => `${folder}/${width}w.png`;

/** The key a new rendition set is recorded under (its largest rendition). */
export const renditionSetKey = (folder: string) => renditionKey(folder, LARGEST_WIDTH);

/** The renditions behind an image's key, smallest first; null for an image stored as it came (an upload, an older demo SVG). */
export function renditionsOf(key: string): { key: string; width: number }[] | null {
  const match = RENDITION_KEY.exec(key);
  if (!match) return null;
  const largest = Number(match[2]);
  return RENDITION_WIDTHS.filter((width) => width <= largest).map((width) => ({ key: renditionKey(match[1]!, width), width }));
}

/** Every stored file behind an image's key (the key itself, plus its smaller renditions). */
export const storedKeysOf = (key: string): string[] => renditionsOf(key)?.map((rendition) => rendition.key) ?? [key];

/** Deletes an image and all its renditions. */
export async function deletePicture(storage: ImageStorage, key: string): Promise<void> {
  await Promise.all(storedKeysOf(key).map((stored) => storage.delete(stored)));
}

export type PictureSources = { src: string; srcset?: string; sizes?: string };

/**
 * The <img> attributes for an image shown `sizes` wide (a CSS length or media list): a srcset of
 * its renditions when it has some, its one file otherwise.
 */
export function pictureSources(key: string, sizes: string): PictureSources {
  const renditions = renditionsOf(key);
  if (!renditions) return { src: mediaUrl(key) };
  return { src: mediaUrl(key), srcset: renditions.map((rendition) => `${mediaUrl(rendition.key)} ${rendition.width}w`).join(", "), sizes };
}
