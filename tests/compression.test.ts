import { afterAll, beforeAll, expect, test } from "bun:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { createApp } from "../src/app";
import { zlibCompressor } from "../src/bun/compressor";
import { acceptedEncoding } from "../src/http/compression";
import { createTestStore, type TestStore } from "./support/store";

/* Answers compressed as the browser accepts (ADR 024): the same bytes once decoded, Vary says so. */

let store: TestStore;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  store = await createTestStore({ seed: true });
  app = createApp(store.deps, { compression: zlibCompressor });
});
afterAll(() => store.close());

const get = (path: string, encoding: string) => app.request(`http://127.0.0.1${path}`, { headers: { "accept-encoding": encoding } });

test("brotli and gzip decode to the identity body, for cached pages, uncached pages and the API", async () => {
  for (const path of ["/", "/categories/fruit", "/login", "/api/v1/products?limit=24"]) {
    const plain = await get(path, "identity");
    expect(plain.headers.get("content-encoding")).toBeNull();
    const text = await plain.text();
    for (const [encoding, decode] of [["br", brotliDecompressSync], ["gzip", gunzipSync]] as const) {
      const packed = await get(path, `${encoding}, deflate`);
      expect(packed.headers.get("content-encoding")).toBe(encoding);
      expect(packed.headers.get("vary")).toContain("Accept-Encoding");
      const bytes = new Uint8Array(await packed.arrayBuffer());
      expect(bytes.byteLength).toBeLessThan(text.length / 2);
      expect(new TextDecoder().decode(decode(bytes))).toBe(text);
    }
  }
});

test("a cached page's compressed copy is made once and sent again; its ETag still answers 304", async () => {
  const first = new Uint8Array(await (await get("/categories/fruit", "br")).arrayBuffer());
  const again = await get("/categories/fruit", "br");
  expect(new Uint8Array(await again.arrayBuffer())).toEqual(first);
  const etag = again.headers.get("etag")!;
  const revalidated = await app.request("http://127.0.0.1/categories/fruit", { headers: { "accept-encoding": "br", "if-none-match": etag } });
  expect(revalidated.status).toBe(304);
});

test("small answers and refused encodings stay as they are", async () => {
  expect((await get("/healthz", "br")).headers.get("content-encoding")).toBeNull();
  expect(acceptedEncoding("gzip;q=0, br;q=0")).toBeNull();
  expect(acceptedEncoding("br;q=0, gzip")).toBe("gzip");
  expect(acceptedEncoding("gzip, deflate, br")).toBe("br");
});
