// Completing a pick on D1: the real Workers entry (src/worker.ts) in local workerd with a local D1
// (`wrangler dev`, as tests/workerd.test.ts), driven through the handheld picking API by the admin
// (signed in with an authenticator: the API token needs the second factor). The same steps run on
// bun:sqlite in this file; the final amounts, VAT per rate and stock must come out the same, and a
// second completion is a 409 that writes nothing (read from the D1 file once the worker stopped).
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { categories, products, type Product } from "../src/db/schema";
import { ORDER_PICKED_EMAIL } from "../src/picking/complete";
import { ApiClient, logInStaff } from "./support/api";
import { openPickingShop, type PickingShelves } from "./support/picking";
import { ADMIN, httpAgent, type TestStore } from "./support/store";
import { setUpTwoFactor } from "./support/two-factor";
import { localD1File, prepareLocalD1, removeState, startWorker, type RunningWorker } from "./support/worker";

/** The backstop for anything that starts wrangler (the test run's own limit, not a guess at how slow a machine is). */
const WORKER_BOUND_MS = 15 * 60 * 1000;
const D1_ADMIN = { email: "admin@grocer.local", password: "edge-admin-password" };
let worker: RunningWorker | undefined;
let stateDir: string;
let store: TestStore;
let shelves: PickingShelves;

type Answer = { status: number; json: Record<string, unknown> };
/** One API call: method, path under /api/v1, body, bearer token, idempotency key. */
type Call = (method: string, path: string, body?: unknown, token?: string, key?: string) => Promise<Answer>;

const parse = async (response: Response): Promise<Answer> => {
  const text = await response.text();
  return { status: response.status, json: text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : { text: text.slice(0, 300) } };
};
const headersOf = (token?: string, key?: string): Record<string, string> => ({
  "content-type": "application/json",
  ...(token ? { authorization: `Bearer ${token}` } : {}),
  ...(key ? { "idempotency-key": key } : {}),
});

/** The items used, by name: each copied row for row (prices, units, weights, VAT class, stock) into the D1 file. */
const NAMES = ["chicken", "milk", "oatDrink", "bananas", "eggs"] as const;
type Name = (typeof NAMES)[number];
const d1Ids = new Map<Name, number>();

async function plantShelves(file: string, rows: Record<Name, Product>) {
  const sqlite = new Database(file);
  try {
    const d1 = drizzle(sqlite);
    const aisles = new Map<number, number>();
    for (const name of NAMES) {
      const row = rows[name];
      if (!aisles.has(row.categoryId)) {
        const [category] = await store.db.select().from(categories).where(eq(categories.id, row.categoryId));
        const { id: _id, createdBy: _by, ...values } = category!;
        aisles.set(row.categoryId, d1.insert(categories).values(values).returning({ id: categories.id }).get().id);
      }
      const { id: _id, createdBy: _by, ...values } = row;
      d1Ids.set(name, d1.insert(products).values({ ...values, categoryId: aisles.get(row.categoryId)! }).returning({ id: products.id }).get().id);
    }
  } finally {
    sqlite.close();
  }
}

beforeAll(async () => {
  const shop = await openPickingShop();
  store = shop.store;
  shelves = shop.shelves;
  stateDir = prepareLocalD1();
  await plantShelves(localD1File(stateDir), shelves);
  worker = await startWorker(stateDir, { ADMIN_PASSWORD: D1_ADMIN.password, MIN_ORDER_CENTS: "0", TRUST_PROXY: "true" });
}, WORKER_BOUND_MS);

afterAll(async () => {
  await worker?.stop();
  store?.close();
  if (stateDir) removeState(stateDir);
});

/**
 * A shopper orders 2 chickens (≈1.2 kg each), 3 l of milk, 1.25 kg of bananas and 2 dozen eggs for
 * collection; staff start the pick, weigh the chickens at 2.5 kg (heavier, within the 10 %), pick 1 l
 * of milk with 2 l of Oat Drink (zero-rated) as its substitute, 1.31 kg of bananas and no eggs, then complete twice.
 */
