import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ApiClient, apiShopper, expectProblem, logInStaff } from "./support/api";
import { checkAgainstDocument, openApiDocument, type OpenApiDoc } from "./support/openapi";
import { ADMIN, createTestStore, type TestStore } from "./support/store";

/* The slots API on a real database with the store's clock at Friday 20 November 2026, 10:00 Dublin. */

let store: TestStore;
let doc: OpenApiDoc;
let admin: ApiClient;
let shopper: ApiClient;
const clients: ApiClient[] = [];

beforeAll(async () => {
  store = await createTestStore({ seed: false });
  doc = await openApiDocument(store);
  admin = new ApiClient(store, "198.51.100.90");
  await logInStaff(admin, store, ADMIN.email, ADMIN.password);
  shopper = (await apiShopper(store, "198.51.100.91")).client;
  clients.push(admin, shopper);
});
afterAll(() => store.close());

describe("the schedule (manager)", () => {
  test("template windows, rules and exceptions; the listing follows at once", async () => {
    const added = await admin.post("/slot-schedule/template", { fulfilment: "delivery", weekday: 6, starts: "08:00", ends: "10:00", capacity: 2, fee_cents: 499 });
    expect(added.status).toBe(201);
    expect(added.json.template).toEqual([{ id: expect.any(Number), fulfilment: "delivery", point_id: null, weekday: 6, starts: "08:00", ends: "10:00", capacity: 2, fee_cents: 499 }]);
    expect((await admin.post("/slot-schedule/template", { fulfilment: "collection", weekday: 6, starts: "09:00", ends: "10:00", capacity: 10, fee_cents: 0 })).status).toBe(201);
    const bad = expectProblem(await admin.post("/slot-schedule/template", { fulfilment: "delivery", weekday: 8, starts: "08:00", ends: "09:00", capacity: 2, fee_cents: 0 }), 422);
    expect(bad.errors!.map((e) => e.path).sort()).toEqual(["weekday"]);
    const backwards = expectProblem(await admin.post("/slot-schedule/template", { fulfilment: "delivery", weekday: 5, starts: "10:00", ends: "09:00", capacity: 2, fee_cents: 0 }), 422);
    expect(backwards.errors).toEqual([{ path: "ends", message: "The window must end after it starts." }]);

    const rules = await admin.put("/slot-schedule/rules", { fulfilment: "delivery", horizon_days: 8, cutoff_kind: "day_before", cutoff_time: "21:30" });
    expect(rules.json.rules).toContainEqual({ fulfilment: "delivery", horizon_days: 8, cutoff_kind: "day_before", cutoff_time: "21:30", cutoff_hours: null });
    expectProblem(await admin.put("/slot-schedule/rules", { fulfilment: "delivery", horizon_days: 8, cutoff_kind: "day_before" }), 422);

    const closed = await admin.put("/slot-schedule/exceptions", { fulfilment: "delivery", date: "2026-11-28", kind: "closed", note: "Stocktake" });
    expect(closed.json.exceptions).toEqual([{ id: expect.any(Number), fulfilment: "delivery", date: "2026-11-28", kind: "closed", capacity: null, note: "Stocktake" }]);
    const slots = await shopper.get("/slots?fulfilment=delivery");
    expect(slots.json.items.map((s: { starts_at: string; cutoff_at: string }) => [s.starts_at, s.cutoff_at])).toEqual([["2026-11-21T08:00:00.000Z", "2026-11-20T21:30:00.000Z"]]);
    expect((await admin.delete(`/slot-schedule/exceptions/${closed.json.exceptions[0].id}`)).status).toBe(200);
    expect((await shopper.get("/slots?fulfilment=delivery")).json.items.length).toBe(2);
    expect((await admin.get("/slot-schedule")).json.time_zone).toBe("Europe/Dublin");
    const other = await admin.post("/slot-schedule/template", { fulfilment: "delivery", weekday: 3, starts: "18:00", ends: "20:00", capacity: 4, fee_cents: 299 });
    const id = other.json.template.find((t: { weekday: number }) => t.weekday === 3).id;
    expect((await admin.delete(`/slot-schedule/template/${id}`)).status).toBe(200);
    expectProblem(await admin.delete(`/slot-schedule/template/${id}`), 404);
    expectProblem(await shopper.get("/slot-schedule"), 403);
  });

  test("a one-off window (POST /slots) with the rule's cut-off; the same start again is 409", async () => {
    const body = { fulfilment: "delivery", starts_at: "2026-11-24T18:00:00Z", ends_at: "2026-11-24T20:00:00Z", capacity: 3, fee_cents: 0 };
    const made = await admin.post("/slots", body);
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ fulfilment: "delivery", cutoff_at: "2026-11-23T21:30:00.000Z", capacity: 3, capacity_left: 3, status: "open" });
    expect(expectProblem(await admin.post("/slots", body), 409).type).toBe("/api/docs#problem-slot-exists");
    expectProblem(await admin.post("/slots", { ...body, starts_at: "2026-11-19T18:00:00Z" }), 422);
    expectProblem(await shopper.post("/slots", body), 403);
  });
});

