// The real Workers entry (src/worker.ts) in local workerd: `wrangler dev` on Node 22 from npm,
// a local D1 migrated with `wrangler d1 migrations apply --local`, driven over HTTP on 127.0.0.1.
// One worker serves the whole journey; each step is a test, so a new step (cart, checkout) is one more test.
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { schedules } from "../src/store-jobs";
import { httpAgent, type Agent } from "./support/store";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localD1File, prepareLocalD1, removeState, startWorker, type RunningWorker } from "./support/worker";

const DAY = 24 * 60 * 60 * 1000;
/** The backstop for anything that starts wrangler (the test run's own limit, not a guess at how slow a machine is). */
const WORKER_START_BOUND_MS = 15 * 60 * 1000;
const SHOPPER = { name: "Wendy Worker", email: "wendy@example.com", password: "edge-shopper-pass-1" };
let worker: RunningWorker;
let stateDir: string;
let shopper: Agent;

/** A user with one long-expired session, written straight into the migrated local D1 before the worker starts. */
function plantExpiredSession(file: string) {
  const sqlite = new Database(file);
  try {
    const user = sqlite
      .query<{ id: number }, [string, string, string]>("insert into users (email, name, password_hash, role) values (?, ?, ?, 'customer') returning id")
      .get("lapsed@example.com", "Lapsed Shopper", "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    sqlite.run("insert into sessions (token_hash, user_id, created_at, expires_at) values (?, ?, ?, ?)", ["expired-token-hash", user!.id, Date.now() - 40 * DAY, Date.now() - 10 * DAY]);
  } finally {
    sqlite.close();
  }
}

beforeAll(async () => {
  stateDir = prepareLocalD1();
  plantExpiredSession(localD1File(stateDir));
  worker = await startWorker(stateDir, { ADMIN_PASSWORD: "edge-admin-password" });
  shopper = httpAgent(worker.url);
  // Waits on events (wrangler's exit, its "Ready" line, the first answer); this is only the backstop,
  // far above what a loaded machine takes, so a slow start is never failed by a clock.
}, WORKER_START_BOUND_MS);

afterAll(async () => {
  await worker?.stop();
  if (stateDir) removeState(stateDir);
});

describe("the worker in local workerd (D1)", () => {
  test("is ready: D1 has every migration of this build", async () => {
    const ready = await fetch(`${worker.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  test("home page from the seeded D1, with a request id and the shared static URLs", async () => {
    const home = await shopper.get("/");
    expect(home.status).toBe(200);
    expect(home.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const html = await home.text();
    expect(html).toContain("Shop by aisle");
    expect(html).toContain('href="/static/styles.css"');

    const styles = await fetch(`${worker.url}/static/styles.css`);
    expect(styles.status).toBe(200);
    expect(styles.headers.get("content-type")).toContain("text/css");
    expect(await styles.text()).toContain("--green");
    const htmx = await fetch(`${worker.url}/static/vendor/htmx-4.0.1.min.js`);
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get("cache-control")).toContain("immutable");
    // Only /static/ serves public/, as on Bun.
    expect((await fetch(`${worker.url}/styles.css`)).status).toBe(404);
  });

  test("a category page lists its products", async () => {
    const html = await (await shopper.get("/")).text();
    const slug = html.match(/href="\/categories\/([a-z0-9-]+)"/)?.[1];
    expect(slug).toBeDefined();
    const aisle = await shopper.get(`/categories/${slug}`);
    expect(aisle.status).toBe(200);
    expect(await aisle.text()).toMatch(/€\s?\d|\d,\d\d/);
  });

  test("sign up (argon2id in WebAssembly), then log out and log in again", async () => {
    const signedUp = await shopper.signUp(SHOPPER);
    expect(signedUp.status).toBe(303);
    expect(shopper.cookies.has("grocer_session")).toBe(true);
    expect(await (await shopper.get("/account")).text()).toContain(SHOPPER.name);

    expect((await shopper.post("/logout")).status).toBe(303);
    expect((await shopper.get("/account")).status).not.toBe(200);

    const loggedIn = await shopper.logIn(SHOPPER.email, SHOPPER.password);
    expect(loggedIn.status).toBe(303);
    expect(await (await shopper.get("/account")).text()).toContain(SHOPPER.email);
  });

  test("add to cart, then check out: one atomic D1 batch places the order", async () => {
    const home = await (await shopper.get("/")).text();
    const form = /name="product_id" value="(\d+)"\/><input type="hidden" name="quantity" value="([\d.]+)"\/><button type="submit">Add to cart/.exec(home);
    expect(form).not.toBeNull();
    const [, productId, step] = form!;
    // Add one step at a time until the cart passes the minimum order value.
    for (let i = 0; i < 20; i++) {
      expect((await shopper.post("/cart/items", { product_id: productId!, quantity: step! })).status).toBe(303);
      if (!(await (await shopper.get("/cart")).text()).includes("The minimum order is")) break;
    }
    const checkoutPage = await (await shopper.get("/checkout")).text();
    const key = /name="idempotency_key" value="([^"]+)"/.exec(checkoutPage)?.[1];
    expect(key).toBeDefined();
    const placed = await shopper.post("/checkout", { fulfilment: "pickup", idempotency_key: key! });
    expect(placed.status).toBe(303);
    const location = placed.headers.get("location")!;
    expect(location).toMatch(/^\/orders\/\d+\?placed=1$/);
    expect(await (await shopper.get(location)).text()).toMatch(/Thank you! Your order GR-\d{6} is placed\./);
    // The same key again returns the same order instead of a second one.
    const again = await shopper.post("/checkout", { fulfilment: "pickup", idempotency_key: key! });
    expect(again.headers.get("location")).toBe(location);
  });

  test("8 API checkouts of one cart, each with its own Idempotency-Key, race on D1: exactly one order", async () => {
    const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${worker.url}/api/v1${path}`, {
        method,
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    };
    let token = "";
    token = (await api("POST", "/auth/token", { email: SHOPPER.email, password: SHOPPER.password })).json.access_token;
    const listed = (await api("GET", "/products?limit=50")).json.items as { id: number; price_cents: number; step: number; stock: number }[];
    const product = listed.find((item) => item.price_cents * (item.stock / item.step) >= 2_000 && item.price_cents > 0)!;
    const steps = Math.ceil(1_000 / product.price_cents);
    expect((await api("PUT", `/cart/items/${product.id}`, { quantity: Number((steps * product.step).toFixed(3)) })).status).toBe(200);
    const before = (await api("GET", "/orders")).json.items.length as number;

    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api("POST", "/checkout", { fulfilment: "pickup" }, { "idempotency-key": `d1-race-${i}-${Date.now()}-abcdefgh` })),
    );
    const placed = answers.filter((answer) => answer.status === 201);
    expect(placed).toHaveLength(1);
    for (const loser of answers.filter((answer) => answer.status !== 201)) {
      expect(["/api/docs#problem-cart-already-ordered", "/api/docs#problem-cart-empty"]).toContain(loser.json.type);
      if (loser.status === 409) expect(loser.json.order_id).toBe(placed[0]!.json.id);
    }
    expect((await api("GET", "/orders")).json.items.length).toBe(before + 1);
  }, 30_000);

  test("a checkout page posted after its cart changed is refused on D1 with the cart as it is now", async () => {
    const home = await (await shopper.get("/")).text();
    const [, productId, step] = /name="product_id" value="(\d+)"\/><input type="hidden" name="quantity" value="([\d.]+)"\/><button type="submit">Add to cart/.exec(home)!;
    for (let i = 0; i < 20; i++) {
      await shopper.post("/cart/items", { product_id: productId!, quantity: step! });
      if (!(await (await shopper.get("/cart")).text()).includes("The minimum order is")) break;
    }
    const page = await (await shopper.get("/checkout")).text();
    const key = /name="idempotency_key" value="([^"]+)"/.exec(page)![1]!;
    const version = /name="cart_version" value="(\d+)"/.exec(page)?.[1];
    expect(version).toBeDefined();
    await shopper.post("/cart/items", { product_id: productId!, quantity: step! });
    const stale = await shopper.post("/checkout", { fulfilment: "pickup", idempotency_key: key, cart_version: version! });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Your cart changed since this page was shown");
    // The cart as it is now can be ordered from a fresh page.
    const fresh = await (await shopper.get("/checkout")).text();
    const placed = await shopper.post("/checkout", {
      fulfilment: "pickup",
      idempotency_key: /name="idempotency_key" value="([^"]+)"/.exec(fresh)![1]!,
      cart_version: /name="cart_version" value="(\d+)"/.exec(fresh)![1]!,
    });
    expect(placed.headers.get("location")).toMatch(/^\/orders\/\d+\?placed=1$/);
  }, 30_000);

  test("a post from another site is refused", async () => {
    const forged = await fetch(`${worker.url}/login`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: SHOPPER.email, password: SHOPPER.password }).toString(),
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
  });

  test("the cron of wrangler.toml runs the scheduled job: expired sessions are swept", async () => {
    const sweep = schedules.find((job) => job.name === "sweep-expired-sessions")!;
    const trigger = await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent(sweep.cron)}`);
    expect(trigger.status).toBe(200);
    const [line] = await worker.process.waitForOutput(/\{[^\n]*"msg":"scheduled job finished"[^\n]*\}/);
    expect(JSON.parse(line)).toMatchObject({ job: "sweep-expired-sessions", cron: sweep.cron, removed: 1 });

    // The signed-in shopper's live session survived the sweep.
    expect(await (await shopper.get("/account")).text()).toContain(SHOPPER.email);
  });
});

describe("after the worker stopped, the local D1 file", () => {
  test("holds the new shopper and no expired session", async () => {
    await worker.stop();
    const sqlite = new Database(worker.d1File(), { readonly: true });
    try {
      const shopperRow = sqlite.query<{ password_hash: string }, [string]>("select password_hash from users where email = ?").get(SHOPPER.email);
      expect(shopperRow?.password_hash).toStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
      expect(sqlite.query("select * from sessions where token_hash = 'expired-token-hash'").all()).toHaveLength(0);
      const live = sqlite.query<{ n: number }, []>("select count(*) as n from sessions").get();
      expect(live!.n).toBeGreaterThan(0);
    } finally {
      sqlite.close();
    }
  });
});

describe("a worker whose D1 was never migrated", () => {
  test("answers 503 to shoppers and names the problem on /readyz", async () => {
    const emptyState = mkdtempSync(join(tmpdir(), "grocer-workerd-empty-"));
    const unmigrated = await startWorker(emptyState, {}, 503);
    try {
      const home = await fetch(unmigrated.url);
      expect(home.status).toBe(503);
      expect(await home.text()).toContain("not available right now");
      const ready = await fetch(`${unmigrated.url}/readyz`);
      expect(ready.status).toBe(503);
      // The first table a start reads is the store's own secrets (generated outside production, kept in the database).
      expect((await ready.json()).reason).toContain("no such table: store_secrets");
    } finally {
      await unmigrated.stop();
      removeState(emptyState);
    }
  }, WORKER_START_BOUND_MS);
});