async function pickThrough(call: Call, staffToken: string, ids: (name: Name) => number, tag: string) {
  const email = `d1-picker-shopper-${tag}@example.com`;
  expect(await call("POST", "/auth/register", { email, password: "fresh-produce-2026", name: "Dora Dunne" })).toMatchObject({ status: 201 });
  const shopper = (await call("POST", "/auth/token", { email, password: "fresh-produce-2026" })).json.access_token as string;
  const basket: [Name, number][] = [
    ["chicken", 2],
    ["milk", 3],
    ["bananas", 1.25],
    ["eggs", 2],
  ];
  for (const [name, quantity] of basket) expect(await call("PUT", `/cart/items/${ids(name)}`, { quantity }, shopper)).toMatchObject({ status: 200 });
  const placed = await call("POST", "/checkout", { fulfilment: "pickup" }, shopper, `picking-complete-${tag}-0001`);
  expect(placed).toMatchObject({ status: 201 });
  const orderId = placed.json.id as number;

  expect(await call("POST", `/picking/orders/${orderId}/start`, undefined, staffToken)).toMatchObject({ status: 200, json: { order_id: orderId, status: "picking" } });
  const day = String(placed.json.created_at ?? new Date().toISOString()).slice(0, 10);
  const list = await call("GET", `/picking/lists?date=${day}`, undefined, staffToken);
  expect(list.status).toBe(200);
  const lines = (list.json.lines as { order_id: number; line_id: number; product_id: number }[]).filter((line) => line.order_id === orderId);
  const lineOf = (name: Name) => `/picking/orders/${orderId}/lines/${lines.find((line) => line.product_id === ids(name))!.line_id}`;
  // Beyond the tolerance first: refused, nothing recorded.
  expect(await call("PUT", lineOf("chicken"), { picked: 2, weight_kg: 2.7 }, staffToken)).toMatchObject({ status: 422 });
  // One line after another, as a picker walks the aisles.
  const recorded = [
    await call("PUT", lineOf("chicken"), { picked: 2, weight_kg: 2.5 }, staffToken),
    await call("PUT", lineOf("milk"), { picked: 1, substitute_product_id: ids("oatDrink"), substitute_quantity: 2 }, staffToken),
    await call("PUT", lineOf("bananas"), { picked: 1.31 }, staffToken),
    await call("PUT", lineOf("eggs"), { picked: 0 }, staffToken),
  ];
  for (const answer of recorded) expect(answer).toMatchObject({ status: 200 });
  const completed = await call("POST", `/picking/orders/${orderId}/complete`, undefined, staffToken);
  const again = await call("POST", `/picking/orders/${orderId}/complete`, undefined, staffToken);
  return { orderId, completed, again };
}

/** What the completion left in a database file: order, lines, VAT per rate, stock, jobs, events. */
function stateOf(sqlite: Database, orderId: number, ids: (name: Name) => number) {
  const order = sqlite.query("select state, final_subtotal_cents, final_discount_cents, final_total_cents, final_vat_cents from orders where id = ?").get(orderId);
  const lines = sqlite
    .query("select name, quantity, picked_quantity, picked_weight_g, charged_cents, final_vat_cents, vat_rate_bp, substitute_for_item_id is not null as substitute from order_items where order_id = ? order by id")
    .all(orderId);
  const vatPerRate = sqlite.query("select vat_rate_bp as rate, sum(charged_cents) as gross, sum(final_vat_cents) as vat from order_items where order_id = ? group by vat_rate_bp order by vat_rate_bp").all(orderId);
  const stock = Object.fromEntries(NAMES.map((name) => [name, sqlite.query<{ stock: number }, [number]>("select stock from products where id = ?").get(ids(name))!.stock]));
  const emails = sqlite.query<{ n: number }, [string, number]>("select count(*) as n from jobs where type = ? and json_extract(payload, '$.orderId') = ?").get(ORDER_PICKED_EMAIL, orderId);
  const events = sqlite.query("select from_status, to_status from order_events where order_id = ? order by id").all(orderId);
  return { order, lines, vatPerRate, stock, emails, events };
}

