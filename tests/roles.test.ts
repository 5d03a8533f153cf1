import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq } from "drizzle-orm";
import { auditLog, sessions, users } from "../src/db/schema";
import { ADMIN, createTestStore, type Agent, type TestStore } from "./support/store";
import { setUpTwoFactor } from "./support/two-factor";

let store: TestStore;
let admin: Agent;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
  admin = store.agent();
  await admin.logIn(ADMIN.email, ADMIN.password);
  await setUpTwoFactor(admin, store.clock);
});
afterAll(() => store.close());

let counter = 0;
async function newAccount(kind: "customer" | "manager") {
  counter += 1;
  const account = { name: `Person ${counter}`, email: `person${counter}@example.com`, password: "good-password-123" };
  const agent = store.agent();
  const response = await agent.signUp(account, kind === "manager" ? "/sell" : "/signup");
  expect(response.status).toBe(303);
  const [user] = await store.db.select().from(users).where(eq(users.email, account.email));
  return { agent, user: user!, account };
}

const staffPages = ["/manage"];
const adminPages = ["/admin/people"];

describe("role boundaries", () => {
  test("an anonymous visitor is sent to log in", async () => {
    for (const path of [...staffPages, ...adminPages, "/account"]) {
      const response = await store.agent().get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  test("a customer gets 403 on manager and admin pages", async () => {
    const { agent } = await newAccount("customer");
    for (const path of [...staffPages, ...adminPages]) {
      const response = await agent.get(path);
      expect(response.status).toBe(403);
    }
    const action = await agent.post("/admin/people/1/deactivate");
    expect(action.status).toBe(403);
  });

  test("a manager awaiting approval gets 403 and is told why", async () => {
    const { agent, user } = await newAccount("manager");
    expect(user.role).toBe("manager");
    expect(user.approvedAt).toBeNull();
    const response = await agent.get("/manage");
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("waiting for the admin&#39;s approval");
  });

  test("once approved, a manager opens the back office but not admin pages", async () => {
    const { agent, user } = await newAccount("manager");
    const approve = await admin.post(`/admin/people/${user.id}/approve`);
    expect(approve.status).toBe(303);
    const firstVisit = await agent.get("/manage");
    expect(firstVisit.status).toBe(303);
    expect(firstVisit.headers.get("location")).toBe("/account/two-factor?next=%2Fmanage");
    await setUpTwoFactor(agent, store.clock);
    expect((await agent.get("/manage")).status).toBe(200);
    expect((await agent.get("/admin/people")).status).toBe(403);
    const [entry] = await store.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, user.id), eq(auditLog.action, "user.approve")));
    expect(entry?.subjectType).toBe("user");
  });

  test("an admin with an authenticator gets no session, and no back office, until the code is given", async () => {
    const fresh = store.agent();
    await fresh.logIn(ADMIN.email, ADMIN.password);
    // The admin enrolled in beforeAll, so logging in again asks for the code first.
    const second = await fresh.get("/login/two-factor");
    expect(second.status).toBe(200);
    for (const path of [...staffPages, ...adminPages]) {
      const response = await fresh.get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  test("the admin opens everything", async () => {
    for (const path of [...staffPages, ...adminPages]) expect((await admin.get(path)).status).toBe(200);
  });
});

describe("admin actions on people", () => {
  test("deactivating ends sessions and blocks log in; reactivating restores it", async () => {
    const { agent, user, account } = await newAccount("customer");
    expect((await agent.get("/account")).status).toBe(200);

    expect((await admin.post(`/admin/people/${user.id}/deactivate`)).status).toBe(303);
    expect(await store.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    expect((await agent.get("/account")).status).toBe(303);

    const refused = await store.agent().logIn(account.email, account.password);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("This account has been deactivated");

    expect((await admin.post(`/admin/people/${user.id}/reactivate`)).status).toBe(303);
    expect((await store.agent().logIn(account.email, account.password)).status).toBe(303);
  });

  test("promote a customer to manager and demote back, each audited", async () => {
    const { agent, user, account } = await newAccount("customer");
    await admin.post(`/admin/people/${user.id}/promote`);
    // The customer's session ended with the promotion (ADR 018): log in again, then the second factor.
    expect((await agent.get("/manage")).headers.get("location")).toStartWith("/login");
    expect((await agent.logIn(account.email, account.password)).status).toBe(303);
    expect((await agent.get("/manage")).status).toBe(303);
    await setUpTwoFactor(agent, store.clock);
    expect((await agent.get("/manage")).status).toBe(200);
    await admin.post(`/admin/people/${user.id}/demote`);
    // Demotion ends the manager's session too.
    expect((await agent.get("/manage")).headers.get("location")).toStartWith("/login");
    const entries = await store.db.select().from(auditLog).where(eq(auditLog.subjectId, user.id));
    expect(entries.map((entry) => entry.action)).toEqual(["user.promote", "user.demote"]);
  });

  test("an action that does not apply answers 409 and changes nothing", async () => {
    const { user } = await newAccount("customer");
    const response = await admin.post(`/admin/people/${user.id}/approve`);
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Only a manager awaiting approval can be approved.");
    const [after] = await store.db.select().from(users).where(eq(users.id, user.id));
    expect(after?.approvedAt).toBeNull();
  });

  test("the admin cannot be deactivated, unknown ids and actions are 404", async () => {
    const [adminUser] = await store.db.select().from(users).where(eq(users.email, ADMIN.email));
    expect((await admin.post(`/admin/people/${adminUser!.id}/deactivate`)).status).toBe(409);
    expect((await admin.post("/admin/people/99999/approve")).status).toBe(404);
    expect((await admin.post("/admin/people/abc/approve")).status).toBe(404);
    expect((await admin.post("/admin/people/1/explode")).status).toBe(404);
  });

  test("an htmx action returns the updated row only", async () => {
    const { user } = await newAccount("manager");
    const response = await admin.post(`/admin/people/${user.id}/approve`, {}, { "hx-request": "true" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toStartWith(`<tr id="person-${user.id}">`);
    expect(html).toContain("Active");
  });
});
