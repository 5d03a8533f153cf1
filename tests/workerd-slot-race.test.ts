// The last places of one slot, fought over by 50 shoppers at once on the real Workers entry
// (src/worker.ts) in local workerd against a local D1 (ADR 016: capacity is held by the database,
// inside each atomic batch). Exactly the capacity is booked; every loser gets a clear 409 slot-full.
// The bursts go straight to workerd's socket for the worker, each request on a connection of its
// own: through wrangler's dev proxy, requests written onto pooled keep-alive connections that kj
// was closing were lost as 503 "worker restarted mid-request" (a third of a burst on a loaded
// machine; ADR 049). Nothing of the store's own is bypassed: the same worker, D1 and requests.
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { localD1File, prepareLocalD1, removeState, startWorker, type RunningWorker } from "./support/worker";

const SHOPPERS = 50;
const PLACES = 5;
const SLOT_FULL = "/api/docs#problem-slot-full";
let worker: RunningWorker;
let stateDir: string;
let slotStart: number;
let base: string;
let lapsedWindowId: number;

/**
 * A one-off collection window at the store (point 1, made by the migrations) with PLACES places,
 * written into the migrated D1; and a one-place window whose only place is held by a reservation
 * that ran out an hour ago (no job has run since): it must count as free.
 */
function plantWindow(file: string) {
  const sqlite = new Database(file);
  const addWindow = (startsAt: number, capacity: number) =>
    Number(
      sqlite.run(
        "insert into slot_windows (fulfilment, point_id, place, source, starts_at, ends_at, cutoff_at, capacity, fee_cents) values ('collection', 1, 'point:1', 'one_off', ?, ?, ?, ?, 0)",
        [startsAt, startsAt + 3600_000, startsAt - 3600_000, capacity],
      ).lastInsertRowid,
    );
  try {
    slotStart = Date.now() + 2 * 24 * 3600_000;
    addWindow(slotStart, PLACES);
    lapsedWindowId = addWindow(slotStart + 3 * 3600_000, 1);
    const holder = Number(sqlite.run("insert into users (email, name) values ('lapsed-hold@example.com', 'Lapsed Hold')").lastInsertRowid);
    sqlite.run("insert into slot_bookings (window_id, user_id, order_id, reserved_at, expires_at) values (?, ?, null, ?, ?)", [lapsedWindowId, holder, Date.now() - 2 * 3600_000, Date.now() - 3600_000]);
  } finally {
    sqlite.close();
  }
}

beforeAll(async () => {
  stateDir = prepareLocalD1();
  plantWindow(localD1File(stateDir));
  worker = await startWorker(stateDir, { ADMIN_PASSWORD: "edge-admin-password", MIN_ORDER_CENTS: "0", TRUST_PROXY: "true" });
  base = await worker.directUrl();
}, 480_000);

afterAll(async () => {
  await worker?.stop();
  if (stateDir) removeState(stateDir);
});

const api = async (path: string, init: { method?: string; token?: string; body?: unknown; key?: string; from?: number } = {}) => {
  const response = await fetch(`${base}/api/v1${path}`, {
    method: init.method ?? "GET",
    keepalive: false, // a connection of its own: never one the server is closing for idleness
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.key ? { "idempotency-key": init.key } : {}),
      // Each shopper from an address of their own (the API throttles sign-ups per address).
      "x-forwarded-for": `10.0.${Math.floor((init.from ?? 1) / 250)}.${(init.from ?? 1) % 250}`,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text: text.slice(0, 300) };
  }
  return { status: response.status, json };
};

