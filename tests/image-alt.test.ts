import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { categories, productImages, products } from "../src/db/schema";
import { ApiClient, expectProblem, logInStaff } from "./support/api";
import { ADMIN, createTestStore, ORIGIN, textOf, type Agent, type TestStore } from "./support/store";

// Alt text: what a product picture shows, typed by the manager (new product, each image after, the API).
const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (ch) => ch.charCodeAt(0));
const png = (name: string) => new File([PNG], name, { type: "image/png" });

let store: TestStore;
let manager: Agent;
let api: ApiClient;
let fruitId: number;

beforeAll(async () => {
  store = await createTestStore({ seed: false, env: { MAX_IMAGE_BYTES: "4096" } });
  // The admin signs in over the API (which sets up two-step sign-in) and on the web with a recovery code.
  api = new ApiClient(store, "198.51.100.240");
  const enrolled = await logInStaff(api, store, ADMIN.email, ADMIN.password);
  manager = store.agent();
  await manager.logIn(ADMIN.email, ADMIN.password);
  await manager.post("/login/two-factor", { code: enrolled.recoveryCodes[0]! });
  const [fruit] = await store.db.insert(categories).values({ name: "Fruit", slug: "fruit", status: "active" }).returning();
  fruitId = fruit!.id;
});
afterAll(() => store.close());

function newProductForm(fields: Record<string, string>, file?: File) {
  const form = new FormData();
  const all = { name: "Galia Melon", category_id: String(fruitId), price: "2.50", unit: "each", step: "1", stock: "3", ...fields };
  for (const [key, value] of Object.entries(all)) form.append(key, value);
  form.append("image", file ?? new File([], "", { type: "application/octet-stream" }));
  return form;
}
const postForm = (path: string, form: FormData) => manager.send(path, { method: "POST", headers: { origin: ORIGIN }, body: form });
const imagesOf = (productId: number) => store.db.select().from(productImages).where(eq(productImages.productId, productId));
const productNamed = async (name: string) => (await store.db.select().from(products).where(eq(products.name, name)))[0];

describe("on the web", () => {
  test("a new product takes its main picture and what it shows, in the same form", async () => {
    const editor = await textOf(await manager.get("/manage/products/new"));
    expect(editor).toContain('enctype="multipart/form-data"');
    expect(editor).toContain('name="alt"');
    const response = await postForm("/manage/products", newProductForm({ alt: "A ripe Galia melon, cut in half" }, png("IMG_2034.png")));
    expect(response.status).toBe(303);
    const melon = (await productNamed("Galia Melon"))!;
    expect((await imagesOf(melon.id)).map((image) => [image.alt, image.position])).toEqual([["A ripe Galia melon, cut in half", 0]]);
    const shop = await textOf(await store.agent().get(`/products/${melon.slug}`));
    expect(shop).toContain('alt="A ripe Galia melon, cut in half"');
  });

  test("without a description the picture is named after the product; a bad picture or description saves nothing", async () => {
    expect((await postForm("/manage/products", newProductForm({ name: "Honeydew Melon" }, png("IMG_2035.png")))).status).toBe(303);
    const honeydew = (await productNamed("Honeydew Melon"))!;
    expect((await imagesOf(honeydew.id))[0]!.alt).toBe("Honeydew Melon");

    const text = await postForm("/manage/products", newProductForm({ name: "Canary Melon" }, new File(["a shopping list"], "list.png")));
    expect(text.status).toBe(415);
    expect(await textOf(text)).toContain("is not a JPEG, PNG, WebP or AVIF image");
    const short = await postForm("/manage/products", newProductForm({ name: "Canary Melon", alt: "x" }, png("melon.png")));
    expect(short.status).toBe(422);
    expect(await textOf(short)).toContain("Describe the picture in at least 2 characters");
    const badPrice = await postForm("/manage/products", newProductForm({ name: "Canary Melon", price: "free" }, png("melon.png")));
    expect(badPrice.status).toBe(422);
    expect(await textOf(badPrice)).toContain("Choose the picture again");
    expect(await productNamed("Canary Melon")).toBeUndefined();
  });

  test("each image's description can be changed, with and without htmx; an empty one is refused", async () => {
    const melon = (await productNamed("Galia Melon"))!;
    const [image] = await imagesOf(melon.id);
    const editor = await textOf(await manager.get(`/manage/products/${melon.id}`));
    expect(editor).toContain(`id="alt-${image!.id}" name="alt" value="A ripe Galia melon, cut in half"`);
    const plain = await manager.post(`/manage/products/${melon.id}/images/${image!.id}/alt`, { alt: "Half a Galia melon, seeds showing" });
    expect(plain.status).toBe(303);
    expect((await imagesOf(melon.id))[0]!.alt).toBe("Half a Galia melon, seeds showing");
    const htmx = await manager.post(`/manage/products/${melon.id}/images/${image!.id}/alt`, { alt: "A whole Galia melon" }, { "HX-Request": "true", "HX-Target": "section#product-images" });
    expect(htmx.status).toBe(200);
    expect(await textOf(htmx)).toContain("Picture description saved.");
    const empty = await manager.post(`/manage/products/${melon.id}/images/${image!.id}/alt`, { alt: "  " });
    expect(empty.status).toBe(422);
    expect((await manager.post(`/manage/products/${melon.id}/images/999999/alt`, { alt: "A melon" })).status).toBe(404);
    expect((await imagesOf(melon.id))[0]!.alt).toBe("A whole Galia melon");
  });

  test("an upload on the product page takes one description for its pictures", async () => {
    const melon = (await productNamed("Galia Melon"))!;
    const form = new FormData();
    form.append("images", png("side.png"));
    form.append("alt", "A Galia melon from the side");
    expect((await postForm(`/manage/products/${melon.id}/images`, form)).status).toBe(303);
    expect((await imagesOf(melon.id)).map((image) => image.alt)).toContain("A Galia melon from the side");
  });
});

describe("through the API", () => {
  test("PATCH an image's alt; POST images with an alt part; bad ones are 422 naming alt", async () => {
    const melon = (await productNamed("Honeydew Melon"))!;
    const [image] = await imagesOf(melon.id);
    const changed = await api.patch(`/products/${melon.id}/images/${image!.id}`, { alt: "A pale green honeydew melon" });
    expect(changed.status).toBe(200);
    expect(changed.json.images[0]).toMatchObject({ id: image!.id, alt: "A pale green honeydew melon" });
    expect(expectProblem(await api.patch(`/products/${melon.id}/images/${image!.id}`, { alt: "" }), 422).errors![0]!.path).toBe("alt");
    expect(expectProblem(await api.patch(`/products/${melon.id}/images/${image!.id}`, { alt: "x".repeat(121) }), 422).errors![0]!.path).toBe("alt");
    expectProblem(await api.patch(`/products/${melon.id}/images/999999`, { alt: "A melon" }), 404);
    const form = new FormData();
    form.append("image", png("IMG_9.png"));
    form.append("alt", "Honeydew melon slices");
    const added = await api.call("POST", `/products/${melon.id}/images`, { form });
    expect(added.status).toBe(201);
    expect(added.json.images[1]).toMatchObject({ alt: "Honeydew melon slices", position: 1 });
    const bad = new FormData();
    bad.append("image", png("IMG_10.png"));
    bad.append("alt", "x");
    expect(expectProblem(await api.call("POST", `/products/${melon.id}/images`, { form: bad }), 422).errors![0]!.path).toBe("alt");
    expect(await imagesOf(melon.id)).toHaveLength(2);
  });
});
