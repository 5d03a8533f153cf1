import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { eq } from "drizzle-orm";
import { productImages, products } from "../src/db/schema";
import { demoProducts } from "../src/demo/catalog";
import { DEMO_PICTURES } from "../src/demo/pictures";
import { createTestStore, type TestStore } from "./support/store";

setDefaultTimeout(60_000);
let store: TestStore;
beforeAll(async () => {
  store = await createTestStore({ pictures: true });
});
afterAll(() => store.close());

test("every demo product has an illustration from the installed Fluent Emoji package", () => {
  const folder = join(dirname(createRequire(import.meta.url).resolve("fluentui-emoji/package.json")), "icons", "flat");
  for (const product of demoProducts) {
    const picture = DEMO_PICTURES[product.name];
    expect(`${product.name}: ${picture && existsSync(join(folder, `${picture}.svg`))}`).toBe(`${product.name}: true`);
  }
});

test("the pictures are stored like uploads and served through /media, sandboxed, with the product's name as alt text", async () => {
  const rows = await store.db.select({ name: products.name, key: productImages.key, alt: productImages.alt }).from(productImages).innerJoin(products, eq(products.id, productImages.productId));
  expect(rows.length).toBe(demoProducts.length);
  const banana = rows.find((row) => row.name === "Bananas (Fairtrade)")!;
  expect(banana.key).toMatch(/^products\/\d+\/[0-9a-f-]+\.svg$/);
  expect(banana.alt).toBe("Bananas (Fairtrade)");
  const response = await store.app.request(`/media/${banana.key}`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("image/svg+xml");
  expect(response.headers.get("content-security-policy")).toContain("sandbox");
  expect(await response.text()).toContain("<svg");
  const shelf = await (await store.app.request("/categories/fruit")).text();
  expect(shelf).toContain(`src="/media/${banana.key}"`);
});

test("uploads still refuse SVG: only the demo pictures are SVG", async () => {
  const { sniffImageType } = await import("../src/media/image-type");
  expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
});
