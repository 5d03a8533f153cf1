/** Where product images live: local disk, any S3-compatible store, or an R2 bucket on Workers. */
export interface ImageStorage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The stored bytes and their type, or null when nothing is stored under the key. */
  get(key: string): Promise<StoredImage | null>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** The address a page uses to show the image. */
  url(key: string): string;
}

export type StoredImage = { bytes: Uint8Array<ArrayBuffer>; contentType: string };

/**
 * Keys we hand out: "products/12/0f3c…e1.webp". Anything else is refused before touching storage.
 * `.svg` is only ever written by the demo catalog's illustrations (uploads are sniffed as raster
 * images), and is served with a sandboxing CSP.
 */
export const SAFE_KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*\.(jpg|png|webp|avif|svg)$/;

/** Where the store serves a stored file (each key segment escaped); the one definition. */
export const mediaUrl = (key: string) => `/media/${key.split("/").map(encodeURIComponent).join("/")}`;
