import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import S3rver from "s3rver";
import { ConfigError, loadConfig } from "../src/config";
import { categories, productImages, products, type Product } from "../src/db/schema";
import { sniffImageType } from "../src/media/image-type";
import { s3Storage } from "../src/media/s3-storage";
import type { ImageStorage } from "../src/media/storage";
import { freePort } from "./support/server";
import { ADMIN, createTestStore, ORIGIN, textOf, type Agent, type TestStore } from "./support/store";

// A real 1x1 PNG, and the first bytes of the other accepted formats.
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (ch) => ch.charCodeAt(0));
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const WEBP = new TextEncoder().encode("RIFF\x24\x00\x00\x00WEBPVP8 ");
const AVIF = Uint8Array.from([0, 0, 0, 0x1c, ...new TextEncoder().encode("ftypavif"), 0, 0, 0, 0, ...new TextEncoder().encode("avifmif1miaf")]);

const upload = (agent: Agent, path: string, field: string, files: File[], headers: Record<string, string> = {}) => {
  const form = new FormData();
  for (const file of files) form.append(field, file);
  return agent.send(path, { method: "POST", headers: { origin: ORIGIN, ...headers }, body: form });
};
const png = (name: string) => new File([PNG], name, { type: "image/png" });

describe("storage configuration", () => {
  test("S3 is all or nothing, and each missing variable is named", () => {
    expect(loadConfig({}).UPLOADS_DIR).toBe("data/uploads");
    expect(loadConfig({}).MAX_IMAGE_BYTES).toBe(5 * 1024 * 1024);
    try {
      loadConfig({ S3_BUCKET: "grocer-images", S3_ENDPOINT: "http://127.0.0.1:9000" });
      throw new Error("should have refused");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        "S3_ACCESS_KEY_ID: must be set too when S3_ENDPOINT, S3_BUCKET are set (S3 image storage needs all four)",
        "S3_SECRET_ACCESS_KEY: must be set too when S3_ENDPOINT, S3_BUCKET are set (S3 image storage needs all four)",
      ]);
    }
    expect(() => loadConfig({ MAX_IMAGE_BYTES: "lots" })).toThrow("MAX_IMAGE_BYTES: must be a number of bytes");
  });
});

