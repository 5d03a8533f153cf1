// A token or session never grants more than the account had, with its second factor, when it was
// issued (issue 18, item 3): promotion, demotion, deactivation and two-step changes end the sessions
// and API tokens issued before them, on pages, the API and the live notification stream.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { users } from "../src/db/schema";
import { totpCodeAt } from "../src/accounts/two-factor/totp";
import { ApiClient, apiShopper } from "./support/api";
import { approvedManager, adminAgent } from "./support/staff";
import { newShopper } from "./support/shop";
import { setUpTwoFactor } from "./support/two-factor";
import { createTestStore, type Agent, type TestStore } from "./support/store";

let store: TestStore;
let admin: Agent;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
  admin = await adminAgent(store);
});
afterAll(() => store.close());

const STAFF_API = "/reports/sales-by-product";
const signedIn = async (agent: Agent) => (await agent.get("/account")).status === 200;

describe("promotion", () => {
  test("a customer's access and refresh tokens stop at promotion: no staff access without the second factor", async () => {
    const { client, user, tokens } = await apiShopper(store);
    expect((await client.get("/me")).status).toBe(200);
    expect((await client.get(STAFF_API)).status).toBe(403);
    expect((await admin.post(`/admin/people/${user.id}/promote`)).status).toBe(303);

    expect((await client.get(STAFF_API)).status).toBe(401);
    expect((await client.get("/me")).status).toBe(401);
    expect((await client.post("/auth/refresh", { refresh_token: tokens.refresh_token })).status).toBe(401);
  });

  test("a customer's page session ends at promotion", async () => {
    const { agent, user } = await newShopper(store);
    expect(await signedIn(agent)).toBe(true);
    await admin.post(`/admin/people/${user.id}/promote`);
    expect(await signedIn(agent)).toBe(false);
  });
});

describe("demotion and deactivation", () => {
  for (const action of ["demote", "deactivate"] as const) {
    test(`${action}: the manager's page session, bell stream and API tokens end`, async () => {
      const { agent, user } = await approvedManager(store, admin);
      store.clock.advance(30_000);
      expect((await agent.get("/manage")).status).toBe(200);
      expect((await agent.get("/manage/notifications/stream")).status).toBe(200);
      const [row] = await store.db.select().from(users).where(eq(users.id, user.id));
      expect(row!.role).toBe("manager");

      expect((await admin.post(`/admin/people/${user.id}/${action}`)).status).toBe(303);
      expect(await signedIn(agent)).toBe(false);
      expect((await agent.get("/manage/notifications/stream")).status).toBe(401);
    });
  }
});

describe("two-step sign-in changes", () => {
  test("turning it on ends the account's other sessions and API tokens; this one stays", async () => {
    const { agent, user } = await newShopper(store);
    const other = store.agent();
    const email = (await store.db.select().from(users).where(eq(users.id, user.id)))[0]!.email;
    expect((await other.logIn(email, "fresh-produce-123")).status).toBe(303);
    const client = new ApiClient(store, "198.51.100.78");
    const tokens = await client.logIn(email, "fresh-produce-123");

    const { secret } = await setUpTwoFactor(agent, store.clock);
    expect(await signedIn(agent)).toBe(true);
    expect(await signedIn(other)).toBe(false);
    expect((await client.get("/me")).status).toBe(401);
    expect((await client.post("/auth/refresh", { refresh_token: tokens.refresh_token })).status).toBe(401);

    // And turning it off ends the others again.
    store.clock.advance(30_000);
    const again = store.agent();
    expect((await again.logIn(email, "fresh-produce-123")).headers.get("location")).toBe("/login/two-factor");
    expect((await again.post("/login/two-factor", { code: totpCodeAt(secret, store.clock.now()) })).status).toBe(303);
    expect(await signedIn(again)).toBe(true);
    store.clock.advance(30_000);
    const off = await agent.post("/account/two-factor/disable", { code: totpCodeAt(secret, store.clock.now()) });
    expect(off.status).toBe(303);
    expect(await signedIn(agent)).toBe(true);
    expect(await signedIn(again)).toBe(false);
  });
});

describe("the live notification stream", () => {
  test("an approved manager without two-step sign-in is not let in", async () => {
    const agent = store.agent();
    const email = `no-second-step-${Date.now()}@example.com`;
    expect((await agent.signUp({ name: "Nora Nostep", email, password: "stock-room-key-1" }, "/sell")).status).toBe(303);
    const [user] = await store.db.select().from(users).where(eq(users.email, email));
    expect((await admin.post(`/admin/people/${user!.id}/approve`)).status).toBe(303);
    const stream = await agent.get("/manage/notifications/stream");
    expect(stream.status).toBe(403);
    expect(await stream.text()).toContain("two-step");
  });
});
