import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

export function filePath(url: string): string {
  return url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
}

/** Creates the folder of an embedded database file. */
export function ensureDirectory(url: string): void {
  const path = filePath(url);
  if (path === ":memory:") return;
  mkdirSync(dirname(path), { recursive: true });
}
