import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { staffTokenRequiresSecondFactor } from "../src/accounts/two-factor/store";
import { matchingStep, newTotpSecret, totpCodeAt } from "../src/accounts/two-factor/totp";
import { recoveryCodes, totpSecrets, users } from "../src/db/schema";
import { createTestStore, textOf, type Agent, type TestStore } from "./support/store";
import { setUpTwoFactor } from "./support/two-factor";

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
});
afterAll(() => store.close());

let counter = 0;
async function shopperWithTwoFactor() {
  counter += 1;
  const account = { name: `Basil ${counter}`, email: `basil${counter}@example.com`, password: "basil-leaves-2026" };
  const agent = store.agent();
  expect((await agent.signUp(account)).status).toBe(303);
  const enrolled = await setUpTwoFactor(agent, store.clock);
  await agent.post("/logout");
  return { account, ...enrolled };
}

/** Logs in with the password and returns the agent waiting at the second step. */
async function passwordStep(account: { email: string; password: string }): Promise<Agent> {
  const agent = store.agent();
  const response = await agent.logIn(account.email, account.password);
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/login/two-factor");
  return agent;
}

const signedIn = async (agent: Agent) => (await agent.get("/account")).status === 200;

describe("TOTP codes (RFC 6238, frozen clock)", () => {
  const secret = "JBSWY3DPEHPK3PXP";
  const at = new Date("2026-11-20T10:00:15Z");

  test("the code of this step and of one step either side match; two steps away does not", () => {
    const step = Math.floor(at.getTime() / 30_000);
    expect(matchingStep(secret, totpCodeAt(secret, at), at)).toBe(step);
    expect(matchingStep(secret, totpCodeAt(secret, new Date(at.getTime() - 30_000)), at)).toBe(step - 1);
    expect(matchingStep(secret, totpCodeAt(secret, new Date(at.getTime() + 30_000)), at)).toBe(step + 1);
    expect(matchingStep(secret, totpCodeAt(secret, new Date(at.getTime() + 60_000)), at)).toBeNull();
    expect(matchingStep(secret, "12345", at)).toBeNull();
    expect(matchingStep(secret, "abcdef", at)).toBeNull();
  });

  test("RFC 6238 test vector (SHA-1, T = 59 s) gives 287082", () => {
    // The RFC's ASCII key "12345678901234567890" in base32.
    const rfcKey = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(totpCodeAt(rfcKey, new Date(59_000))).toBe("287082");
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
  });
});

describe("two-step log in", () => {
  test("the secret is stored sealed, never as the key shown to the person", async () => {
    const { account, secret } = await shopperWithTwoFactor();
    const [user] = await store.db.select().from(users).where(eq(users.email, account.email));
    const [row] = await store.db.select().from(totpSecrets).where(eq(totpSecrets.userId, user!.id));
    expect(row!.sealedSecret).toStartWith("v1.");
    expect(row!.sealedSecret).not.toContain(secret);
    const codes = await store.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user!.id));
    expect(codes).toHaveLength(10);
  });

  test("right code signs in; wrong code is refused; no session before the code", async () => {
    const { account, secret } = await shopperWithTwoFactor();
    const agent = await passwordStep(account);
    expect(await signedIn(agent)).toBe(false);

    const wrong = await agent.post("/login/two-factor", { code: "000000" === totpCodeAt(secret, store.clock.now()) ? "111111" : "000000" });
    expect(wrong.status).toBe(422);
    expect(await textOf(wrong)).toContain("That code is not right");
    expect(await signedIn(agent)).toBe(false);

    store.clock.advance(30_000);
    const right = await agent.post("/login/two-factor", { code: totpCodeAt(secret, store.clock.now()) });
    expect(right.status).toBe(303);
    expect(right.headers.get("location")).toBe("/");
    expect(await signedIn(agent)).toBe(true);
  });

  test("a code already used is refused, even within its 30 seconds; the next step's code works", async () => {
    const { account, secret } = await shopperWithTwoFactor();
    store.clock.advance(30_000);
    const code = totpCodeAt(secret, store.clock.now());
    const first = await passwordStep(account);
    expect((await first.post("/login/two-factor", { code })).status).toBe(303);

    const second = await passwordStep(account);
    const reused = await second.post("/login/two-factor", { code });
    expect(reused.status).toBe(422);
    expect(await textOf(reused)).toContain("That code was already used");
    expect(await signedIn(second)).toBe(false);

    store.clock.advance(30_000);
    expect((await second.post("/login/two-factor", { code: totpCodeAt(secret, store.clock.now()) })).status).toBe(303);
    expect(await signedIn(second)).toBe(true);
  });

  test("a recovery code signs in once, then no more", async () => {
    const { account, recoveryCodes: codes } = await shopperWithTwoFactor();
    const agent = await passwordStep(account);
    const used = await agent.post("/login/two-factor", { code: codes[3]!.toUpperCase() });
    expect(used.status).toBe(303);
    expect(await signedIn(agent)).toBe(true);

    const again = await passwordStep(account);
    const refused = await again.post("/login/two-factor", { code: codes[3]! });
    expect(refused.status).toBe(422);
    expect(await signedIn(again)).toBe(false);
    expect((await again.post("/login/two-factor", { code: codes[4]! })).status).toBe(303);
  });

  test("wrong codes are throttled per account", async () => {
    const { account, secret } = await shopperWithTwoFactor();
    const agent = await passwordStep(account);
    const right = totpCodeAt(secret, store.clock.now());
    const wrongCode = right === "999999" ? "999998" : "999999";
    for (let i = 0; i < 5; i += 1) await agent.post("/login/two-factor", { code: wrongCode });
    store.clock.advance(30_000);
    const blocked = await agent.post("/login/two-factor", { code: totpCodeAt(secret, store.clock.now()) });
    expect(blocked.status).toBe(429);
    expect(await textOf(blocked)).toContain("Too many wrong codes");
    expect(await signedIn(agent)).toBe(false);
    store.clock.advance(16 * 60_000);
  });

  test("a customer can turn it off with a current code; logging in then needs only the password", async () => {
    const { account, secret } = await shopperWithTwoFactor();
    const agent = await passwordStep(account);
    store.clock.advance(30_000);
    await agent.post("/login/two-factor", { code: totpCodeAt(secret, store.clock.now()) });
    expect((await agent.post("/account/two-factor/disable", { code: "123" })).status).toBe(422);
    store.clock.advance(30_000);
    const off = await agent.post("/account/two-factor/disable", { code: totpCodeAt(secret, store.clock.now()) });
    expect(off.status).toBe(303);
    const plain = await store.agent().logIn(account.email, account.password);
    expect(plain.headers.get("location")).toBe("/");
  });

  test("the setup page shows a QR code as a data: image (no inline script or style)", async () => {
    const agent = store.agent();
    await agent.signUp({ name: "Sage", email: "sage@example.com", password: "sage-leaves-2026" });
    const html = await (await agent.get("/account/two-factor")).text();
    expect(html).toContain('src="data:image/svg+xml;base64,');
    expect(html).not.toContain("style=");
  });
});

describe("staff API tokens", () => {
  test("need a second factor for managers and the admin, not for shoppers", () => {
    expect(staffTokenRequiresSecondFactor({ role: "admin" })).toBe(true);
    expect(staffTokenRequiresSecondFactor({ role: "manager" })).toBe(true);
    expect(staffTokenRequiresSecondFactor({ role: "customer" })).toBe(false);
  });
});
