import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createTestStore, type Agent, type TestStore } from "./support/store";

// Issue 18 item 8: a stranger's five wrong passwords lock the account, but not for a browser the
// owner has signed in with before (OWASP device cookies); that browser is throttled on its own.
let store: TestStore;
beforeEach(async () => {
  store = await createTestStore({ seed: false });
});
afterEach(() => store.close());

const basil = { name: "Basil Leaf", email: "Basil@Example.com", password: "sweet-basil-2026" };
const rosemary = { name: "Rosemary Sprig", email: "rosemary@example.com", password: "rosemary-sprig-77" };

async function strangerLocks(email: string) {
  const stranger = store.agent();
  stranger.ip = "198.51.100.66";
  for (let i = 0; i < 5; i++) expect((await stranger.logIn(email, `guess-${i}-password`)).status).toBe(401);
  expect((await stranger.logIn(email, basil.password)).status).toBe(429);
}

async function ownersBrowser(): Promise<Agent> {
  const owner = store.agent();
  expect((await owner.signUp(basil)).status).toBe(303);
  expect((await owner.post("/logout")).status).toBe(303);
  return owner;
}

describe("device cookies against lockouts", () => {
  test("signing in leaves an HttpOnly device cookie for /login that carries no email", async () => {
    const owner = store.agent();
    const response = await owner.signUp(basil);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("grocer_device="))!;
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Path=/login");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie.toLowerCase()).not.toContain("basil");
  });

  test("a browser that signed in before gets through the lock a stranger caused; a new browser does not", async () => {
    const owner = await ownersBrowser();
    await strangerLocks(basil.email);
    expect((await owner.logIn(basil.email, basil.password)).status).toBe(303);
    expect((await store.agent().logIn(basil.email, basil.password)).status).toBe(429);
  });

  test("the trusted browser is throttled on its own: five wrong passwords lock that browser", async () => {
    const owner = await ownersBrowser();
    for (let i = 0; i < 5; i++) expect((await owner.logIn(basil.email, `typo-${i}-password`)).status).toBe(401);
    expect((await owner.logIn(basil.email, basil.password)).status).toBe(429);
    // The owner's mistakes on their own browser did not lock the account for a second browser.
    expect((await store.agent().logIn(basil.email, basil.password)).status).toBe(303);
  });

  test("a device cookie for one account does not open another account's lock, and a forged one is ignored", async () => {
    const owner = await ownersBrowser();
    await store.agent().signUp(rosemary);
    const stranger = store.agent();
    stranger.ip = "198.51.100.67";
    for (let i = 0; i < 5; i++) await stranger.logIn(rosemary.email, `guess-${i}-password`);
    expect((await owner.logIn(rosemary.email, rosemary.password)).status).toBe(429);

    await strangerLocks(basil.email);
    const forger = store.agent();
    const [nonce] = owner.cookies.get("grocer_device")!.split(".");
    forger.cookies.set("grocer_device", `${nonce}.${"A".repeat(43)}`);
    expect((await forger.logIn(basil.email, basil.password)).status).toBe(429);
  });

  test("per-address throttling still holds for a trusted browser", async () => {
    const owner = await ownersBrowser();
    for (let i = 0; i < 20; i++) await owner.logIn(`guess${i}@example.com`, "some-password-1");
    expect((await owner.logIn(basil.email, basil.password)).status).toBe(429);
  });
});