describe("image types are told by content", () => {
  test("JPEG, PNG, WebP and AVIF are recognised; text and renamed files are not", () => {
    expect(sniffImageType(PNG)).toBe("png");
    expect(sniffImageType(JPEG)).toBe("jpg");
    expect(sniffImageType(WEBP)).toBe("webp");
    expect(sniffImageType(AVIF)).toBe("avif");
    expect(sniffImageType(new TextEncoder().encode("hello, I am a shopping list"))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode("RIFF....WAVEfmt "))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});

describe("product images on local disk", () => {
  let store: TestStore;
  let manager: Agent;
  let product: Product;
  const imagesOf = () => store.db.select().from(productImages).where(eq(productImages.productId, product.id)).orderBy(productImages.position);

  beforeAll(async () => {
    store = await createTestStore({ seed: false, env: { MAX_IMAGE_BYTES: "2048" } });
    manager = store.agent();
    await manager.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
    const [fruit] = await store.db.insert(categories).values({ name: "Fruit", slug: "fruit", status: "active" }).returning();
    [product] = (await store.db.insert(products).values({ name: "Plums", slug: "plums", categoryId: fruit!.id, priceCents: 250 }).returning()) as [Product];
  });
  afterAll(() => store.close());

  test("several images upload at once and are served with long cache headers and their type", async () => {
    const response = await upload(manager, `/manage/products/${product.id}/images`, "images", [png("plums-front.png"), new File([JPEG], "side.jpg")]);
    expect(response.status).toBe(303);
    const images = await imagesOf();
    expect(images.map((image) => image.position)).toEqual([0, 1]);
    expect(images[0]!.key).toMatch(new RegExp(`^products/${product.id}/[0-9a-f-]+\\.png$`));
    expect(images[1]!.key).toEndWith(".jpg");
    expect(images[0]!.alt).toBe("plums front");

    const served = await store.agent().get(`/media/${images[0]!.key}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    expect((await store.agent().get(`/media/${images[1]!.key}`)).headers.get("content-type")).toBe("image/jpeg");
    expect((await store.agent().get("/media/products/1/missing.png")).status).toBe(404);
    expect((await store.agent().get("/media/../grocer.db")).status).toBe(404);
  });

  test("a renamed text file is refused by its content", async () => {
    const fake = new File(["milk, eggs, bread"], "holiday.jpg", { type: "image/jpeg" });
    const response = await upload(manager, `/manage/products/${product.id}/images`, "images", [fake]);
    expect(response.status).toBe(415);
    expect(await textOf(response)).toContain("“holiday.jpg” is not a JPEG, PNG, WebP or AVIF image");
    expect(await imagesOf()).toHaveLength(2);
  });

  test("an oversized image is refused with the limit", async () => {
    const big = new Uint8Array(3000);
    big.set(PNG);
    const response = await upload(manager, `/manage/products/${product.id}/images`, "images", [new File([big], "huge.png")]);
    expect(response.status).toBe(413);
    expect(await textOf(response)).toContain("images can be at most");
    expect(await imagesOf()).toHaveLength(2);
  });

  test("an upload bigger than eight full-size images is refused before it is read", async () => {
    const files = Array.from({ length: 9 }, (_, i) => new File([new Uint8Array(10_000)], `block-${i}.png`));
    const response = await upload(manager, `/manage/products/${product.id}/images`, "images", files);
    expect(response.status).toBe(413);
    expect(await textOf(response)).toContain("That upload is too big");
    expect(await imagesOf()).toHaveLength(2);
  });

  test("reorder, set main, replace and delete; the htmx answer is the images panel", async () => {
    await upload(manager, `/manage/products/${product.id}/images`, "images", [png("third.png")]);
    const [first, second, third] = await imagesOf();
    const main = await manager.post(`/manage/products/${product.id}/images/${third!.id}/main`, {}, { "hx-request": "true" });
    expect(main.status).toBe(200);
    expect(await textOf(main)).toStartWith('<section id="product-images"');
    expect((await imagesOf()).map((image) => image.id)).toEqual([third!.id, first!.id, second!.id]);
    await manager.post(`/manage/products/${product.id}/images/${second!.id}/up`);
    expect((await imagesOf()).map((image) => image.id)).toEqual([third!.id, second!.id, first!.id]);
    await manager.post(`/manage/products/${product.id}/images/${third!.id}/down`);
    expect((await imagesOf()).map((image) => image.id)).toEqual([second!.id, third!.id, first!.id]);

    const replaced = await upload(manager, `/manage/products/${product.id}/images/${first!.id}/replace`, "image", [new File([WEBP], "new.webp")]);
    expect(replaced.status).toBe(303);
    const after = (await imagesOf()).find((image) => image.id === first!.id)!;
    expect(after.key).toEndWith(".webp");
    expect((await store.agent().get(`/media/${first!.key}`)).status).toBe(404);
    expect((await store.agent().get(`/media/${after.key}`)).headers.get("content-type")).toBe("image/webp");

    expect((await manager.post(`/manage/products/${product.id}/images/${second!.id}/delete`)).status).toBe(303);
    expect((await imagesOf()).map((image) => [image.id, image.position])).toEqual([[third!.id, 0], [first!.id, 1]]);
    expect((await store.agent().get(`/media/${second!.key}`)).status).toBe(404);
  });

  test("a ninth image is refused, by the route and by the database", async () => {
    const room = 8 - (await imagesOf()).length;
    const tooMany = await upload(manager, `/manage/products/${product.id}/images`, "images", Array.from({ length: room + 1 }, (_, i) => png(`extra-${i}.png`)));
    expect(tooMany.status).toBe(409);
    expect(await textOf(tooMany)).toContain(`A product can have at most 8 images; it has ${8 - room}, so you can add ${room} more.`);
    expect((await upload(manager, `/manage/products/${product.id}/images`, "images", Array.from({ length: room }, (_, i) => png(`fill-${i}.png`)))).status).toBe(303);
    expect(await imagesOf()).toHaveLength(8);

    const ninth = await upload(manager, `/manage/products/${product.id}/images`, "images", [png("ninth.png")]);
    expect(ninth.status).toBe(409);
    expect(await textOf(ninth)).toContain("it already has 8");
    await expect((async () => store.db.insert(productImages).values({ productId: product.id, key: "products/x/ninth.png" }))()).rejects.toThrow(/product_image_limit/);
    expect(await imagesOf()).toHaveLength(8);
  });

  test("deleting a never-ordered product removes its stored images", async () => {
    const keys = (await imagesOf()).map((image) => image.key);
    expect((await manager.post(`/manage/products/${product.id}/delete`)).status).toBe(303);
    for (const key of keys) expect(await store.deps.storage.get(key)).toBeNull();
  });
});

describe("S3-compatible storage against a real s3rver", () => {
  let server: S3rver;
  let dir: string;
  let storage: ImageStorage;
  let endpoint: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "grocer-s3-"));
    const port = await freePort();
    server = new S3rver({ port, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: "grocer-images", configs: [] }] });
    await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    storage = s3Storage({ endpoint, bucket: "grocer-images", region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("put, get, url and delete round trip", async () => {
    const key = "products/7/0a1b2c3d.png";
    await storage.put(key, PNG, "image/png");
    const stored = await storage.get(key);
    expect(stored?.contentType).toBe("image/png");
    expect(stored?.bytes).toEqual(PNG);
    expect(storage.url(key)).toBe(`/media/${key}`);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key);
  });

  test("the store uploads to S3 and serves /media from it", async () => {
    const store = await createTestStore({ seed: false, storage });
    try {
      const agent = store.agent();
      await agent.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
      const [fruit] = await store.db.insert(categories).values({ name: "Fruit", slug: "fruit", status: "active" }).returning();
      const [kiwi] = await store.db.insert(products).values({ name: "Kiwi", slug: "kiwi", categoryId: fruit!.id, priceCents: 60 }).returning();
      expect((await upload(agent, `/manage/products/${kiwi!.id}/images`, "images", [png("kiwi.png")])).status).toBe(303);
      const [image] = await store.db.select().from(productImages).where(eq(productImages.productId, kiwi!.id));
      const direct = await fetch(`${endpoint}/grocer-images/${image!.key}`);
      expect(direct.status).toBe(200);
      const served = await store.agent().get(`/media/${image!.key}`);
      expect(served.headers.get("content-type")).toBe("image/png");
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    } finally {
      store.close();
    }
  });

  test("a public URL makes pages link to the bucket directly", () => {
    const publicStorage = s3Storage({ endpoint, bucket: "b", region: "auto", accessKeyId: "a", secretAccessKey: "s", publicUrl: "https://images.example.com/" });
    expect(publicStorage.url("products/1/a.png")).toBe("https://images.example.com/products/1/a.png");
  });
});
