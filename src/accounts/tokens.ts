import { createHash } from "node:crypto";

/** Random, URL-safe secrets and their SHA-256 digests (only digests are ever stored). */
export function randomToken(bytes = 32): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  return Buffer.from(buffer).toString("base64url");
}

/**
 * Synchronous on purpose: it runs on every signed-in request, and WebCrypto's digest hops to
 * another thread and back, which under load cost more than the hash itself (BENCHMARKS.md).
 */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
