import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { eq } from "drizzle-orm";
import { productImages, products } from "../src/db/schema";
import { demoProducts } from "../src/demo/catalog";
import { DEMO_PICTURES } from "../src/demo/pictures";
import { addDemoPictures, readFluentEmoji } from "../src/demo/add-pictures";
import { ADMIN, createTestStore, type TestStore } from "./support/store";

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

const pictureRows = (target: TestStore) =>
  target.db.select({ id: productImages.id, productId: productImages.productId, name: products.name, key: productImages.key, alt: productImages.alt }).from(productImages).innerJoin(products, eq(products.id, productImages.productId));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
/** A PNG's width from its IHDR chunk. */
const pngWidth = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(16);

test("the pictures are drawn once as PNG renditions, stored like uploads and served through /media, with the product's name as alt text", async () => {
  const rows = await pictureRows(store);
  expect(rows.length).toBe(demoProducts.length);
  const banana = rows.find((row) => row.name === "Bananas (Fairtrade)")!;
  expect(banana.key).toMatch(/^products\/\d+\/[0-9a-f-]+\/384w\.png$/);
  expect(banana.alt).toBe("Bananas (Fairtrade)");
  const folder = banana.key.replace(/\/384w\.png$/, "");
  for (const width of [96, 192, 384]) {
    const response = await store.app.request(`/media/${folder}/${width}w.png`);
    expect(`${width}: ${response.status} ${response.headers.get("content-type")}`).toBe(`${width}: 200 image/png`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual(PNG_SIGNATURE);
    expect(pngWidth(bytes)).toBe(width);
  }
  // Every page that shows it offers the renditions with the width it is shown at, so the browser takes the smallest that is sharp.
  const srcset = `srcset="/media/${folder}/96w.png 96w, /media/${folder}/192w.png 192w, /media/${folder}/384w.png 384w"`;
  const shelf = await (await store.app.request("/categories/fruit")).text();
  expect(shelf).toContain(`src="/media/${banana.key}" ${srcset} sizes="6rem"`);
  const page = await (await store.app.request("/products/bananas-fairtrade")).text();
  expect(page).toContain(`${srcset} sizes="(max-width: 759px) 13rem, 22rem"`);
});

test("a store seeded before renditions existed (or where resvg can't load) keeps its SVG pictures, shown as they are", async () => {
  const older = await createTestStore({ pictures: false });
  try {
    expect(await addDemoPictures(older.database, older.deps.storage, older.clock.now(), undefined, null)).toBe(demoProducts.length);
    const banana = (await pictureRows(older)).find((row) => row.name === "Bananas (Fairtrade)")!;
    expect(banana.key).toMatch(/^products\/\d+\/[0-9a-f-]+\.svg$/);
    const response = await older.app.request(`/media/${banana.key}`);
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    expect(await response.text()).toContain("<svg");
    const shelf = await (await older.app.request("/categories/fruit")).text();
    expect(shelf).toContain(`src="/media/${banana.key}"`);
    expect(shelf).not.toContain(`src="/media/${banana.key}" srcset`);
  } finally {
    older.close();
  }
});

test("a picture the rasteriser fails on is stored as its SVG; the others get their renditions", async () => {
  const older = await createTestStore({ pictures: false });
  try {
    const { loadRasteriser } = await import("../src/media/rasterise");
    const draw = (await loadRasteriser())!;
    const failingOnBananas: typeof draw = async (svg) => (new TextDecoder().decode(svg) === new TextDecoder().decode((await readFluentEmoji("banana"))!) ? Promise.reject(new Error("cannot draw")) : draw(svg));
    expect(await addDemoPictures(older.database, older.deps.storage, older.clock.now(), undefined, failingOnBananas)).toBe(demoProducts.length);
    const rows = await pictureRows(older);
    expect(rows.find((row) => row.name === "Bananas (Fairtrade)")!.key).toMatch(/\.svg$/);
    expect(rows.find((row) => row.name === "Gala Apples")!.key).toMatch(/\/384w\.png$/);
  } finally {
    older.close();
  }
});

test("deleting a picture or its product deletes every rendition", async () => {
  const agent = store.agent();
  await agent.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
  const rows = await pictureRows(store);
  const filesOf = (key: string) => [96, 192, 384].map((width) => join(store.dir, "uploads", key.replace(/384w\.png$/, `${width}w.png`)));
  const lemons = rows.find((row) => row.name === "Lemons (unwaxed)")!;
  expect(filesOf(lemons.key).every((file) => existsSync(file))).toBe(true);
  const deleted = await agent.post(`/manage/products/${lemons.productId}/images/${lemons.id}/delete`);
  expect(deleted.status).toBe(303);
  expect(filesOf(lemons.key).map((file) => existsSync(file))).toEqual([false, false, false]);
});

test("uploads still refuse SVG: only the demo pictures are SVG", async () => {
  const { sniffImageType } = await import("../src/media/image-type");
  expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
});
