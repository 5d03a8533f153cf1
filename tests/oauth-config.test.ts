import { describe, expect, test } from "bun:test";
import { configuredProviders } from "../src/accounts/oauth/providers";
import { ConfigError, loadConfig } from "../src/config";
import { createTestStore, ORIGIN } from "./support/store";

test("no provider is configured by default", () => {
  expect(configuredProviders(loadConfig({}))).toEqual([]);
});

test("a provider needs its id and secret together, and the OpenID issuer with its client", () => {
  expect(() => loadConfig({ GITHUB_CLIENT_ID: "abc" })).toThrow("GITHUB_CLIENT_SECRET: must be set together with GITHUB_CLIENT_ID");
  expect(() => loadConfig({ OIDC_ISSUER: "https://id.example.com" })).toThrow(ConfigError);
  expect(() => loadConfig({ OIDC_ISSUER: "not a url", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" })).toThrow("OIDC_ISSUER: must be the provider's issuer URL");
  expect(() => loadConfig({ TOTP_ENCRYPTION_KEY: "short" })).toThrow("TOTP_ENCRYPTION_KEY: must be at least 32 characters");
});

test("configured providers come in button order with their labels", () => {
  const config = loadConfig({
    GOOGLE_CLIENT_ID: "g",
    GOOGLE_CLIENT_SECRET: "gs",
    GITHUB_CLIENT_ID: "h",
    GITHUB_CLIENT_SECRET: "hs",
    OIDC_ISSUER: "https://id.example.com",
    OIDC_CLIENT_ID: "o",
    OIDC_CLIENT_SECRET: "os",
    OIDC_NAME: "Corner Shop ID",
  });
  expect(configuredProviders(config).map((provider) => [provider.id, provider.label])).toEqual([
    ["google", "Google"],
    ["github", "GitHub"],
    ["oidc", "Corner Shop ID"],
  ]);
});

describe("Google and GitHub presets (their servers are not reachable here: only the way out is checked)", () => {
  const presets = { GOOGLE_CLIENT_ID: "google-client", GOOGLE_CLIENT_SECRET: "g-secret", GITHUB_CLIENT_ID: "github-client", GITHUB_CLIENT_SECRET: "h-secret" };

  test("Google: PKCE S256, state, nonce, OpenID scopes and our callback on the request origin", async () => {
    const store = await createTestStore({ seed: false, env: presets });
    try {
      const agent = store.agent();
      const html = await (await agent.get("/login")).text();
      expect(html).toContain("Continue with Google");
      expect(html).toContain("Continue with GitHub");
      const response = await agent.get("/auth/google/start?next=/orders");
      expect(response.status).toBe(303);
      const url = new URL(response.headers.get("location")!);
      expect(url.origin).toBe("https://accounts.google.com");
      expect(url.searchParams.get("client_id")).toBe("google-client");
      expect(url.searchParams.get("redirect_uri")).toBe(`${ORIGIN}/auth/google/callback`);
      expect(url.searchParams.get("code_challenge_method")).toBe("S256");
      expect(url.searchParams.get("scope")).toBe("openid email profile");
      expect(url.searchParams.get("nonce")).toBeTruthy();
      expect(url.searchParams.get("state")).toBe(agent.cookies.get("grocer_oauth_state")!);
      expect(agent.cookies.get("grocer_oauth_verifier")).toBeTruthy();
      const cookieLines = response.headers.getSetCookie().join("\n");
      expect(cookieLines).toMatch(/grocer_oauth_state=[^;]+; Max-Age=600; Path=\/auth; HttpOnly; SameSite=Lax/);
    } finally {
      store.close();
    }
  });

  test("GitHub: state and the callback on PUBLIC_URL, asking for the email scope", async () => {
    const store = await createTestStore({ seed: false, env: { ...presets, PUBLIC_URL: "https://shop.example.com" } });
    try {
      const response = await store.agent().get("/auth/github/start");
      const url = new URL(response.headers.get("location")!);
      expect(url.origin).toBe("https://github.com");
      expect(url.searchParams.get("redirect_uri")).toBe("https://shop.example.com/auth/github/callback");
      expect(url.searchParams.get("scope")).toBe("read:user user:email");
      expect(url.searchParams.get("state")).toBeTruthy();
    } finally {
      store.close();
    }
  });
});
