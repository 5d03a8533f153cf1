import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ADMIN, createTestStore, textOf, type Agent, type TestStore } from "./support/store";

/* The manager's slot and zone screens over app.request, forms posted as a browser without JavaScript would. */

let store: TestStore;
let manager: Agent;

beforeAll(async () => {
  store = await createTestStore({ seed: false });
  manager = store.agent();
  await manager.logInAsStaff(ADMIN.email, ADMIN.password, store.clock);
});
afterAll(() => store.close());

describe("slots screen", () => {
  test("adding template windows fills the week grid with booked / capacity", async () => {
    const added = await manager.post("/manage/slots/template?fulfilment=delivery", { weekday: "6", starts: "08:00", ends: "10:00", capacity: "12", fee: "4.99" });
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe("/manage/slots?fulfilment=delivery#template");
    const page = await textOf(await manager.get("/manage/slots?fulfilment=delivery"));
    expect(page).toContain("Sat, 21 Nov");
    expect(page).toMatch(/08:00–10:00<\/strong> <span>0 \/ 12<\/span>/);
    expect(page).toContain("€4.99");
  });

  test("bad input is a 422 with the form and its errors, and changes nothing", async () => {
    const refused = await manager.post("/manage/slots/template?fulfilment=delivery", { weekday: "6", starts: "10:00", ends: "09:00", capacity: "-1", fee: "lots" });
    expect(refused.status).toBe(422);
    const html = await textOf(refused);
    expect(html).toContain("The window must end after it starts.");
    expect(html).toContain("Enter the fee as an amount such as 4.99, or 0.");
    expect(html).toContain("Enter the number of orders the window takes (0-10000).");
    expect((await textOf(await manager.get("/manage/slots"))).match(/08:00–10:00/g)?.length).toBe(2);
  });

  test("an exception closes a day; rules and a one-off window", async () => {
    expect((await manager.post("/manage/slots/exceptions?fulfilment=delivery", { date: "2026-11-21", kind: "closed", note: "Stocktake" })).status).toBe(303);
    let page = await textOf(await manager.get("/manage/slots"));
    expect(page).toContain("21 Nov 2026</strong> closed · Stocktake");
    expect(page).toMatch(/slot-closed/);
    expect((await manager.post("/manage/slots/rules?fulfilment=delivery", { horizon_days: "10", cutoff_kind: "hours_before", cutoff_hours: "6" })).status).toBe(303);
    expect((await manager.post("/manage/slots/rules?fulfilment=delivery", { horizon_days: "10", cutoff_kind: "day_before", cutoff_time: "25:00" })).status).toBe(422);
    const oneOff = await manager.post("/manage/slots/one-off?fulfilment=collection", { date: "2026-11-24", starts: "17:00", ends: "19:00", capacity: "4", fee: "0" });
    expect(oneOff.status).toBe(303);
    page = await textOf(await manager.get("/manage/slots?fulfilment=collection"));
    expect(page).toMatch(/17:00–19:00<\/strong> <span>0 \/ 4<\/span>/);
    expect(page).toContain("One-off");
    expect((await manager.post("/manage/slots/one-off?fulfilment=collection", { date: "2026-11-24", starts: "17:00", ends: "19:00", capacity: "4", fee: "0" })).status).toBe(422);
  });

  test("dates are typed as the store writes days (21/11/2026) or YYYY-MM-DD; an impossible day is a 422 that changes nothing", async () => {
    const form = await textOf(await manager.get("/manage/slots?fulfilment=collection"));
    expect(form).not.toContain('type="date"');
    expect(form).toContain('id="exception-date" name="date"');
    expect(form).toContain('placeholder="dd/mm/yyyy"');
    expect((await manager.post("/manage/slots/exceptions?fulfilment=collection", { date: "22/11/2026", kind: "capacity", capacity: "3" })).status).toBe(303);
    expect(await textOf(await manager.get("/manage/slots?fulfilment=collection"))).toContain("22 Nov 2026</strong> capacity 3 per window");
    const before = await textOf(await manager.get("/manage/slots?fulfilment=collection"));
    for (const [path, body] of [
      ["/manage/slots/exceptions?fulfilment=collection", { date: "31/02/2026", kind: "closed" }],
      ["/manage/slots/one-off?fulfilment=collection", { date: "31/02/2026", starts: "17:00", ends: "19:00", capacity: "4", fee: "0" }],
    ] as const) {
      const refused = await manager.post(path, body);
      expect(refused.status).toBe(422);
      const html = await textOf(refused);
      expect(html).toContain("That date does not exist. Write it as dd/mm/yyyy, such as 24/12/2026.");
      expect(html).toContain('value="31/02/2026"');
    }
    const empty = await manager.post("/manage/slots/one-off?fulfilment=collection", { date: "", starts: "17:00", ends: "19:00", capacity: "4", fee: "0" });
    expect(empty.status).toBe(422);
    expect(await textOf(empty)).toContain("Enter the date.");
    expect(await textOf(await manager.get("/manage/slots?fulfilment=collection"))).toBe(before);
    const oneOff = await manager.post("/manage/slots/one-off?fulfilment=collection", { date: "25/11/2026", starts: "09:00", ends: "10:00", capacity: "2", fee: "0" });
    expect(oneOff.status).toBe(303);
    expect(await textOf(await manager.get("/manage/slots?fulfilment=collection"))).toMatch(/09:00–10:00<\/strong> <span>0 \/ 2<\/span>/);
  });

  test("shoppers can't open the back office's slot screens", async () => {
    const visitor = store.agent();
    expect((await visitor.get("/manage/slots")).status).toBe(303);
  });
});

describe("zones screen", () => {
  test("add, refuse bad amounts, edit", async () => {
    const added = await manager.post("/manage/zones", { name: "Dublin 2", prefixes: "d02, d04", fee: "2.00", free_from: "60", minimum_basket: "25", active: "on" });
    expect(added.status).toBe(303);
    let page = await textOf(await manager.get("/manage/zones"));
    expect(page).toContain("D02 D04");
    expect(page).toContain("€60.00");
    const refused = await manager.post("/manage/zones", { name: "X", prefixes: "", fee: "two", minimum_basket: "0" });
    expect(refused.status).toBe(422);
    const html = await textOf(refused);
    expect(html).toContain("Enter the fee as an amount such as 2.00, or 0.");
    expect(html).toContain("List the postcode or Eircode prefixes, such as D02 D04.");
    const id = /\/manage\/zones\/(\d+)\/edit/.exec(page)![1];
    expect((await manager.post(`/manage/zones/${id}`, { name: "Dublin 2 and 4", prefixes: "D02 D04 D06W", fee: "2.50", free_from: "", minimum_basket: "25" })).status).toBe(303);
    page = await textOf(await manager.get("/manage/zones"));
    expect(page).toContain("Dublin 2 and 4");
    expect(page).toContain("Paused");
  });
});
