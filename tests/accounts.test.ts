import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { sessions, users } from "../src/db/schema";
import { ADMIN, createTestStore, type TestStore } from "./support/store";

let store: TestStore;
beforeEach(async () => {
  store = await createTestStore({ seed: false });
});
afterEach(() => store.close());

const ann = { name: "Ann Apple", email: "Ann@Example.com", password: "crunchy-apples-42" };

describe("sign up", () => {
  test("creates a customer, starts a session and redirects home", async () => {
    const agent = store.agent();
    const response = await agent.signUp(ann);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("grocer_session="))!;
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");

    const [user] = await store.db.select().from(users).where(eq(users.email, "ann@example.com"));
    expect(user?.role).toBe("customer");
    expect(user?.passwordHash).toStartWith("$argon2id$");

    const home = await agent.get("/");
    expect(await home.text()).toContain("Ann Apple");
  });

  test("stores only a SHA-256 of the session token", async () => {
    const agent = store.agent();
    await agent.signUp(ann);
    const token = agent.cookies.get("grocer_session")!;
    const rows = await store.db.select().from(sessions);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toBe(token);
    expect(rows[0]!.tokenHash).toBe(new Bun.CryptoHasher("sha256").update(token).digest("hex"));
  });

  test.each([
    [{ ...ann, name: "" }, "Enter your name."],
    [{ ...ann, email: "not-an-email" }, "Enter an email address like name@example.com."],
    [{ ...ann, email: "" }, "Enter your email address."],
    [{ ...ann, password: "short" }, "Use at least 10 characters for your password."],
    [{ ...ann, name: "x".repeat(81) }, "Keep your name under 80 characters."],
  ])("bad input %# answers 422 with the form and its error", async (form, message) => {
    const response = await store.agent().signUp(form);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(message);
    expect(html).toContain('name="email"');
    expect(await store.db.select().from(users).where(eq(users.role, "customer"))).toHaveLength(0);
  });

  test("missing fields answer 422, not 500", async () => {
    const response = await store.agent().post("/signup", {});
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Enter your name.");
  });

  test("a taken email (any case) answers 409 and keeps the first account", async () => {
    await store.agent().signUp(ann);
    const response = await store.agent().signUp({ ...ann, email: "ANN@example.com", name: "Impostor" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("An account with this email already exists");
    const rows = await store.db.select().from(users).where(eq(users.email, "ann@example.com"));
    expect(rows.map((row) => row.name)).toEqual(["Ann Apple"]);
  });

  test("an htmx sign-up gets HX-Redirect instead of a 303, and errors as a fragment", async () => {
    const agent = store.agent();
    const bad = await agent.post("/signup", { ...ann, password: "x" }, { "hx-request": "true", "hx-request-type": "partial" });
    expect(bad.status).toBe(422);
    const fragment = await bad.text();
    expect(fragment).not.toContain("<html");
    expect(fragment).toContain('id="signup-form"');
    const good = await agent.post("/signup", ann, { "hx-request": "true", "hx-request-type": "partial" });
    expect(good.headers.get("hx-redirect")).toBe("/");
  });
});

describe("log in and log out", () => {
  test("logs in with the right password, case-insensitive email, and honours a local next", async () => {
    await store.agent().signUp(ann);
    const agent = store.agent();
    const response = await agent.post("/login", { email: "ANN@example.com", password: ann.password, next: "/account" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account");
    expect(await (await agent.get("/account")).text()).toContain("ann@example.com");
  });

  test("refuses an off-site next and goes home instead", async () => {
    await store.agent().signUp(ann);
    const response = await store.agent().post("/login", { email: ann.email, password: ann.password, next: "//evil.example" });
    expect(response.headers.get("location")).toBe("/");
  });

  test("a wrong password or unknown email answers 401 with one message and no session", async () => {
    await store.agent().signUp(ann);
    for (const attempt of [
      { email: ann.email, password: "wrong-password-1" },
      { email: "nobody@example.com", password: ann.password },
    ]) {
      const agent = store.agent();
      const response = await agent.logIn(attempt.email, attempt.password);
      expect(response.status).toBe(401);
      expect(await response.text()).toContain("That email and password don&#39;t match an account.");
      expect(agent.cookies.has("grocer_session")).toBe(false);
    }
  });

  test("log out ends the session on the server, not just the cookie", async () => {
    const agent = store.agent();
    await agent.signUp(ann);
    const token = agent.cookies.get("grocer_session")!;
    await agent.post("/logout");
    expect(agent.cookies.has("grocer_session")).toBe(false);
    const replay = store.agent();
    replay.cookies.set("grocer_session", token);
    const response = await replay.get("/account");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toStartWith("/login");
  });

  test("after 5 failures the account is locked for 15 minutes, even with the right password", async () => {
    await store.agent().signUp(ann);
    for (let i = 0; i < 5; i++) expect((await store.agent().logIn(ann.email, `wrong-${i}-password`)).status).toBe(401);
    const locked = await store.agent().logIn(ann.email, ann.password);
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBe("900");
    expect(await locked.text()).toContain("Too many failed attempts. Try again in 15 minutes.");

    store.clock.advance(15 * 60 * 1000 + 1);
    expect((await store.agent().logIn(ann.email, ann.password)).status).toBe(303);
  });

  test("one address guessing many accounts is throttled per IP", async () => {
    const agent = store.agent();
    for (let i = 0; i < 20; i++) await agent.logIn(`guess${i}@example.com`, "some-password-1");
    const response = await agent.logIn("fresh@example.com", "some-password-1");
    expect(response.status).toBe(429);
    const other = store.agent();
    other.ip = "198.51.100.9";
    expect((await other.logIn("fresh@example.com", "some-password-1")).status).toBe(401);
  });
});

describe("cross-site request forgery", () => {
  test("a post without Origin or Referer is refused and changes nothing", async () => {
    const response = await store.app.request("http://localhost/signup", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(ann).toString(),
    });
    expect(response.status).toBe(403);
    expect(await store.db.select().from(users).where(eq(users.role, "customer"))).toHaveLength(0);
  });

  test("a post from another origin is refused", async () => {
    const response = await store.agent().post("/signup", ann, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
  });

  test("a same-origin Referer is accepted when Origin is absent", async () => {
    const agent = store.agent();
    const response = await agent.send("/signup", {
      method: "POST",
      headers: { referer: "http://localhost/signup", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(ann).toString(),
    });
    expect(response.status).toBe(303);
  });
});

test("the admin exists from the first start and can log in", async () => {
  const response = await store.agent().logIn(ADMIN.email, ADMIN.password);
  expect(response.status).toBe(303);
});

test("security headers: CSP without unsafe-inline, no framing, nosniff", async () => {
  const response = await store.agent().get("/login");
  const csp = response.headers.get("content-security-policy")!;
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
});
