import { afterEach, beforeEach, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { pickRecords } from "../src/db/picking-tables";
import { products } from "../src/db/schema";
import { ApiClient, expectProblem, logInStaff } from "./support/api";
import { openPickingShop, placeOrderOf, type PickingShelves } from "./support/picking";
import { ADMIN, type Agent, type TestStore } from "./support/store";

/*
 * Confirming the ordered item by its barcode, on the picking screen (a keyboard-wedge scanner types
 * the digits into the line's form and presses Enter) and in the handheld API: the right barcode
 * records the line and says it matched; another product's, an unknown one or a malformed one is a
 * 422 naming what was scanned, and nothing is recorded.
 */

let store: TestStore;
let shelves: PickingShelves;
let staff: Agent;
let handheld: ApiClient;
const OAT_BARCODE = "5000000000028";
beforeEach(async () => {
  ({ store, shelves } = await openPickingShop());
  await store.db.update(products).set({ gtin: OAT_BARCODE }).where(eq(products.id, shelves.oatDrink.id));
  handheld = new ApiClient(store, "198.51.100.92");
  const enrolled = await logInStaff(handheld, store, ADMIN.email, ADMIN.password);
  staff = store.agent();
  await staff.logIn(ADMIN.email, ADMIN.password);
  expect((await staff.post("/login/two-factor", { code: enrolled.recoveryCodes[0]! })).status).toBe(303);
});
afterEach(() => store.close());

const htmx = { "hx-request": "true" };

async function picking() {
  const placed = await placeOrderOf(store, [
    [shelves.chicken, "1"],
    [shelves.milk, "2"],
  ]);
  const list = placed.order.slotWindowId ? `/manage/picking?slot=${placed.order.slotWindowId}` : `/manage/picking?date=${store.clock.now().toISOString().slice(0, 10)}`;
  expect((await staff.post(`/manage/picking/orders/${placed.order.id}/start`, { back: list })).status).toBe(303);
  const records = () => store.db.select().from(pickRecords).where(eq(pickRecords.orderId, placed.order.id));
  return { ...placed, list, records, path: (product: { id: number }) => `/manage/picking/orders/${placed.order.id}/lines/${placed.line(product as never).id}` };
}

test("the picking screen: a wrong, unknown or malformed barcode is refused; the right one records the line", async () => {
  const order = await picking();
  const page = await (await staff.get(order.list)).text();
  expect(page).toContain(`id="pick-${order.line(shelves.chicken).id}-barcode" name="barcode"`);
  expect(page).not.toContain(`id="pick-${order.line(shelves.milk).id}-barcode"`); // milk has no barcode on file
  const chicken = order.path(shelves.chicken);
  const send = (barcode: string, headers: Record<string, string> = {}) => staff.post(chicken, { picked: "1", weight_kg: "1.25", barcode, action: "save", back: order.list }, headers);

  const wrong = await send(OAT_BARCODE);
  expect(wrong.status).toBe(422);
  const wrongText = await wrong.text();
  expect(wrongText).toContain(`Wrong item: ${OAT_BARCODE} is Oat Drink, not Whole Chicken. Pick Whole Chicken.`);
  expect(wrongText).toContain(`value="${OAT_BARCODE}"`); // the form comes back with what was scanned
  const unknown = await send("4006381333931", htmx);
  expect(unknown.status).toBe(422);
  expect(await unknown.text()).toContain("Wrong item: no product has the barcode 4006381333931; Whole Chicken is 5391234567890.");
  const malformed = await send("53912-oops");
  expect(malformed.status).toBe(422);
  expect(await malformed.text()).toContain("A barcode is 8 to 14 digits.");
  expect(await order.records()).toHaveLength(0);

  // The right item, typed with a space as printed under the bars: recorded, and said so.
  const right = await send("5 391234 567890");
  expect(right.status).toBe(303);
  const after = await (await staff.get(right.headers.get("location")!)).text();
  expect(after).toContain("Barcode matches: Whole Chicken recorded.");
  const swapped = await send("5391234567890", htmx);
  expect(swapped.status).toBe(200);
  expect(await swapped.text()).toContain("✓ Picked 1, 1.25 kg<span class=\"pick-scanned\"> · barcode matches</span>");
  expect(await order.records()).toMatchObject([{ orderItemId: order.line(shelves.chicken).id, pickedQuantity: 1000, pickedWeightGrams: 1250 }]);
});

test("the handheld API: barcode on the line's record, refused on the barcode field when it is another item's", async () => {
  const order = await picking();
  const path = `/picking/orders/${order.order.id}/lines/${order.line(shelves.chicken).id}`;
  const wrong = expectProblem(await handheld.put(path, { picked: 1, weight_kg: 1.25, barcode: OAT_BARCODE }), 422) as { errors: unknown };
  expect(wrong.errors).toEqual([{ path: "barcode", message: `Wrong item: ${OAT_BARCODE} is Oat Drink, not Whole Chicken. Pick Whole Chicken.` }]);
  const bad = expectProblem(await handheld.put(path, { picked: 1, weight_kg: 1.25, barcode: "abc" }), 422) as { errors: unknown };
  expect(bad.errors).toEqual([{ path: "barcode", message: "A barcode is 8 to 14 digits." }]);
  const milk = `/picking/orders/${order.order.id}/lines/${order.line(shelves.milk).id}`;
  const none = expectProblem(await handheld.put(milk, { picked: 2, barcode: "5391234567890" }), 422) as { errors: unknown };
  expect(none.errors).toEqual([{ path: "barcode", message: "Wrong item: 5391234567890 is Whole Chicken, not Whole Milk. Pick Whole Milk." }]);
  expect(await order.records()).toHaveLength(0);
  const right = await handheld.put(path, { picked: 1, weight_kg: 1.25, barcode: "5391234567890" });
  expect(right.status).toBe(200);
  expect(right.json.record).toMatchObject({ picked: 1, weight_kg: 1.25 });
});
