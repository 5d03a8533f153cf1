import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { tallyAllSales } from "../src/catalog/popularity";
import { openDatabase } from "../src/db/client";
import { Agent, httpFetcher } from "./support/store";
import { startServer, type RunningServer } from "./support/server";

let server: RunningServer;
let sqlite: Database;
const STOCK = 50;
const CUSTOMERS = 20;
const ATTEMPTS_EACH = 10;

beforeAll(async () => {
  server = await startServer({ MIN_ORDER_CENTS: "0" });
  sqlite = new Database(join(server.dir, "grocer.db"));
  sqlite.exec("PRAGMA busy_timeout = 5000");
});
afterAll(async () => {
  sqlite?.close();
  await server?.stop();
  server?.cleanup();
});

test(`${CUSTOMERS * ATTEMPTS_EACH} single-unit checkouts by ${CUSTOMERS} customers over real HTTP sell exactly ${STOCK}`, async () => {
  const product = sqlite.query("select id from products where unit = 'each' and active = 1 order by id limit 1").get() as { id: number };
  sqlite.query("update products set stock = ?, step = 1000 where id = ?").run(STOCK * 1000, product.id);
  // The demo store comes with past orders; only the racers' orders are counted below.
  const soldBefore = (sqlite.query("select sold from products where id = ?").get(product.id) as { sold: number }).sold;

  const shoppers = await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, i) => {
      const agent = new Agent(httpFetcher(), "127.0.0.1", server.url);
      const signUp = await agent.signUp({ name: `Racer ${i}`, email: `racer${i}@example.com`, password: "checkout-race-2026" });
      expect(signUp.status).toBe(303);
      return agent;
    }),
  );

  const outcomes = { placed: 0, outOfStock: 0, other: [] as string[] };
  const attempt = async (agent: Agent) => {
    const added = await agent.post("/cart/items", { product_id: String(product.id), quantity: "1" });
    if (added.status === 422 && /out of stock|left in stock/.test(await added.text())) return void outcomes.outOfStock++;
    if (added.status !== 303) return void outcomes.other.push(`add ${added.status}`);
    const page = await (await agent.get("/checkout")).text();
    const key = /name="idempotency_key" value="([^"]+)"/.exec(page)?.[1];
    if (!key) return void outcomes.other.push("no checkout form");
    const placed = await agent.post("/checkout", { fulfilment: "pickup", idempotency_key: key });
    if (placed.status === 303 && placed.headers.get("location")?.includes("placed=1")) return void outcomes.placed++;
    const body = await placed.text();
    if (placed.status === 409 && /you asked for 1, none left/.test(body)) {
      outcomes.outOfStock++;
      await agent.post(`/cart/items/${product.id}/remove`);
      return;
    }
    outcomes.other.push(`checkout ${placed.status}`);
  };
  await Promise.all(shoppers.map(async (agent) => {
    for (let i = 0; i < ATTEMPTS_EACH; i++) await attempt(agent);
  }));

  expect(outcomes.other).toEqual([]);
  expect(outcomes.placed).toBe(STOCK);
  expect(outcomes.outOfStock).toBe(CUSTOMERS * ATTEMPTS_EACH - STOCK);
  // Checkout leaves popularity to the sales tally (ADR 013): run it on the same file, then check.
  expect(sqlite.query("select stock, sold from products where id = ?").get(product.id)).toEqual({ stock: 0, sold: soldBefore });
  const tally = await openDatabase({ url: `file:${join(server.dir, "grocer.db")}`, driver: "bun-sqlite" });
  await tallyAllSales(tally).finally(() => tally.close());
  const after = sqlite.query("select stock, sold from products where id = ?").get(product.id) as { stock: number; sold: number };
  expect(after).toEqual({ stock: 0, sold: soldBefore + STOCK * 1000 });
  const racers = "select o.id from orders o join users u on u.id = o.user_id where u.email like 'racer%'";
  const orders = sqlite.query(`select count(*) as n from (${racers})`).get() as { n: number };
  expect(orders.n).toBe(STOCK);
  const empty = sqlite.query(`select count(*) as n from (${racers}) r where not exists (select 1 from order_items i where i.order_id = r.id)`).get() as { n: number };
  expect(empty.n).toBe(0);
  const units = sqlite.query(`select sum(quantity) as q from order_items where product_id = ? and order_id in (${racers})`).get(product.id) as { q: number };
  expect(units.q).toBe(STOCK * 1000);
}, 120_000);
