import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { apiRefreshTokens } from "../src/db/schema";
import { LIMITS } from "../src/accounts/throttle";
import { totpCodeAt } from "../src/accounts/two-factor/totp";
import { ApiClient, apiShopper, enrolStaff, expectProblem } from "./support/api";
import { ADMIN, createTestStore, type TestStore } from "./support/store";

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore({ seed: false });
});
afterAll(() => store.close());

describe("POST /auth/register", () => {
  test("creates a customer (201) without returning secrets", async () => {
    const client = new ApiClient(store, "198.51.100.201");
    const response = await client.post("/auth/register", { email: "New.Person@Example.com", password: "fresh-produce-123", name: "New Person" });
    expect(response.status).toBe(201);
    expect(response.json).toEqual({ id: expect.any(Number), email: "new.person@example.com", name: "New Person", role: "customer" });
  });

  test("each invalid field is named in the problem", async () => {
    const client = new ApiClient(store, "198.51.100.202");
    const problem = expectProblem(await client.post("/auth/register", { email: "not-an-email", password: "short", name: "" }), 422);
    expect(problem.errors!.map((error) => error.path).sort()).toEqual(["email", "name", "password"]);
    const missing = expectProblem(await client.post("/auth/register", {}), 422);
    expect(missing.errors!.map((error) => error.path).sort()).toEqual(["email", "name", "password"]);
  });

  test("a taken email is a 409 on the email field", async () => {
    const client = new ApiClient(store, "198.51.100.203");
    const body = { email: "taken@example.com", password: "fresh-produce-123", name: "Taken" };
    expect((await client.post("/auth/register", body)).status).toBe(201);
    const problem = expectProblem(await client.post("/auth/register", body), 409);
    expect(problem.errors).toEqual([{ path: "email", message: "is already registered" }]);
  });

  test("malformed JSON is a 400 problem, not a 500", async () => {
    const client = new ApiClient(store, "198.51.100.204");
    const problem = expectProblem(await client.call("POST", "/auth/register", { raw: '{"email": ' }), 400);
    expect(problem.detail).toContain("not valid JSON");
  });
});

describe("POST /auth/token and GET /me", () => {
  test("a token pair for the right password; /me reads the bearer token", async () => {
    const { client, email, tokens } = await apiShopper(store);
    expect(tokens).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: "Bearer", expires_in: 900 });
    const again = await client.post("/auth/token", { email, password: "fresh-produce-123" });
    expect(again.headers.get("cache-control")).toBe("no-store");
    const claims = JSON.parse(Buffer.from(tokens.access_token.split(".")[1]!, "base64url").toString());
    expect(Object.keys(claims).sort()).toEqual(["exp", "iat", "jti", "role", "sid", "sub"]);
    expect(claims.exp - claims.iat).toBe(900);
    const me = await client.get("/me");
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ email, role: "customer" });
  });

  test("wrong password 401; missing fields 422 by field", async () => {
    const client = new ApiClient(store, "198.51.100.205");
    expectProblem(await client.post("/auth/token", { email: ADMIN.email, password: "wrong-password-000" }), 401);
    const problem = expectProblem(await client.post("/auth/token", { email: "" }), 422);
    expect(problem.errors!.map((error) => error.path).sort()).toEqual(["email", "password"]);
  });

  test("/me without, with a garbage, a forged or an expired token is 401 with WWW-Authenticate", async () => {
    const { client, tokens } = await apiShopper(store);
    const none = await client.get("/me", { token: null });
    expectProblem(none, 401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="grocer"');
    const garbage = await client.get("/me", { token: "not.a.jwt" });
    expectProblem(garbage, 401);
    expect(garbage.headers.get("www-authenticate")).toBe('Bearer realm="grocer", error="invalid_token"');
    const [header, payload] = tokens.access_token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), role: "admin", sub: "1" })).toString("base64url");
    expectProblem(await client.get("/me", { token: `${header}.${forged}.${tokens.access_token.split(".")[2]}` }), 401);
    store.clock.advance(15 * 60 * 1000 + 1000);
    try {
      expectProblem(await client.get("/me"), 401);
    } finally {
      store.clock.advance(-(15 * 60 * 1000 + 1000));
    }
  });

  test("session cookies are ignored by the API", async () => {
    const agent = store.agent();
    await agent.logIn(ADMIN.email, ADMIN.password);
    expect(agent.cookies.size).toBeGreaterThan(0);
    const response = await agent.get("/api/v1/me");
    expect(response.status).toBe(401);
  });

  test("a shopper's session cookie does not authorize a write either, and a bearer write needs no CSRF check", async () => {
    const { client, email } = await apiShopper(store);
    const agent = store.agent();
    await agent.logIn(email, "fresh-produce-123");
    expect(agent.cookies.size).toBeGreaterThan(0);
    const json = { "content-type": "application/json", origin: "http://localhost" };
    const withCookie = await agent.send("/api/v1/wishlist/1", { method: "PUT", headers: json });
    expect(withCookie.status).toBe(401);
    expect(withCookie.headers.get("content-type")).toStartWith("application/problem+json");
    // The token is what counts: from another origin, with no cookie, the same write is not refused as cross-site.
    const fromElsewhere = await client.call("PUT", "/cart/items/999999", { body: { quantity: 1 }, headers: { origin: "https://elsewhere.example" } });
    expect(fromElsewhere.status).toBe(404);
  });
});

