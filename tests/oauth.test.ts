import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { createRemoteJWKSet } from "jose";
import { verifyIdToken } from "../src/accounts/oauth/id-token";
import { linkedIdentities, users } from "../src/db/schema";
import { startOidcProvider, type RunningOidcProvider } from "./support/oidc";
import { totpCodeAt } from "../src/accounts/two-factor/totp";
import { createTestStore, ORIGIN, textOf, type Agent, type TestStore } from "./support/store";
import { setUpTwoFactor } from "./support/two-factor";

// A real OpenID provider (npm oidc-provider) on 127.0.0.1; the store runs in process on a real database file.
const REDIRECT_URI = `${ORIGIN}/auth/oidc/callback`;
const people = {
  fennel: { email: "fennel@example.com", emailVerified: true, name: "Fennel Seed" },
  sorrel: { email: "sorrel@example.com", emailVerified: false, name: "Sorrel Leaf" },
  mallory: { email: "cress@example.com", emailVerified: false, name: "Not Cress" },
  chervil: { email: "chervil@example.com", emailVerified: true, name: "Chervil" },
  lovage: { email: "lovage-elsewhere@example.com", emailVerified: true, name: "Lovage" },
};

let provider: RunningOidcProvider;
let store: TestStore;
beforeAll(async () => {
  provider = await startOidcProvider({ redirectUri: REDIRECT_URI, people });
  store = await createTestStore({
    seed: false,
    env: { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_NAME: "Test ID" },
  });
  // ID tokens carry the provider's real time; the store's clock must agree with it.
  store.clock.set(new Date());
});
afterAll(async () => {
  store?.close();
  await provider?.stop();
});

/** Starts at our /auth/oidc/start, signs in at the provider, and returns the redirect back to the store. */
async function throughProvider(agent: Agent, login: string, start = "/auth/oidc/start"): Promise<URL> {
  const started = start.startsWith("/auth/oidc/start") ? await agent.get(start) : await agent.post(start);
  expect(started.status).toBe(303);
  const authorization = new URL(started.headers.get("location")!);
  expect(authorization.origin).toBe(provider.url);
  expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorization.searchParams.get("nonce")).toBeTruthy();
  return provider.authorize(authorization.toString(), login);
}

const callbackPath = (url: URL) => `${url.pathname}${url.search}`;
const userByEmail = async (email: string) => (await store.db.select().from(users).where(eq(users.email, email)))[0];

