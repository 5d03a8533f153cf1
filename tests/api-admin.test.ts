import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ApiClient, apiShopper, expectProblem, logInStaff } from "./support/api";
import { ADMIN, createTestStore, type TestStore } from "./support/store";
import { DEMO_ACCOUNTS } from "../src/demo/seed";

let store: TestStore;
let admin: ApiClient;
beforeAll(async () => {
  store = await createTestStore({ seed: true });
  admin = new ApiClient(store, "198.51.100.250");
  await logInStaff(admin, store, ADMIN.email, ADMIN.password);
});
afterAll(() => store.close());

describe("GET /users", () => {
  test("401 without a token; 403 for a customer and for a manager", async () => {
    expectProblem(await new ApiClient(store).get("/users"), 401);
    const { client } = await apiShopper(store);
    expectProblem(await client.get("/users"), 403);
    const manager = new ApiClient(store, "198.51.100.251");
    await logInStaff(manager, store, DEMO_ACCOUNTS.manager.email, DEMO_ACCOUNTS.manager.password);
    expectProblem(await manager.get("/users"), 403);
    expectProblem(await manager.patch("/users/1", { role: "manager" }), 403);
  });

  test("the admin pages through everyone", async () => {
    const all = await admin.get("/users?limit=100");
    expect(all.status).toBe(200);
    expect(all.json.items.find((u: { email: string }) => u.email === ADMIN.email)).toMatchObject({ role: "admin", active: true, approved: true });
    const first = await admin.get("/users?limit=1");
    expect(first.json.items.length).toBe(1);
    const second = await admin.get(`/users?limit=1&cursor=${first.json.next_cursor}`);
    expect(second.json.items[0].id).not.toBe(first.json.items[0].id);
    expect(expectProblem(await admin.get("/users?cursor=nope"), 400).errors![0]!.path).toBe("cursor");
  });
});

describe("PATCH /users/{id}", () => {
  test("promote and demote through the people rules", async () => {
    const { user } = await apiShopper(store);
    const promoted = await admin.patch(`/users/${user.id}`, { role: "manager" });
    expect(promoted.status).toBe(200);
    expect(promoted.json).toMatchObject({ role: "manager", approved: true, active: true });
    const demoted = await admin.patch(`/users/${user.id}`, { role: "customer" });
    expect(demoted.json).toMatchObject({ role: "customer", approved: false });
  });

  test("asking for what already holds changes nothing and is not an error", async () => {
    const { user } = await apiShopper(store);
    expect((await admin.patch(`/users/${user.id}`, { role: "customer", active: true })).json).toMatchObject({ role: "customer", active: true });
    expect((await admin.patch(`/users/${user.id}`, { role: "manager" })).status).toBe(200);
    const again = await admin.patch(`/users/${user.id}`, { role: "manager" });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ role: "manager", approved: true });
  });

  test("401 without a token and 403 for a customer; bad ids 400", async () => {
    const { client, user } = await apiShopper(store);
    expectProblem(await new ApiClient(store).patch(`/users/${user.id}`, { active: false }), 401);
    expectProblem(await client.patch(`/users/${user.id}`, { active: false }), 403);
    expect(expectProblem(await admin.patch("/users/me", { active: false }), 400).errors![0]!.path).toBe("id");
    expect((await admin.get(`/users?limit=100`)).json.items.find((u: { id: number }) => u.id === user.id).active).toBe(true);
  });

  test("deactivating ends the account's API access at once, access and refresh tokens alike", async () => {
    const { user, client, tokens } = await apiShopper(store);
    expect((await client.get("/me")).status).toBe(200);
    const off = await admin.patch(`/users/${user.id}`, { active: false });
    expect(off.json.active).toBe(false);
    expectProblem(await client.get("/me"), 401);
    expectProblem(await client.post("/auth/refresh", { refresh_token: tokens.refresh_token }), 401);
    expectProblem(await client.post("/auth/token", { email: user.email, password: "fresh-produce-123" }), 401);
    const on = await admin.patch(`/users/${user.id}`, { active: true });
    expect(on.json.active).toBe(true);
    // Tokens issued before the deactivation stay ended (ADR 018); a new log-in works.
    expectProblem(await client.get("/me"), 401);
    await client.logIn(user.email, "fresh-produce-123");
    expect((await client.get("/me")).status).toBe(200);
  });

  test("validation 422 per field; unknown account 404; refused change 409", async () => {
    const { user } = await apiShopper(store);
    expect(expectProblem(await admin.patch(`/users/${user.id}`, { role: "admin" }), 422).errors![0]!.path).toBe("role");
    expect(expectProblem(await admin.patch(`/users/${user.id}`, { active: "no" }), 422).errors![0]!.path).toBe("active");
    expect(expectProblem(await admin.patch(`/users/${user.id}`, {}), 422).errors![0]!.path).toBe("role");
    expectProblem(await admin.patch("/users/999999", { active: false }), 404);
    const adminId = (await admin.get("/me")).json.id;
    expectProblem(await admin.patch(`/users/${adminId}`, { active: false }), 409);
  });
});