describe("POST /auth/refresh and /auth/revoke", () => {
  test("rotation: a new pair, the old refresh token stops working, and reusing it revokes the family", async () => {
    const { client, tokens } = await apiShopper(store);
    const first = await client.post("/auth/refresh", { refresh_token: tokens.refresh_token });
    expect(first.status).toBe(200);
    expect(first.json.refresh_token).not.toBe(tokens.refresh_token);
    client.token = first.json.access_token;
    expect((await client.get("/me")).status).toBe(200);

    const second = await client.post("/auth/refresh", { refresh_token: first.json.refresh_token });
    expect(second.status).toBe(200);

    // The first refresh token was already used: presenting it again is a theft signal.
    const reuse = expectProblem(await client.post("/auth/refresh", { refresh_token: tokens.refresh_token }), 401);
    expect(reuse.detail).toContain("revoked");
    // ...and the newest token of the family no longer works either.
    expectProblem(await client.post("/auth/refresh", { refresh_token: second.json.refresh_token }), 401);
    const rows = await store.db.select().from(apiRefreshTokens);
    const family = rows.filter((row) => row.familyId === rows.find((r) => r.usedAt && r.revokedAt)?.familyId);
    expect(family.length).toBe(3);
    expect(family.every((row) => row.revokedAt !== null)).toBe(true);
  });

  test("two simultaneous uses of one refresh token: at most one pair is issued, and the family ends revoked", async () => {
    const { client, tokens } = await apiShopper(store);
    const answers = await Promise.all([0, 1].map(() => client.post("/auth/refresh", { refresh_token: tokens.refresh_token })));
    expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(1);
    expect(answers.filter((answer) => answer.status === 401).length).toBeGreaterThanOrEqual(1);
    for (const winner of answers.filter((answer) => answer.status === 200)) {
      expectProblem(await client.post("/auth/refresh", { refresh_token: winner.json.refresh_token }), 401);
    }
  });

  test("only hashes of refresh tokens are stored", async () => {
    const { tokens } = await apiShopper(store);
    const stored = await store.db.select().from(apiRefreshTokens);
    expect(stored.some((row) => row.tokenHash === tokens.refresh_token)).toBe(false);
  });

  test("revoke answers 204 and ends the log-in; unknown tokens 204 too; invalid body 422", async () => {
    const { client, tokens } = await apiShopper(store);
    const revoked = await client.post("/auth/revoke", { refresh_token: tokens.refresh_token });
    expect(revoked.status).toBe(204);
    expectProblem(await client.post("/auth/refresh", { refresh_token: tokens.refresh_token }), 401);
    expect((await client.post("/auth/revoke", { refresh_token: "never-issued" })).status).toBe(204);
    expect(expectProblem(await client.post("/auth/revoke", {}), 422).errors![0]!.path).toBe("refresh_token");
    expect(expectProblem(await client.post("/auth/refresh", { refresh_token: 42 }), 422).errors![0]!.path).toBe("refresh_token");
  });

  test("an unknown or expired refresh token is 401", async () => {
    const { client, tokens } = await apiShopper(store);
    expectProblem(await client.post("/auth/refresh", { refresh_token: "made-up-token" }), 401);
    store.clock.advance(31 * 24 * 60 * 60 * 1000);
    try {
      expectProblem(await client.post("/auth/refresh", { refresh_token: tokens.refresh_token }), 401);
    } finally {
      store.clock.advance(-31 * 24 * 60 * 60 * 1000);
    }
  });
});

