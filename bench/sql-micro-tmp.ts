import { openDatabase } from "../src/db/client";
import { listProducts } from "../src/catalog/api/listing";
import { productJson } from "../src/catalog/api/schemas";
const database = await openDatabase({ url: `file:${process.argv[2]}`, driver: "bun-sqlite" });
const db = database.db;
const { items } = await listProducts(db, { category: "fruit", sort: "popular", limit: 24, after: null });
function time(name: string, f: () => unknown) {
  for (let i = 0; i < 2000; i++) f();
  const t = process.cpuUsage();
  for (let i = 0; i < 10000; i++) f();
  const u = process.cpuUsage(t);
  console.log(name.padEnd(30), ((u.user + u.system) / 10000).toFixed(1), "µs");
}
const raw = (db as any).$client;
const aisle = raw.prepare(`SELECT p.*, c.name AS category_name, c.slug AS category_slug FROM products p JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND c.status = 'active' AND c.slug = ? ORDER BY p.sold DESC, p.id DESC LIMIT ?`);
const imgs = raw.prepare(`SELECT product_id, key, alt FROM product_images WHERE product_id IN (SELECT value FROM json_each(?)) ORDER BY position, id`);
const { drizzle } = await import("drizzle-orm/bun-sqlite");
for (let r = 0; r < 2; r++) {
  time("ref aisle+images", () => { const rows = aisle.all("fruit", 25); return imgs.all(JSON.stringify(rows.slice(0, 24).map((p: any) => p.id))); });
  time("ref aisle values", () => aisle.values("fruit", 25));
  time("listProducts", () => listProducts(db, { category: "fruit", sort: "popular", limit: 24, after: null }));
  time("24 productJson", () => items.map(productJson));
  const mapped = items.map(productJson);
  time("stringify 24", () => JSON.stringify({ items: mapped, next_cursor: null }));
}
console.log(JSON.stringify(items.map(productJson)[0]));