describe("listing and reserving (shopper)", () => {
  test("zones: the postcode's fee is added; outside every zone is a 422 at the first step", async () => {
    expect((await admin.post("/delivery-zones", { name: "Dublin 2", prefixes: "d02, d04", fee_cents: 200, free_from_cents: 6000, minimum_basket_cents: 2000 })).status).toBe(201);
    const listed = await shopper.get("/slots?fulfilment=delivery&postcode=D02X285");
    expect(listed.json.zone).toMatchObject({ name: "Dublin 2", fee_cents: 200 });
    expect(listed.json.items[0].fee_cents).toBe(699);
    const outside = expectProblem(await shopper.get("/slots?fulfilment=delivery&postcode=T12AB34"), 422);
    expect(outside.type).toBe("/api/docs#problem-outside-delivery-zones");
    expect((await shopper.get("/slots?fulfilment=pickup")).json.items[0]).toMatchObject({ fulfilment: "collection", collection_point: { id: 1, name: "The store" } });
    expectProblem(await shopper.get("/slots?fulfilment=drone"), 400);
    const zones = await admin.get("/delivery-zones");
    expect(zones.json.items[0].prefixes).toEqual(["D02", "D04"]);
    expect((await admin.put(`/delivery-zones/${zones.json.items[0].id}`, { name: "Dublin 2 and 4", prefixes: "D02 D04", fee_cents: 200, free_from_cents: 6000, minimum_basket_cents: 2000 })).json.name).toBe("Dublin 2 and 4");
  });

  test("reserve, see it, full is a 409 slot-full, release gives it back", async () => {
    const [first] = (await shopper.get("/slots?fulfilment=delivery")).json.items;
    const reserved = await shopper.put("/reservation", { slot_id: first.id });
    expect(reserved.status).toBe(200);
    expect(reserved.json.expires_at).toBe(new Date(store.clock.now().getTime() + 60 * 60_000).toISOString());
    expect((await shopper.get("/reservation")).json.slot.id).toBe(first.id);
    const second = (await apiShopper(store, "198.51.100.92")).client;
    const third = (await apiShopper(store, "198.51.100.93")).client;
    clients.push(second, third);
    expect((await second.put("/reservation", { slot_id: first.id })).status).toBe(200);
    expect(expectProblem(await third.put("/reservation", { slot_id: first.id }), 409).type).toBe("/api/docs#problem-slot-full");
    expect((await shopper.delete("/reservation")).json).toEqual({ slot: null, expires_at: null });
    expect((await third.put("/reservation", { slot_id: first.id })).status).toBe(200);
    expectProblem(await third.put("/reservation", { slot_id: 999999 }), 404);
    expectProblem(await third.put("/reservation", { slot_id: "x" }), 422);
  });

  test("the address book, checked against the zones", async () => {
    const made = await shopper.post("/addresses", { line1: "12 Grafton Street", town: "Dublin 2", postcode: "d02x285" });
    expect(made.json).toMatchObject({ postcode: "D02 X285", is_default: true });
    expect(expectProblem(await shopper.post("/addresses", { line1: "1 Main Street", town: "Cork", postcode: "T12AB34" }), 422).type).toBe("/api/docs#problem-outside-delivery-zones");
    expect((await shopper.put(`/addresses/${made.json.id}`, { label: "Home", line1: "12 Grafton Street", town: "Dublin 2", postcode: "D02 X285" })).json.label).toBe("Home");
    expect((await shopper.get("/addresses")).json.items.length).toBe(1);
    expectProblem(await admin.put(`/addresses/${made.json.id}`, { line1: "12 Grafton Street", town: "Dublin 2", postcode: "D02 X285" }), 404);
    expect((await shopper.delete(`/addresses/${made.json.id}`)).status).toBe(204);
  });

  test("every answer above is as the OpenAPI document says", () => {
    const { failures } = checkAgainstDocument(doc, clients.flatMap((client) => client.exchanges));
    expect(failures).toEqual([]);
  });
});