describe("sign in with an OpenID provider", () => {
  test("the log-in page shows only the configured provider's button", async () => {
    const html = await textOf(await store.agent().get("/login"));
    expect(html).toContain('href="/auth/oidc/start"');
    expect(html).toContain("Continue with Test ID");
    expect(html).not.toContain("/auth/google/start");
    expect(html).not.toContain("/auth/github/start");
    expect((await store.agent().get("/auth/google/start")).status).toBe(404);
  });

  test("first sign-in creates a shopper account; signing in again opens the same account", async () => {
    const agent = store.agent();
    const back = await throughProvider(agent, "fennel");
    expect(back.searchParams.get("code")).toBeTruthy();
    const signedIn = await agent.get(callbackPath(back));
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/");
    const created = await userByEmail("fennel@example.com");
    expect(created?.role).toBe("customer");
    expect(created?.passwordHash).toBeNull();
    expect(created?.name).toBe("Fennel Seed");
    const account = await textOf(await agent.get("/account"));
    expect(account).toContain("fennel@example.com");
    expect(account).toContain("your only way in");

    expect((await agent.post("/logout")).status).toBe(303);
    expect((await agent.get("/account")).status).toBe(303);

    const again = store.agent();
    const secondBack = await throughProvider(again, "fennel");
    expect((await again.get(callbackPath(secondBack))).status).toBe(303);
    expect(await textOf(await again.get("/account"))).toContain("fennel@example.com");
    expect(await store.db.select().from(users).where(eq(users.email, "fennel@example.com"))).toHaveLength(1);
    const links = await store.db.select().from(linkedIdentities).where(eq(linkedIdentities.userId, created!.id));
    expect(links.map((link) => [link.provider, link.subject])).toEqual([["oidc", "fennel"]]);
  });

  test("a state that does not match the one we set is refused", async () => {
    const agent = store.agent();
    const back = await throughProvider(agent, "fennel");
    back.searchParams.set("state", "someone-elses-state");
    const refused = await agent.get(callbackPath(back));
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("the state does not match");
    expect((await agent.get("/account")).status).toBe(303);
  });

  test("a callback with no sign-in started here (no state cookie) is refused", async () => {
    const back = await throughProvider(store.agent(), "fennel");
    const stranger = store.agent();
    const refused = await stranger.get(callbackPath(back));
    expect(refused.status).toBe(400);
    expect((await stranger.get("/account")).status).toBe(303);
  });

  test("a replayed code is refused by the provider and shown as a clear error, not a 500", async () => {
    const agent = store.agent();
    const back = await throughProvider(agent, "fennel");
    const flowCookies = new Map(agent.cookies);
    expect((await agent.get(callbackPath(back))).status).toBe(303);

    // Someone replays the same answer with the same flow cookies.
    const replayer = store.agent();
    for (const [name, value] of flowCookies) replayer.cookies.set(name, value);
    const replayed = await replayer.get(callbackPath(back));
    expect(replayed.status).toBe(400);
    expect(await textOf(replayed)).toContain("refused this sign-in code (invalid_grant)");
    expect((await replayer.get("/account")).status).toBe(303);
  });

  test("an answer naming another issuer is refused", async () => {
    const agent = store.agent();
    const back = await throughProvider(agent, "fennel");
    expect(back.searchParams.get("iss")).toBe(provider.issuer);
    back.searchParams.set("iss", "https://evil.example");
    const refused = await agent.get(callbackPath(back));
    expect(refused.status).toBe(400);
    expect(await textOf(refused)).toContain("different issuer");
  });

  test("an ID token from this provider does not pass as another issuer's, nor with another nonce", async () => {
    const agent = store.agent();
    const back = await throughProvider(agent, "fennel");
    // Exchange the code ourselves with the verifier the store kept, to hold the real ID token.
    const verifier = agent.cookies.get("grocer_oauth_verifier")!;
    const flow = JSON.parse(Buffer.from(agent.cookies.get("grocer_oauth_flow")!, "base64url").toString()) as { nonce: string };
    const response = await fetch(`${provider.url}/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${provider.clientId}:${provider.clientSecret}`).toString("base64")}`,
      },
      body: new URLSearchParams({ grant_type: "authorization_code", code: back.searchParams.get("code")!, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
    });
    const { id_token: idToken } = (await response.json()) as { id_token: string };
    const jwks = createRemoteJWKSet(new URL(`${provider.url}/jwks`));
    const expected = { issuer: provider.issuer, audience: provider.clientId, jwks, nonce: flow.nonce, now: new Date() };
    expect((await verifyIdToken(idToken, expected)).subject).toBe("fennel");
    await expect(verifyIdToken(idToken, { ...expected, issuer: "http://127.0.0.2:1" })).rejects.toThrow("could not be verified");
    await expect(verifyIdToken(idToken, { ...expected, audience: "another-client" })).rejects.toThrow("could not be verified");
    await expect(verifyIdToken(idToken, { ...expected, nonce: "other" })).rejects.toThrow("does not belong");
    await expect(verifyIdToken(idToken, { ...expected, now: new Date(Date.now() + 3 * 3600_000) })).rejects.toThrow("could not be verified");
    await expect(verifyIdToken(`${idToken.slice(0, -4)}AAAA`, expected)).rejects.toThrow("could not be verified");
  });

  test("a provider whose discovery document names another issuer is refused at the start", async () => {
    const liar = await startOidcProvider({ redirectUri: REDIRECT_URI, people, issuerHost: "localhost" });
    const other = await createTestStore({
      seed: false,
      env: { OIDC_ISSUER: liar.url, OIDC_CLIENT_ID: liar.clientId, OIDC_CLIENT_SECRET: liar.clientSecret },
    });
    try {
      const refused = await other.agent().get("/auth/oidc/start");
      expect(refused.status).toBe(502);
      expect(await textOf(refused)).toContain("different issuer");
    } finally {
      other.close();
      await liar.stop();
    }
  });
});

describe("two-step sign-in after a provider", () => {
  test("an account with an authenticator gets no session from the provider alone", async () => {
    const agent = store.agent();
    await agent.signUp({ name: "Lovage", email: "lovage@example.com", password: "lovage-leaves-2026" });
    const { secret } = await setUpTwoFactor(agent, store.clock);
    await agent.post("/logout");

    const lovage = store.agent();
    await lovage.logIn("lovage@example.com", "lovage-leaves-2026");
    store.clock.advance(30_000);
    expect((await lovage.post("/login/two-factor", { code: totpCodeAt(secret, store.clock.now()) })).status).toBe(303);
    const linked = await lovage.get(callbackPath(await throughProvider(lovage, "lovage", "/auth/oidc/link")));
    expect(linked.headers.get("location")).toBe("/account");
    await lovage.post("/logout");

    const viaProvider = store.agent();
    const answer = await viaProvider.get(callbackPath(await throughProvider(viaProvider, "lovage")));
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe("/login/two-factor");
    expect((await viaProvider.get("/account")).status).toBe(303);
    store.clock.advance(30_000);
    expect((await viaProvider.post("/login/two-factor", { code: totpCodeAt(secret, store.clock.now()) })).status).toBe(303);
    expect(await textOf(await viaProvider.get("/account"))).toContain("lovage@example.com");
  });
});

describe("linking accounts", () => {
  test("an unverified provider email never opens or links the existing account with that email", async () => {
    const owner = store.agent();
    await owner.signUp({ name: "Cress", email: "cress@example.com", password: "cress-leaves-2026" });
    const agent = store.agent();
    const back = await throughProvider(agent, "mallory");
    const refused = await agent.get(callbackPath(back));
    expect(refused.status).toBe(409);
    expect(await textOf(refused)).toContain("has not verified the email cress@example.com");
    expect((await agent.get("/account")).status).toBe(303);
    expect(await store.db.select().from(linkedIdentities).where(eq(linkedIdentities.subject, "mallory"))).toHaveLength(0);
  });

  test("an unverified email with no account creates nothing", async () => {
    const agent = store.agent();
    const refused = await agent.get(callbackPath(await throughProvider(agent, "sorrel")));
    expect(refused.status).toBe(409);
    expect(await userByEmail("sorrel@example.com")).toBeUndefined();
  });

  test("a verified email matching an account links to it", async () => {
    const owner = store.agent();
    await owner.signUp({ name: "Chervil", email: "chervil@example.com", password: "chervil-leaves-2026" });
    const agent = store.agent();
    expect((await agent.get(callbackPath(await throughProvider(agent, "chervil")))).status).toBe(303);
    const user = await userByEmail("chervil@example.com");
    expect(user?.passwordHash).toBeTruthy();
    const links = await store.db.select().from(linkedIdentities).where(eq(linkedIdentities.userId, user!.id));
    expect(links).toHaveLength(1);
  });

  test("a signed-in shopper links the provider, unlinks it, and can't unlink the last way in", async () => {
    const agent = store.agent();
    await agent.signUp({ name: "Dill", email: "dill@example.com", password: "dill-weed-2026-x" });
    expect(await textOf(await agent.get("/account"))).toContain('action="/auth/oidc/link"');
    const back = await throughProvider(agent, "sorrel", "/auth/oidc/link");
    const linked = await agent.get(callbackPath(back));
    expect(linked.status).toBe(303);
    expect(linked.headers.get("location")).toBe("/account");
    const dill = await userByEmail("dill@example.com");
    const [link] = await store.db.select().from(linkedIdentities).where(eq(linkedIdentities.userId, dill!.id));
    expect(link?.subject).toBe("sorrel");

    // Someone else cannot unlink it.
    const other = store.agent();
    await other.signUp({ name: "Other", email: "other@example.com", password: "other-person-2026" });
    expect((await other.post(`/account/identities/${link!.id}/unlink`)).status).toBe(404);

    expect((await agent.post(`/account/identities/${link!.id}/unlink`)).status).toBe(303);
    expect(await store.db.select().from(linkedIdentities).where(eq(linkedIdentities.userId, dill!.id))).toHaveLength(0);

    // Fennel's account has no password and one provider: that link stays.
    const fennel = store.agent();
    expect((await fennel.get(callbackPath(await throughProvider(fennel, "fennel")))).status).toBe(303);
    const fennelUser = await userByEmail("fennel@example.com");
    const [only] = await store.db.select().from(linkedIdentities).where(eq(linkedIdentities.userId, fennelUser!.id));
    const refused = await fennel.post(`/account/identities/${only!.id}/unlink`);
    expect(refused.status).toBe(409);
    expect(await textOf(refused)).toContain("only way into your account");
  });
});