describe("rate limit on /auth/*", () => {
  test("RateLimit-* headers on every answer; 429 with Retry-After past the limit, per address", async () => {
    const client = new ApiClient(store, "192.0.2.99");
    const first = await client.post("/auth/refresh", { refresh_token: "x" });
    expect(first.headers.get("ratelimit-limit")).toBe("30");
    expect(first.headers.get("ratelimit-remaining")).toBe("29");
    expect(Number(first.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    for (let i = 0; i < 29; i++) await client.post("/auth/refresh", { refresh_token: "x" });
    const limited = await client.post("/auth/refresh", { refresh_token: "x" });
    expectProblem(limited, 429);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not affected; the next window starts afresh.
    expect((await new ApiClient(store, "192.0.2.100").post("/auth/refresh", { refresh_token: "x" })).status).toBe(401);
    store.clock.advance(60_000);
    try {
      expect((await client.post("/auth/refresh", { refresh_token: "x" })).status).toBe(401);
    } finally {
      store.clock.advance(-60_000);
    }
  });

  test("log-in throttling from the web shop also guards /auth/token", async () => {
    const client = new ApiClient(store, "192.0.2.150");
    for (let i = 0; i < 5; i++) await client.post("/auth/token", { email: "taken@example.com", password: "wrong-password-000" });
    const locked = expectProblem(await client.post("/auth/token", { email: "taken@example.com", password: "fresh-produce-123" }), 429);
    expect(locked.detail).toContain("failed log-ins");
  });
});

describe("POST /auth/token for staff: a second factor", () => {
  const token = (client: ApiClient, totp_code?: string) =>
    client.post("/auth/token", { email: ADMIN.email, password: ADMIN.password, ...(totp_code === undefined ? {} : { totp_code }) });
  let secret = "";
  let recoveryCodes: string[] = [];

  test("staff without an authenticator get 403 pointing to the setup page, even with a code", async () => {
    const client = new ApiClient(store, "198.51.100.60");
    const problem = expectProblem(await token(client), 403);
    expect(problem.detail).toContain("/account/two-factor");
    expectProblem(await token(client, "123456"), 403);
  });

  test("once set up: no code 401, wrong code 401, right code 200, the same code again 401", async () => {
    ({ secret, recoveryCodes } = await enrolStaff(store, ADMIN.email, ADMIN.password));
    const client = new ApiClient(store, "198.51.100.61");
    const missing = expectProblem(await token(client), 401);
    expect(missing.detail).toBe("This account needs a code from its authenticator app: send totp_code.");
    expectProblem(await token(client, ""), 401);

    store.clock.advance(30_000);
    const right = totpCodeAt(secret, store.clock.now());
    const wrong = expectProblem(await token(client, right === "000000" ? "111111" : "000000"), 401);
    expect(wrong.detail).toContain("not right");

    const ok = await token(client, right);
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: "Bearer", expires_in: 900 });
    client.token = ok.json.access_token;
    expect((await client.get("/me")).json).toMatchObject({ email: ADMIN.email, role: "admin" });

    const reused = expectProblem(await token(client, right), 401);
    expect(reused.detail).toContain("already used");

    // Refreshing keeps working without a code: the family was opened with the second factor.
    const refreshed = await client.post("/auth/refresh", { refresh_token: ok.json.refresh_token });
    expect(refreshed.status).toBe(200);
  });

  test("a recovery code works once", async () => {
    const client = new ApiClient(store, "198.51.100.62");
    const code = recoveryCodes[0]!;
    expect((await token(client, code)).status).toBe(200);
    expect(expectProblem(await token(client, code), 401).detail).toContain("not right");
  });

  test("a wrong password is refused before any code is looked at", async () => {
    const client = new ApiClient(store, "198.51.100.63");
    store.clock.advance(30_000);
    const problem = expectProblem(await client.post("/auth/token", { email: ADMIN.email, password: "wrong-password-000", totp_code: totpCodeAt(secret, store.clock.now()) }), 401);
    expect(problem.detail).toContain("email and password");
  });

  test("too many wrong codes: 429 with Retry-After, even for the right code", async () => {
    const client = new ApiClient(store, "198.51.100.64");
    store.clock.advance(30_000);
    const right = totpCodeAt(secret, store.clock.now());
    const wrong = right === "000000" ? "111111" : "000000";
    // The reused recovery code above already counted as one failure: the lock comes by the fifth wrong code.
    const answers: number[] = [];
    for (let i = 0; i < LIMITS.totp; i++) answers.push((await token(client, wrong)).status);
    expect(answers.slice(0, LIMITS.totp - 1)).toEqual(Array(LIMITS.totp - 1).fill(401));
    const locked = await token(client, right);
    expect(expectProblem(locked, 429).detail).toContain("Too many wrong codes");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("customers need no code", async () => {
    const { client, email } = await apiShopper(store, "198.51.100.65");
    const again = await client.post("/auth/token", { email, password: "fresh-produce-123" });
    expect(again.status).toBe(200);
    expect(again.json.token_type).toBe("Bearer");
  });
});
