import { expect, test } from "bun:test";
import { configuredProviders } from "../src/accounts/oauth/providers";
import { ConfigError, loadConfig } from "../src/config";

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
