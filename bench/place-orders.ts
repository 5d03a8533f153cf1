/**
 * "Place order" in process (no HTTP, no wrk), shared by bench/profile-checkout.ts and
 * bench/memory-heap.ts: the page's form (session cookie, 303) or the API (Bearer token, 201), each
 * shopper of bench/fixtures.ts once, with a fresh idempotency key, `lanes` orders at a time.
 */
import type { GrocerApp } from "../src/app";
import { BENCH_SECRETS } from "./bench-accounts";
import { cartTokens, readyCarts } from "./fixtures";

export type CheckoutVia = "page" | "api";

const ORIGIN = "http://127.0.0.1";

/** Signed-in shoppers with a cart ready: sessions for the page, Bearer tokens (same shoppers, same order) for the API. */
export async function checkoutShoppers(dbPath: string, count: number, via: CheckoutVia): Promise<string[]> {
  const sessions = readyCarts(dbPath, count);
  return via === "page" ? sessions : cartTokens(dbPath, count, BENCH_SECRETS.JWT_SECRET);
}

function checkoutRequest(via: CheckoutVia, credential: string, key: string): Request {
  if (via === "page") {
    return new Request(`${ORIGIN}/checkout`, {
      method: "POST",
      headers: { cookie: `grocer_session=${credential}`, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: `fulfilment=pickup&payment_method=on_delivery&idempotency_key=${key}`,
    });
  }
  return new Request(`${ORIGIN}/api/v1/checkout`, {
    method: "POST",
    headers: { authorization: `Bearer ${credential}`, "idempotency-key": key, "content-type": "application/json" },
    body: '{"fulfilment":"pickup","payment_method":"on_delivery"}',
  });
}

/**
 * Places orders for shoppers[next..] in turn. `place(end, lanes)` runs `lanes` orders at a time
 * until shopper `end`; `onOrder` gets each order's milliseconds (for latencies).
 */
export function orderPlacer(app: GrocerApp, options: { via: CheckoutVia; shoppers: string[]; keyPrefix: string; onOrder?: (ms: number) => void }) {
  const placedStatus = options.via === "page" ? 303 : 201;
  let next = 0;
  const placeOne = async () => {
    const i = next++;
    const started = performance.now();
    const response = await app.request(checkoutRequest(options.via, options.shoppers[i]!, `${options.keyPrefix}-${i.toString().padStart(8, "0")}`));
    if (response.status !== placedStatus) {
      throw new Error(`order ${i}: ${response.status} ${(await response.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 600)}`);
    }
    await response.arrayBuffer();
    options.onOrder?.(performance.now() - started);
  };
  return {
    get placed() {
      return next;
    },
    async place(end: number, lanes: number) {
      const lane = async () => {
        while (next < end) await placeOne();
      };
      await Promise.all(Array.from({ length: lanes }, lane));
    },
  };
}
