/** The image types a product photo may be, recognised by their first bytes rather than their name. */
export const IMAGE_TYPES = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
} as const;

export type ImageExtension = keyof typeof IMAGE_TYPES;

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

/** "jpg", "png", "webp" or "avif" from the file's magic bytes; null for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageExtension | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "webp";
  // ISO-BMFF: a "ftyp" box whose major or compatible brands include avif/avis.
  if (startsWith(bytes, ascii("ftyp"), 4)) {
    const boxSize = Math.min(((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0, bytes.length, 256);
    for (let at = 8; at + 4 <= boxSize; at += 4) {
      if (startsWith(bytes, ascii("avif"), at) || startsWith(bytes, ascii("avis"), at)) return "avif";
    }
  }
  return null;
}

export function contentTypeOfKey(key: string): string {
  const extension = key.slice(key.lastIndexOf(".") + 1);
  if (extension === "svg") return "image/svg+xml"; // the demo illustrations only; never an upload
  return IMAGE_TYPES[extension as ImageExtension] ?? "application/octet-stream";
}
