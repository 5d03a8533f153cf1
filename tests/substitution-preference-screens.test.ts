import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { users } from "../src/db/schema";
import { pickRecords } from "../src/db/picking-tables";
import { cartItems, carts } from "../src/db/shop-tables";
import { ApiClient, apiShopper, expectProblem, logInStaff } from "./support/api";
import { openPickingShop, placeOrderOf, type PickingShelves } from "./support/picking";
import { addToCart, newShopper } from "./support/shop";
import { ADMIN, type Agent, type TestStore } from "./support/store";

/*
 * The shopper's substitution screens (ADR 050): the account's default and each cart line's choice
 * and note, as plain forms (303) and as htmx swaps; bad input is a 422 that changes nothing; the
 * picker then sees the note and the "no substitutes" on the picking screen and the handheld API,
 * and a substitute for a forbidden line is refused there and by completePick.
 */

let store: TestStore;
let shelves: PickingShelves;
beforeEach(async () => {
  ({ store, shelves } = await openPickingShop());
});
afterEach(() => store.close());

const htmx = { "hx-request": "true" };
const lineOf = async (userId: number, productId: number) => {
  const [cart] = await store.db.select().from(carts).where(eq(carts.userId, userId));
  const [line] = await store.db.select().from(cartItems).where(and(eq(cartItems.cartId, cart!.id), eq(cartItems.productId, productId)));
  return line!;
};
const defaultOf = async (userId: number) => (await store.db.select({ allow: users.allowSubstitutes }).from(users).where(eq(users.id, userId)))[0]!.allow;