test(
  "a weighed, a substituted and a short line completed on D1 through the picking API: the same final amounts, VAT and stock as on bun:sqlite; a second completion is 409 and writes nothing",
  async () => {
    // bun:sqlite, through app.request.
    const bunStaff = new ApiClient(store, "198.51.100.60");
    await logInStaff(bunStaff, store, ADMIN.email, ADMIN.password);
    const onBun: Call = async (method, path, body, token, key) =>
      parse(await store.app.request(`http://localhost/api/v1${path}`, { method, headers: headersOf(token, key), body: body === undefined ? undefined : JSON.stringify(body) }, { clientIp: "198.51.100.61" }));
    const bunIds = (name: Name) => shelves[name].id;
    const bun = await pickThrough(onBun, bunStaff.token!, bunIds, "bun");

    // D1, over real HTTP. The admin sets up an authenticator on the site, then takes an API token
    // with one of its recovery codes (the code typed during setup cannot be used twice).
    const base = worker!.url;
    const onD1: Call = async (method, path, body, token, key) =>
      parse(await fetch(`${base}/api/v1${path}`, { method, headers: { ...headersOf(token, key), "x-forwarded-for": "198.51.100.62" }, body: body === undefined ? undefined : JSON.stringify(body) }));
    const admin = httpAgent(base);
    expect((await admin.logIn(D1_ADMIN.email, D1_ADMIN.password)).status).toBe(303);
    const { recoveryCodes } = await setUpTwoFactor(admin, { now: () => new Date() });
    expect(await onD1("POST", "/auth/token", { email: D1_ADMIN.email, password: D1_ADMIN.password })).toMatchObject({ status: 401 });
    const token = await onD1("POST", "/auth/token", { email: D1_ADMIN.email, password: D1_ADMIN.password, totp_code: recoveryCodes[0] });
    expect(token.status).toBe(200);
    const d1IdOf = (name: Name) => d1Ids.get(name)!;
    const d1 = await pickThrough(onD1, token.json.access_token as string, d1IdOf, "d1");

    // Chicken 2.5 kg × €7.49 = €18.73; milk 1 l €1.29; Oat Drink 2 l (€4.38, dearer) charged as 2 l of milk €2.58;
    // bananas 1.31 kg × €1.89 = €2.48; eggs none; collection, no fee, no code: €25.08.
    const { order_id: _bunId, ...bunFigures } = bun.completed.json;
    expect(bun.completed).toMatchObject({ status: 200, json: { status: "picked", subtotal_cents: 2508, discount_cents: 0, fee_cents: 0, total_cents: 2508, amount_due_cents: 2508 } });
    expect(d1.completed).toMatchObject({ status: 200, json: { ...bunFigures, order_id: d1.orderId } });
    expect(bun.again).toMatchObject({ status: 409 });
    expect(d1.again).toMatchObject({ status: 409, json: { type: bun.again.json.type } });

    // The D1 file itself, read once workerd has stopped, against the bun:sqlite file.
    await worker!.stop();
    worker = undefined;
    const d1File = new Database(localD1File(stateDir), { readonly: true });
    const bunFile = new Database(`${store.dir}/grocer.db`, { readonly: true });
    try {
      const onD1File = stateOf(d1File, d1.orderId, d1IdOf);
      const onBunFile = stateOf(bunFile, bun.orderId, bunIds);
      expect(onD1File).toEqual(onBunFile);
      // VAT per rate: the zero-rated substitute apart from the 23 % lines (per-line VAT, adding up to the order's).
      expect(onD1File.vatPerRate).toEqual([
        { rate: 0, gross: 258, vat: 0 },
        { rate: 2300, gross: 2250, vat: 420 },
      ]);
      expect(onD1File.order).toEqual({ state: "picked", final_subtotal_cents: 2508, final_discount_cents: 0, final_total_cents: 2508, final_vat_cents: 420 });
      // Total = charged lines − discount + fee, and the VAT per rate adds up to the order's.
      const lines = onD1File.lines as { name: string; charged_cents: number; picked_weight_g: number | null; substitute: number }[];
      expect(lines.map((line) => [line.name, line.charged_cents, line.picked_weight_g, line.substitute])).toEqual([
        ["Whole Chicken", 1873, 2500, 0],
        ["Whole Milk", 129, null, 0],
        ["Bananas", 248, null, 0],
        ["Free-range Eggs", 0, null, 0],
        ["Oat Drink", 258, null, 1],
      ]);
      const figures = d1.completed.json as { discount_cents: number; fee_cents: number; total_cents: number; vat_cents: number };
      expect(lines.reduce((sum, line) => sum + line.charged_cents, 0) - figures.discount_cents + figures.fee_cents).toBe(figures.total_cents);
      const perRate = onD1File.vatPerRate as { rate: number; gross: number; vat: number }[];
      expect(perRate.reduce((sum, rate) => sum + rate.vat, 0)).toBe((onD1File.order as { final_vat_cents: number }).final_vat_cents);
      // Stock: 2 chickens and 1.31 kg of bananas out, 2 l of the 3 l of milk back, 2 l of Oat Drink (zero-rated) out, the eggs untouched.
      const start = Object.fromEntries(NAMES.map((name) => [name, shelves[name].stock]));
      expect(onD1File.stock).toEqual({ chicken: start.chicken! - 2000, milk: start.milk! - 1000, oatDrink: start.oatDrink! - 2000, bananas: start.bananas! - 1310, eggs: start.eggs! });
      // Written once: five lines (the substitute its own), one picked email, one placed → picking → picked.
      expect(onD1File.lines).toHaveLength(5);
      expect(onD1File.emails).toEqual({ n: 1 });
      expect(onD1File.events).toEqual([
        { from_status: "placed", to_status: "picking" },
        { from_status: "picking", to_status: "picked" },
      ]);
    } finally {
      d1File.close();
      bunFile.close();
    }
  },
  WORKER_BOUND_MS,
);
