import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { discountCents } from "../src/cart/pricing";
import { orders } from "../src/db/shop-tables";
import { addPromo, addToCart, checkout, newShopper, openShop, type Shelves } from "./support/shop";
import { textOf, type TestStore } from "./support/store";

let store: TestStore;
let shelves: Shelves;
beforeEach(async () => {
  ({ store, shelves } = await openShop());
});
afterEach(() => store.close());

const DAY = 24 * 60 * 60 * 1000;

async function cartWithCode(code: string, eggs = "2") {
  const shopper = await newShopper(store);
  await addToCart(shopper.agent, shelves.eggs, eggs);
  const response = await shopper.agent.post("/cart/promo", { code });
  const answer = await textOf(response.clone());
  // What the shopper reads: the answer to the post, then the cart as it stands.
  return { ...shopper, response, html: answer + (await textOf(await shopper.agent.get("/cart"))) };
}

describe("promo codes in the cart", () => {
  test("percent and fixed codes apply, case-insensitively, and the discount never exceeds the subtotal", async () => {
    await addPromo(store, { code: "SPRING20", kind: "percent", value: 20 });
    const percent = await cartWithCode("spring20");
    expect(percent.html).toContain("Code <strong>SPRING20</strong> applied");
    expect(percent.html).toContain("−€1.60"); // 20% of €7.98 = 1.596

    await addPromo(store, { code: "BIGGIFT", kind: "fixed", value: 5000 });
    const fixed = await cartWithCode("BigGift");
    expect(fixed.html).toContain("−€7.98");
    expect(fixed.html).toMatch(/class="total">€0\.00/);
    expect(discountCents({ kind: "fixed", value: 5000 }, 798)).toBe(798);
    expect(discountCents({ kind: "percent", value: 100 }, 798)).toBe(798);
  });

  test.each([
    ["an unknown code", {}, "NOPE", "We don't know the code NOPE."],
    ["a deactivated code", { code: "OFF", active: false }, "off", "The code OFF is no longer active."],
    ["an expired code", { code: "OLD", expiresAt: new Date("2026-11-19T00:00:00Z") }, "old", "The code OLD expired on 19 Nov 2026."],
    ["a code not started yet", { code: "SOON", startsAt: new Date("2026-12-01T00:00:00Z") }, "soon", "The code SOON starts on 1 Dec 2026."],
    ["a used-up code", { code: "GONE", usageLimit: 3, timesUsed: 3 }, "gone", "The code GONE has been used up."],
    ["a code below its minimum", { code: "BIGSHOP", minSubtotalCents: 2000 }, "bigshop", "Spend at least €20.00 to use BIGSHOP (€12.02 to go)."],
    ["malformed input", {}, "<script>", "Promo codes are letters, digits, - and _ only."],
    ["an empty code", {}, "  ", "Enter a promo code."],
  ])("%s is explained", async (_label, promo, typed, message) => {
    if ("code" in promo) await addPromo(store, { kind: "percent", value: 10, ...promo } as Parameters<typeof addPromo>[1]);
    const { html } = await cartWithCode(typed);
    expect(html).toContain(message);
    expect(html).toMatch(/class="total">€7\.98/);
  });

  test("the per-customer limit is enforced at checkout and explained", async () => {
    await addPromo(store, { code: "WELCOME", kind: "fixed", value: 100, perCustomerLimit: 1 });
    const { agent, user } = await cartWithCode("welcome");
    expect((await checkout(agent)).response.status).toBe(303);
    await addToCart(agent, shelves.eggs, "1");
    await agent.post("/cart/promo", { code: "WELCOME" });
    const html = await textOf(await agent.get("/cart"));
    expect(html).toContain("You have already used the code WELCOME (it can be used once per customer).");
    const second = await checkout(agent);
    expect(second.response.status).toBe(422);
    expect(await store.db.select().from(orders).where(eq(orders.userId, user.id))).toHaveLength(1);
  });

  test("an unknown code answers 422 with the cart", async () => {
    const { response } = await cartWithCode("MISSING");
    expect(response.status).toBe(422);
  });

  test("a code that expires between cart and checkout is refused at checkout", async () => {
    await addPromo(store, { code: "TODAY", kind: "percent", value: 50, expiresAt: new Date(store.clock.now().getTime() + DAY) });
    const { agent } = await cartWithCode("today");
    store.clock.advance(2 * DAY);
    const { response } = await checkout(agent);
    expect(response.status).toBe(422);
    expect(await textOf(response)).toContain("The code TODAY expired on");
  });
});
