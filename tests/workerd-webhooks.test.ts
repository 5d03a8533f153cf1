// Stripe's webhooks on the real Workers entry (src/worker.ts) in local workerd with a local D1
// (`wrangler dev`, as tests/workerd.test.ts): the signature is checked by the official library's
// Web Crypto provider inside workerd; a bad or missing signature is 400 with nothing written; a
// replayed event is taken once, with one job. The events are signed here with the library's own
// test-header helper, as Stripe would sign them (Stripe itself cannot be reached from here, ADR 030).
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Stripe from "stripe";
import { localD1File, prepareLocalD1, removeState, startWorker, type RunningWorker } from "./support/worker";

/** The backstop for anything that starts wrangler (the test run's own limit, not a guess at how slow a machine is). */
const WORKER_START_BOUND_MS = 15 * 60 * 1000;
const SECRET = "whsec_workerd_test_secret";
let worker: RunningWorker;
let stateDir: string;

const event = {
  id: "evt_workerd_1",
  object: "event",
  api_version: "2025-10-29.clover",
  created: Math.floor(Date.now() / 1000),
  type: "checkout.session.completed",
  livemode: false,
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  data: { object: { id: "cs_test_workerd", object: "checkout.session" } },
};
const payload = JSON.stringify(event);
const post = (headers: Record<string, string>) => fetch(`${worker.url}/payments/stripe/webhook`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: payload });
const signed = async (secret: string) => ({ "stripe-signature": await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret }) });

beforeAll(async () => {
  stateDir = prepareLocalD1();
  worker = await startWorker(stateDir, { ADMIN_PASSWORD: "edge-admin-password", STRIPE_WEBHOOK_SECRET: SECRET });
}, WORKER_START_BOUND_MS);

afterAll(async () => {
  await worker?.stop();
  if (stateDir) removeState(stateDir);
});

describe("Stripe webhooks in local workerd (D1)", () => {
  test("a missing or wrong signature is 400; a signed event is taken, and taken once when Stripe sends it again", async () => {
    expect((await post({})).status).toBe(400);
    const forged = await post(await signed("whsec_someone_else"));
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("The signature does not match");
    const first = await post(await signed(SECRET));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true });
    expect((await post(await signed(SECRET))).status).toBe(200);
  });
});

describe("after the worker stopped, the local D1 file", () => {
  test("holds the event once and one job for it; nothing from the refused posts", async () => {
    await worker.stop();
    const sqlite = new Database(localD1File(stateDir), { readonly: true });
    try {
      expect(sqlite.query("select event_id, type, object_id from payment_events").all()).toEqual([{ event_id: "evt_workerd_1", type: "checkout.session.completed", object_id: "cs_test_workerd" }]);
      const queued = sqlite.query<{ payload: string }, []>("select payload from jobs where type = 'payments.stripe-event'").all();
      expect(queued.map((job) => JSON.parse(job.payload).eventId)).toEqual(["evt_workerd_1"]);
    } finally {
      sqlite.close();
    }
  });
});
