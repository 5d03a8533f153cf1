import { afterAll, beforeAll, expect, test } from "bun:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { createApp } from "../src/app";
import { zlibCompressor } from "../src/bun/compressor";
import { join } from "node:path";
import { acceptedEncoding, compressResponses, streamedBody, type Compressor, type Encoding, type Keeping } from "../src/http/compression";
import { publicFolder, serveStaticFiles } from "../src/bun/static-files";
import { splicedGzip } from "../src/http/gzip-splice";
import { Hono } from "hono";
import { Agent, createTestStore, type TestStore } from "./support/store";
import { backgroundWork } from "./support/jobs";
import { DEMO_ACCOUNTS } from "../src/demo/seed";

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

test("a body sent as it is produced (a CSV download) is compressed as a stream and decodes to the same bytes", async () => {
  const manager = new Agent(app);
  await manager.logInAsStaff(DEMO_ACCOUNTS.manager.email, DEMO_ACCOUNTS.manager.password, store.clock);
  const started = await manager.post("/manage/reports/exports", { kind: "products", from: "", to: "", category: "", bucket: "day" });
  expect(started.status).toBe(303);
  await backgroundWork(store).drain();
  const download = (encoding: string) => manager.get(`${started.headers.get("location")}/download`, { "accept-encoding": encoding });
  const plain = await download("identity");
  expect(plain.headers.get("content-encoding")).toBeNull();
  const text = await plain.text();
  expect(text).toStartWith("product,category,");
  for (const [encoding, decode] of [["br", brotliDecompressSync], ["gzip", gunzipSync]] as const) {
    const packed = await download(encoding);
    expect(packed.headers.get("content-encoding")).toBe(encoding);
    expect(packed.headers.get("vary")).toContain("Accept-Encoding");
    expect(new TextDecoder().decode(decode(new Uint8Array(await packed.arrayBuffer())))).toBe(text);
  }
});

test.each(["gzip", "br"] as const)("a streamed body is answered and sent as it is produced, not held to its end (%s)", async (encoding) => {
  let release!: () => void;
  const rest = new Promise<void>((resolve) => (release = resolve));
  const encoder = new TextEncoder();
  const streaming = new Hono();
  streaming.use(compressResponses(zlibCompressor));
  streaming.get("/rows.csv", (c) => {
    streamedBody(c);
    c.header("Content-Type", "text/csv; charset=utf-8");
    let part = 0;
    return c.body(
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          part += 1;
          if (part === 1) return controller.enqueue(encoder.encode("first,".repeat(500)));
          await rest;
          controller.enqueue(encoder.encode("second,".repeat(500)));
          controller.close();
        },
      }),
    );
  });
  // Read whole before answering, or compressed only at its end (Bun's brotli CompressionStream did),
  // this would wait for `rest` for ever: it is released only after the first compressed bytes came.
  const response = await streaming.request("http://127.0.0.1/rows.csv", { headers: { "accept-encoding": encoding } });
  expect(response.headers.get("content-encoding")).toBe(encoding);
  const reader = response.body!.getReader();
  const parts: Uint8Array[] = [];
  const first = await reader.read();
  expect(first.value?.byteLength ?? 0).toBeGreaterThan(0);
  parts.push(first.value!);
  release();
  for (let part = await reader.read(); !part.done; part = await reader.read()) parts.push(part.value);
  const decode = encoding === "br" ? brotliDecompressSync : gunzipSync;
  expect(new TextDecoder().decode(decode(Buffer.concat(parts)))).toBe("first,".repeat(500) + "second,".repeat(500));
});

test("a cached page is compressed at the catalog's level, a static file at the release's, anything else per response (ADR 079)", async () => {
  const asked: { path: string; keeping: Keeping }[] = [];
  let path = "";
  const recording: Compressor = Object.assign((body: Uint8Array, encoding: Encoding, keeping: Keeping) => {
    asked.push({ path, keeping });
    return zlibCompressor(body, encoding, keeping);
  });
  const recorded = createApp(store.deps, { compression: recording, staticAssets: serveStaticFiles(publicFolder(join(import.meta.dir, "..", "public"))) });
  const levels = async (at: string) => {
    path = at;
    const response = await recorded.request(`http://127.0.0.1${at}`, { headers: { "accept-encoding": "br" } });
    expect(response.headers.get("content-encoding")).toBe("br");
    await response.arrayBuffer();
    return asked.filter((call) => call.path === at).map((call) => call.keeping);
  };
  // An anonymous aisle: its first answer compressed as any response; kept whole with its copy from
  // the second visit (ADR 094), and the third sends the same copy.
  expect(await levels("/categories/vegetables")).toEqual(["response"]);
  expect(await levels("/categories/vegetables")).toEqual(["response", "catalog"]);
  expect(await levels("/categories/vegetables")).toEqual(["response", "catalog"]);
  expect(await levels("/static/styles.css")).toEqual(["release"]);
  expect(await levels("/api/v1/products?limit=24")).toEqual(["response"]);
});

test("a signed-in shopper's catalog page is gzip put together from its cached pieces: the same page, their name in it (ADR 080)", async () => {
  const shopper = new Agent(app);
  const name = "Zoë & Åsa O'Brien";
  expect((await shopper.signUp({ name, email: "zoe.splice@example.com", password: "a-long-enough-pass-1" })).status).toBe(303);
  await shopper.get("/account"); // the welcome message, shown once (a page with a message is rendered whole)
  for (const path of ["/categories/fruit", "/", "/search?q=milk"]) {
    const plain = await shopper.get(path, { "accept-encoding": "identity" });
    expect(plain.headers.get("content-encoding")).toBeNull();
    const text = await plain.text();
    expect(text).toContain("Zoë &amp; Åsa O&#39;Brien");
    for (const accepted of ["gzip", "br, gzip, deflate"]) {
      const packed = await shopper.get(path, { "accept-encoding": accepted });
      expect(packed.headers.get("content-encoding")).toBe("gzip");
      expect(packed.headers.get("vary")).toContain("Accept-Encoding");
      const bytes = new Uint8Array(await packed.arrayBuffer());
      expect(bytes.byteLength).toBeLessThan(text.length / 3);
      expect(new TextDecoder().decode(gunzipSync(bytes))).toBe(text);
    }
  }
  // A browser that takes brotli only gets brotli, compressed per response.
  expect((await shopper.get("/categories/fruit", { "accept-encoding": "br" })).headers.get("content-encoding")).toBe("br");
});

test("spliced gzip: empty values, multi-byte text and a value longer than one stored block decode whole", () => {
  const splicer = zlibCompressor.splice!;
  const encode = (text: string) => new TextEncoder().encode(text);
  const pieces = [encode("<p>" + "shelf ".repeat(3000)), encode("</p><p>"), encode("</p>" + "é".repeat(100))];
  const values = [encode(""), encode("x".repeat(70_000) + "ü")];
  const gzip = splicedGzip(splicer, pieces, pieces.map((piece) => splicer.deflatePiece(piece)), values);
  const expected = new TextDecoder().decode(pieces[0]) + new TextDecoder().decode(pieces[1]) + "x".repeat(70_000) + "ü" + new TextDecoder().decode(pieces[2]);
  expect(new TextDecoder().decode(gunzipSync(gzip))).toBe(expected);
});