test(`${SHOPPERS} shoppers race for ${PLACES} places of one slot on D1: exactly ${PLACES} held, then exactly ${PLACES} orders; the rest are told the slot is full; a lapsed reservation's place is free again`, async () => {
  const listed = await api("/slots?fulfilment=collection");
  const slot = (listed.json.items as { id: number; starts_at: string; capacity_left: number }[]).find((item) => Date.parse(item.starts_at) === slotStart)!;
  expect(slot.capacity_left).toBe(PLACES);
  const lapsed = (listed.json.items as { id: number; capacity_left: number }[]).find((item) => item.id === lapsedWindowId)!;
  expect(lapsed.capacity_left).toBe(1); // the reservation that ran out holds nothing
  const products = (await api("/products?in_stock=true&limit=50")).json.items as { id: number; unit: string; step: number; stock: number }[];
  const product = products.find((item) => item.unit === "each" && item.step === 1 && item.stock >= PLACES)!;
  expect(product).toBeDefined();

  // Accounts first, a few at a time (password hashing is the slow part, not what is raced).
  const tokens: string[] = [];
  for (let batch = 0; batch < SHOPPERS; batch += 5) {
    const some = await Promise.all(
      Array.from({ length: 5 }, async (_, k) => {
        const i = batch + k;
        const email = `d1-rush${i}@example.com`;
        const registered = await api("/auth/register", { method: "POST", body: { email, password: "slot-rush-2026-pass", name: `Rusher ${i}` }, from: i + 10 });
        expect(registered).toMatchObject({ status: 201 });
        return (await api("/auth/token", { method: "POST", body: { email, password: "slot-rush-2026-pass" }, from: i + 10 })).json.access_token as string;
      }),
    );
    tokens.push(...some);
  }
  expect(tokens.every(Boolean)).toBe(true);

  // All reserve the slot at once.
  const reserved = await Promise.all(tokens.map((token) => api("/reservation", { method: "PUT", token, body: { slot_id: slot.id } })));
  expect(reserved.filter((answer) => answer.status === 200).length).toBe(PLACES);
  const refused = reserved.filter((answer) => answer.status !== 200);
  expect(refused.length).toBe(SHOPPERS - PLACES);
  for (const answer of refused) expect(answer).toMatchObject({ status: 409, json: { type: SLOT_FULL } });
  expect(String(refused[0]!.json.detail)).toMatch(/full/i);

  // Everyone gives the place back, fills a cart, and all check out with the slot at once.
  await Promise.all(tokens.map((token) => api("/reservation", { method: "DELETE", token })));
  const carts = await Promise.all(tokens.map((token) => api(`/cart/items/${product.id}`, { method: "PUT", token, body: { quantity: 1 } })));
  expect(carts.every((answer) => answer.status === 200)).toBe(true);
  const orders = await Promise.all(tokens.map((token, i) => api("/checkout", { method: "POST", token, key: `d1-slot-rush-${String(i).padStart(4, "0")}`, body: { fulfilment: "pickup", slot_id: slot.id } })));
  expect(orders.filter((answer) => answer.status === 201).length).toBe(PLACES);
  const losers = orders.filter((answer) => answer.status !== 201);
  expect(losers.length).toBe(SHOPPERS - PLACES);
  for (const answer of losers) expect(answer).toMatchObject({ status: 409, json: { type: SLOT_FULL } });
  const after = (await api("/slots?fulfilment=collection")).json.items as { id: number; capacity_left: number }[];
  expect(after.find((item) => item.id === slot.id)?.capacity_left ?? 0).toBe(0);

  // The place a lapsed reservation held is given back without any job: ten of the shoppers left
  // without an order race for it, and exactly one gets it.
  const withoutOrder = tokens.filter((_, i) => orders[i]!.status !== 201).slice(0, 10);
  const second = await Promise.all(withoutOrder.map((token) => api("/reservation", { method: "PUT", token, body: { slot_id: lapsedWindowId } })));
  expect(second.filter((answer) => answer.status === 200).length).toBe(1);
  for (const answer of second.filter((answer) => answer.status !== 200)) expect(answer).toMatchObject({ status: 409, json: { type: SLOT_FULL } });

  // In the D1 file itself: never more than the capacity.
  await worker.stop();
  const sqlite = new Database(localD1File(stateDir), { readonly: true });
  try {
    expect(sqlite.query<{ n: number }, [number]>("select count(*) as n from orders where slot_window_id = ?").get(slot.id)!.n).toBe(PLACES);
    expect(sqlite.query<{ n: number }, [number]>("select count(*) as n from slot_bookings where window_id = ? and order_id is not null").get(slot.id)!.n).toBe(PLACES);
    const live = "select count(*) as n from slot_bookings where window_id = ? and (order_id is not null or expires_at > ?)";
    expect(sqlite.query<{ n: number }, [number, number]>(live).get(lapsedWindowId, Date.now())!.n).toBe(1);
  } finally {
    sqlite.close();
  }
}, 600_000);