describe("the account's substitution default", () => {
  test("is shown on the account page and saved with a 303, or the section swapped with htmx", async () => {
    const { agent, user } = await newShopper(store);
    const page = await (await agent.get("/account")).text();
    expect(page).toContain("<h2>Substitutes</h2>");
    expect(page).toMatch(/value="store" checked/);
    expect(page).toContain("(now: substitutes allowed)");

    const saved = await agent.post("/account/substitutes", { substitutes: "forbid" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/account");
    expect(await defaultOf(user.id)).toBe(false);
    expect(await (await agent.get("/account")).text()).toMatch(/value="forbid" checked/);

    const swapped = await agent.post("/account/substitutes", { substitutes: "allow" }, htmx);
    expect(swapped.status).toBe(200);
    const section = await swapped.text();
    expect(section).toStartWith('<section class="card narrow settings" id="substitutes">');
    expect(section).toMatch(/value="allow" checked/);
    expect(await defaultOf(user.id)).toBe(true);

    await agent.post("/account/substitutes", { substitutes: "store" });
    expect(await defaultOf(user.id)).toBeNull();
  });

  test("a choice that is not one of the three is a 422 that changes nothing; signed out goes to log in", async () => {
    const { agent, user } = await newShopper(store);
    await agent.post("/account/substitutes", { substitutes: "forbid" });
    const bad = await agent.post("/account/substitutes", { substitutes: "sometimes" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Choose whether substitutes are allowed");
    expect((await agent.post("/account/substitutes", {})).status).toBe(422);
    expect(await defaultOf(user.id)).toBe(false);
    const visitor = store.agent();
    const refused = await visitor.post("/account/substitutes", { substitutes: "allow" });
    expect(refused.status).toBe(303);
    expect(refused.headers.get("location")).toStartWith("/login");
  });
});

describe("a cart line's substitution choice", () => {
  test("shows the default on each line, saves a choice and note with a 303 or an htmx swap of the cart", async () => {
    const { agent, user } = await newShopper(store);
    await agent.post("/account/substitutes", { substitutes: "forbid" });
    await addToCart(agent, shelves.milk, "2");
    await addToCart(agent, shelves.chicken, "1");
    const cart = await (await agent.get("/cart")).text();
    expect(cart.match(/<summary>No substitute<\/summary>/g)).toHaveLength(2); // the shopper's default
    expect(cart).toContain(`action="/cart/items/${shelves.milk.id}/substitution"`);

    const saved = await agent.post(`/cart/items/${shelves.milk.id}/substitution`, { allow_substitute: "true", substitute_note: " semi-skimmed is fine " });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/cart");
    expect(await lineOf(user.id, shelves.milk.id)).toMatchObject({ allowSubstitute: true, substituteNote: "semi-skimmed is fine" });

    const swapped = await agent.post(`/cart/items/${shelves.chicken.id}/substitution`, { allow_substitute: "false", substitute_note: "a big one, please" }, htmx);
    expect(swapped.status).toBe(200);
    const fragment = await swapped.text();
    expect(fragment).toStartWith('<section id="cart">');
    expect(fragment).toContain("Substitute OK<span class=\"muted\"> · “semi-skimmed is fine”</span>");
    expect(fragment).toContain("No substitute<span class=\"muted\"> · “a big one, please”</span>");
    expect(await lineOf(user.id, shelves.chicken.id)).toMatchObject({ allowSubstitute: false, substituteNote: "a big one, please" });
  });

  test("a visitor's cart line takes a choice too; bad input is a 422 beside the line, another cart's line a 404", async () => {
    const visitor = store.agent();
    await addToCart(visitor, shelves.eggs, "1");
    expect((await visitor.post(`/cart/items/${shelves.eggs.id}/substitution`, { allow_substitute: "false" })).status).toBe(303);

    const { agent, user } = await newShopper(store);
    await addToCart(agent, shelves.milk, "1");
    const long = await agent.post(`/cart/items/${shelves.milk.id}/substitution`, { allow_substitute: "true", substitute_note: "x".repeat(201) });
    expect(long.status).toBe(422);
    const html = await long.text();
    expect(html).toContain("Keep the note under 200 characters.");
    expect(html).toMatch(/<details class="line-substitution" id="substitution-\d+" open="">/);
    expect((await agent.post(`/cart/items/${shelves.milk.id}/substitution`, { allow_substitute: "perhaps" })).status).toBe(422);
    expect(await lineOf(user.id, shelves.milk.id)).toMatchObject({ allowSubstitute: null, substituteNote: null });

    // The visitor's eggs are not in this shopper's cart: nothing changes there.
    const other = await agent.post(`/cart/items/${shelves.eggs.id}/substitution`, { allow_substitute: "true" });
    expect(other.status).toBe(404);
    const [visitorLine] = await store.db.select().from(cartItems).where(eq(cartItems.productId, shelves.eggs.id));
    expect(visitorLine).toMatchObject({ allowSubstitute: false });
  });
});

describe("the same wishes over the API", () => {
  test("PATCH /me sets the default, the cart shows each line's choice, PUT …/substitution sets a line's; bad input changes nothing", async () => {
    const { client, user } = await apiShopper(store);
    const forbid = await client.patch("/me", { substitutes: "forbid" });
    expect(forbid.status).toBe(200);
    expect(forbid.json.substitutes).toBe("forbid");
    expect(await defaultOf(user.id)).toBe(false);
    expectProblem(await client.patch("/me", { substitutes: "sometimes" }), 422);
    expect(await defaultOf(user.id)).toBe(false);

    await client.put(`/cart/items/${shelves.milk.id}`, { quantity: 2 });
    await client.put(`/cart/items/${shelves.chicken.id}`, { quantity: 1 });
    expect((await client.get("/cart")).json.items.map((item: { allow_substitute: boolean }) => item.allow_substitute)).toEqual([false, false]);

    const path = `/cart/items/${shelves.milk.id}/substitution`;
    const saved = await client.put(path, { allow_substitute: true, substitute_note: " semi-skimmed is fine " });
    expect(saved.status).toBe(200);
    expect(saved.json.items[0]).toMatchObject({ product_id: shelves.milk.id, allow_substitute: true, substitute_note: "semi-skimmed is fine" });
    expect(saved.json.items[1]).toMatchObject({ product_id: shelves.chicken.id, allow_substitute: false, substitute_note: null });

    expectProblem(await client.put(path, { allow_substitute: "yes" }), 422);
    expectProblem(await client.put(path, { allow_substitute: false, substitute_note: "x".repeat(201) }), 422);
    expectProblem(await client.put(`/cart/items/${shelves.eggs.id}/substitution`, { allow_substitute: false }), 404);
    expect(await lineOf(user.id, shelves.milk.id)).toMatchObject({ allowSubstitute: true, substituteNote: "semi-skimmed is fine" });
  });
});

describe("the picker sees the shopper's wishes", () => {
  test("note and 'no substitutes' on the picking screen and the API; a substitute for a forbidden line is refused", async () => {
    const placed = await placeOrderOf(
      store,
      [
        [shelves.milk, "2"],
        [shelves.chicken, "1"],
      ],
      {},
      async (agent: Agent) => {
        await agent.post(`/cart/items/${shelves.milk.id}/substitution`, { allow_substitute: "false", substitute_note: "only this brand" });
        await agent.post(`/cart/items/${shelves.chicken.id}/substitution`, { allow_substitute: "true", substitute_note: "a big one, please" });
      },
    );
    expect(placed.line(shelves.milk)).toMatchObject({ allowSubstitute: false, substituteNote: "only this brand" });
    expect(placed.line(shelves.chicken)).toMatchObject({ allowSubstitute: true, substituteNote: "a big one, please" });

    // The handheld logs in with the authenticator set up on the site; the screen with a recovery code.
    const picker = new ApiClient(store, "198.51.100.91");
    const enrolled = await logInStaff(picker, store, ADMIN.email, ADMIN.password);
    const staff = store.agent();
    expect((await staff.logIn(ADMIN.email, ADMIN.password)).headers.get("location")).toBe("/login/two-factor");
    expect((await staff.post("/login/two-factor", { code: enrolled.recoveryCodes[0]! })).status).toBe(303);
    const id = placed.order.id;
    const list = placed.order.slotWindowId ? `/manage/picking?slot=${placed.order.slotWindowId}` : `/manage/picking?date=${store.clock.now().toISOString().slice(0, 10)}`;
    expect((await staff.post(`/manage/picking/orders/${id}/start`, { back: list })).status).toBe(303);
    const screen = await (await staff.get(list)).text();
    const milkLine = screen.slice(screen.indexOf(`id="pick-line-${placed.line(shelves.milk).id}"`));
    expect(milkLine.slice(0, milkLine.indexOf("</li>"))).toContain('<span class="pick-tag pick-tag-no">No substitutes</span><q class="pick-note">only this brand</q>');
    expect(milkLine.slice(0, milkLine.indexOf("</li>"))).not.toContain("Substitute…");
    expect(screen).toContain('<q class="pick-note">a big one, please</q>');

    const query = placed.order.slotWindowId ? `slot=${placed.order.slotWindowId}` : `date=${placed.order.placedAt.toISOString().slice(0, 10)}`;
    const lines = (await picker.get(`/picking/lists?${query}`)).json.lines as { line_id: number; allow_substitute: boolean; substitute_note: string | null }[];
    expect(lines.find((line) => line.line_id === placed.line(shelves.milk).id)).toMatchObject({ allow_substitute: false, substitute_note: "only this brand" });

    // The screen, the API and completion all refuse a substitute the shopper forbade; nothing is recorded.
    const milkPath = `/manage/picking/orders/${id}/lines/${placed.line(shelves.milk).id}`;
    const screenTry = await staff.post(milkPath, { picked: "0", substitute_product_id: String(shelves.organicMilk.id), substitute_quantity: "2", action: "save", back: list });
    expect(screenTry.status).toBe(422);
    expect(await screenTry.text()).toContain("The shopper asked for no substitute for this line.");
    const apiTry = await picker.put(`/picking/orders/${id}/lines/${placed.line(shelves.milk).id}`, { picked: 0, substitute_product_id: shelves.organicMilk.id, substitute_quantity: 2 });
    expect(apiTry.status).toBe(422);
    expect(await store.db.select().from(pickRecords).where(eq(pickRecords.orderId, id))).toHaveLength(0);
  });
});
