import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { startServer, type RunningServer } from "./support/server";

/*
 * A window with 5 places and 50 shoppers over real HTTP against the real server (bun:sqlite):
 * 50 reserve at once, then 50 check out at once with that slot. Exactly 5 hold a place and exactly
 * 5 orders are placed; everyone else gets a clear 409 slot-full.
 */

let server: RunningServer;
let sqlite: Database;
const SHOPPERS = 50;
const PLACES = 5;

beforeAll(async () => {
  // Each shopper comes from an address of their own (the API throttles /auth per address).
  server = await startServer({ MIN_ORDER_CENTS: "0", TRUST_PROXY: "true" });
  sqlite = new Database(join(server.dir, "grocer.db"));
  sqlite.exec("PRAGMA busy_timeout = 5000");
});
afterAll(async () => {
  sqlite?.close();
  await server?.stop();
  server?.cleanup();
});

const api = async (path: string, init: { method?: string; token?: string; body?: unknown; key?: string; from?: number } = {}) => {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.key ? { "idempotency-key": init.key } : {}), "x-forwarded-for": `10.0.0.${init.from ?? 1}` },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

test(`${SHOPPERS} shoppers, ${PLACES} places: exactly ${PLACES} reservations and ${PLACES} orders over real HTTP`, async () => {
  const start = Date.now() + 2 * 24 * 3600_000;
  sqlite
    .query("insert into slot_windows (fulfilment, point_id, place, source, starts_at, ends_at, cutoff_at, capacity, fee_cents) values ('collection', 1, 'point:1', 'one_off', ?, ?, ?, ?, 0)")
    .run(start, start + 3600_000, start - 3600_000, PLACES);
  const slotId = (sqlite.query("select id from slot_windows where starts_at = ?").get(start) as { id: number }).id;
  const product = sqlite.query("select id from products where unit = 'each' and active = 1 order by id limit 1").get() as { id: number };
  sqlite.query("update products set stock = 1000000, step = 1000 where id = ?").run(product.id);

  const tokens = await Promise.all(
    Array.from({ length: SHOPPERS }, async (_, i) => {
      const email = `rush${i}@example.com`;
      expect((await api("/auth/register", { method: "POST", body: { email, password: "slot-rush-2026-pass", name: `Rusher ${i}` }, from: i + 10 })).status).toBe(201);
      return (await api("/auth/token", { method: "POST", body: { email, password: "slot-rush-2026-pass" }, from: i + 10 })).json.access_token as string;
    }),
  );
  expect(tokens.every(Boolean)).toBe(true);

  const reserved = await Promise.all(tokens.map((token) => api("/reservation", { method: "PUT", token, body: { slot_id: slotId } })));
  expect(reserved.filter((r) => r.status === 200).length).toBe(PLACES);
  expect(reserved.filter((r) => r.status === 409 && r.json.type === "/api/docs#problem-slot-full").length).toBe(SHOPPERS - PLACES);

  // Everyone gives the reservation back, then all 50 check out with the slot at once.
  await Promise.all(tokens.map((token) => api("/reservation", { method: "DELETE", token })));
  await Promise.all(tokens.map((token) => api(`/cart/items/${product.id}`, { method: "PUT", token, body: { quantity: 1 } })));
  const orders = await Promise.all(tokens.map((token, i) => api("/checkout", { method: "POST", token, key: `slot-rush-order-${String(i).padStart(4, "0")}`, body: { fulfilment: "pickup", slot_id: slotId } })));
  expect(orders.filter((o) => o.status === 201).length).toBe(PLACES);
  expect(orders.filter((o) => o.status === 409 && o.json.type === "/api/docs#problem-slot-full").length).toBe(SHOPPERS - PLACES);
  expect((sqlite.query("select count(*) as n from orders where slot_window_id = ?").get(slotId) as { n: number }).n).toBe(PLACES);
  expect((sqlite.query("select count(*) as n from slot_bookings where window_id = ? and order_id is not null").get(slotId) as { n: number }).n).toBe(PLACES);
}, 180_000);
