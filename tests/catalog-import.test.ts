import { afterAll, beforeAll, expect, test } from "bun:test";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { eq } from "drizzle-orm";
import { allergenBit } from "../src/catalog/food-info/allergens";
import { CSV_COLUMNS } from "../src/catalog/food-info/catalog-csv";
import { auditLog, jobs, products } from "../src/db/schema";
import { backgroundWork } from "./support/jobs";
import { ADMIN, createTestStore, ORIGIN, type Agent, type TestStore } from "./support/store";

let store: TestStore;
let admin: Agent;
beforeAll(async () => {
  store = await createTestStore();
  admin = store.agent();
  await admin.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
});
afterAll(() => store.close());

const exported = async () => {
  const response = await admin.get("/admin/catalog/export.csv");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/csv");
  return response.text();
};
const upload = (path: string, csv: string) => {
  const form = new FormData();
  form.set("file", new File([csv], "catalog.csv", { type: "text/csv" }));
  return admin.send(path, { method: "POST", headers: { origin: ORIGIN }, body: form });
};
type CsvRow = Record<string, string>;
const records = (csv: string) => parse(csv, { columns: true, bom: true }) as CsvRow[];
const snapshot = async () => (await store.db.select().from(products)).map(({ updatedAt: _, ...product }) => product);

test("the export has every product with its food information, in the import's columns", async () => {
  const csv = await exported();
  const rows = records(csv);
  expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
  expect(rows.length).toBe((await store.db.select().from(products)).length);
  const butter = rows.find((row) => row.name === "Unsalted Butter 250 g")!;
  expect(butter).toMatchObject({ contains: "milk", net_quantity: "250", net_unit: "g", nutrition_basis: "100g", fat: "82", allergens_declared: "yes" });
});

test("re-importing the export changes nothing", async () => {
  const response = await upload("/admin/catalog/preview", await exported());
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toMatch(/0 new, 0 changed, \d+ unchanged/);
});

test("a file with one bad row is refused whole: every error with row and column, nothing changed", async () => {
  const rows = records(await exported()).slice(0, 5);
  rows[1]!.price = "three euros";
  rows[2]!.contains = "milk;walnuts";
  rows[3]!.sugars = "99";
  rows[4]!.category = "no-such-aisle";
  rows.push({ ...rows[0]!, sku: "NEW-1", gtin: "", name: "New Oat Biscuits", price: "1.99" });
  const csv = stringify(rows, { header: true, columns: [...CSV_COLUMNS] });
  const before = await snapshot();
  const preview = await upload("/admin/catalog/preview", csv);
  expect(preview.status).toBe(422);
  const html = (await preview.text()).replaceAll("&quot;", '"');
  expect(html).toContain("4 problems: nothing will be imported");
  for (const [row, column] of [[3, "price"], [4, "contains"], [5, "sugars"], [6, "category"]] as const) {
    expect(html).toMatch(new RegExp(`<tr><td>${row}</td><td>${column}</td>`));
  }
  expect(html).not.toContain("/admin/catalog/apply");
  // Sent for import anyway: refused again, no job, nothing written.
  const apply = await admin.post("/admin/catalog/apply", { csv, name: "catalog.csv" });
  expect(apply.status).toBe(422);
  expect(await store.db.select().from(jobs).where(eq(jobs.type, "catalog-import"))).toEqual([]);
  expect(await snapshot()).toEqual(before);
});

test("a good file is previewed row by row, then imported exactly, as one job", async () => {
  const all = records(await exported());
  const butterBefore: CsvRow = all.find((row) => row.name === "Unsalted Butter 250 g")!;
  const butter: CsvRow = { ...butterBefore, price: "3.49", may_contain: "nuts" };
  const oats: CsvRow = { ...all.find((row) => row.name === "Wholegrain Rolled Oats 500 g")!, origin: "Finland (Lapland)" };
  const biscuits = { sku: "NEW-OAT-1", gtin: "", name: "Oat Biscuits 300 g", category: "snacks-sweets", description: "Crunchy.", price: "2.19", unit: "each", step: "1", net_quantity: "300", net_unit: "g", allergens_declared: "yes", contains: "gluten;milk", ingredients: "Oat flakes, wheat flour, butter, sugar.", diet: "vegetarian", nutrition_basis: "" };
  const csv = stringify([butter, oats, biscuits], { header: true, columns: ["sku", "gtin", "name", "category", "description", "price", "unit", "step", "net_quantity", "net_unit", "allergens_declared", "contains", "may_contain", "ingredients", "diet", "origin"] });
  const preview = await upload("/admin/catalog/preview", csv);
  expect(preview.status).toBe(200);
  const html = await preview.text();
  expect(html).toContain("1 new, 2 changed, 0 unchanged");
  expect(html).toContain(`price: ${butterBefore.price} → 3.49`);
  expect(html).toContain("may_contain: (empty) → nuts");
  expect(html).toContain("origin: Finland → Finland (Lapland)");

  const apply = await admin.post("/admin/catalog/apply", { csv, name: "catalog.csv" });
  expect(apply.status).toBe(303);
  expect(apply.headers.get("location")).toBe("/admin/jobs");
  await backgroundWork(store).drain();
  const [job] = await store.db.select().from(jobs).where(eq(jobs.type, "catalog-import"));
  expect(job).toMatchObject({ status: "done", progress: 100 });

  const [savedButter] = await store.db.select().from(products).where(eq(products.sku, butter.sku!));
  expect(savedButter).toMatchObject({ priceCents: 349, mayContainAllergens: allergenBit("nuts"), containsAllergens: allergenBit("milk") });
  expect(savedButter!.allergensChangedAt?.getTime()).toBe(store.clock.now().getTime());
  const [savedOats] = await store.db.select().from(products).where(eq(products.sku, oats.sku!));
  expect(savedOats!.origin).toBe("Finland (Lapland)");
  const [created] = await store.db.select().from(products).where(eq(products.sku, "NEW-OAT-1"));
  expect(created).toMatchObject({ name: "Oat Biscuits 300 g", priceCents: 219, netQuantity: 300_000, netUnit: "g", containsAllergens: allergenBit("gluten") | allergenBit("milk"), dietLabels: 1, nutritionBasis: null, slug: "oat-biscuits-300-g" });
  const audits = await store.db.select().from(auditLog).where(eq(auditLog.subjectId, savedButter!.id));
  expect(audits.some((entry) => entry.action === "product.allergens" && entry.details!.includes('"via":"import"'))).toBe(true);
  // The shop shows it at once: the page and the unit price.
  const page = await (await store.agent().get("/products/oat-biscuits-300-g")).text();
  expect(page).toMatch(/300 g · €7\.30 \/ kg/);
});

test("only the admin may import or export", async () => {
  const shopper = store.agent();
  expect((await shopper.get("/admin/catalog/export.csv")).status).not.toBe(200);
});
