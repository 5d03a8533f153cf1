import { expect, test } from "bun:test";
import { ConfigError, loadConfig } from "../src/config";

test("defaults let the store start with no configuration", () => {
  const config = loadConfig({});
  expect(config.PORT).toBe(3000);
  expect(config.DATABASE_URL).toBe("file:data/grocer.db");
  expect(config.SEED_DEMO_DATA).toBe(true);
  expect(config.secureCookies).toBe(false);
});

test("production turns on secure cookies and stops seeding demo data", () => {
  const config = loadConfig({ NODE_ENV: "production", ADMIN_PASSWORD: "a-long-admin-password", JWT_SECRET: "x".repeat(40), TOTP_ENCRYPTION_KEY: "t".repeat(40) });
  expect(config.secureCookies).toBe(true);
  expect(config.SEED_DEMO_DATA).toBe(false);
});

test("the API's JWT secret: generated outside production (never a constant), required and long enough in production", () => {
  expect(loadConfig({}).generatedSecrets).toContain("JWT_SECRET");
  expect(loadConfig({}).JWT_SECRET).not.toBe(loadConfig({}).JWT_SECRET);
  expect(() => loadConfig({ NODE_ENV: "production", ADMIN_PASSWORD: "a-long-admin-password" })).toThrow(/JWT_SECRET: is required in production/);
  try {
    loadConfig({ JWT_SECRET: "short" });
    throw new Error("expected a ConfigError");
  } catch (error) {
    expect((error as ConfigError).problems).toEqual(["JWT_SECRET: must be at least 32 characters (e.g. openssl rand -base64 48)"]);
  }
  expect(loadConfig({ NODE_ENV: "production", ADMIN_PASSWORD: "a-long-admin-password", JWT_SECRET: "s".repeat(32), TOTP_ENCRYPTION_KEY: "t".repeat(40) }).JWT_SECRET).toBe("s".repeat(32));
});

test("every bad variable is named with what is expected", () => {
  try {
    loadConfig({ PORT: "70000", CURRENCY: "euro", ADMIN_PASSWORD: "short", SEED_DEMO_DATA: "maybe", STORE_TIMEZONE: "Europe/Atlantis" });
    throw new Error("expected a ConfigError");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toContain("PORT: must be 0-65535");
    expect(problems).toContain("CURRENCY: must be a 3-letter ISO currency code such as EUR");
    expect(problems).toContain("ADMIN_PASSWORD: must be at least 12 characters");
    expect(problems).toContain("SEED_DEMO_DATA: must be true or false");
    expect(problems).toContain("STORE_TIMEZONE: must be an IANA time zone such as Europe/Dublin");
  }
});

test("the store's time zone defaults to Dublin and takes any IANA zone", () => {
  expect(loadConfig({}).STORE_TIMEZONE).toBe("Europe/Dublin");
  expect(loadConfig({ STORE_TIMEZONE: "America/New_York" }).STORE_TIMEZONE).toBe("America/New_York");
});

test("production refuses the development key for authenticator secrets", () => {
  expect(() => loadConfig({ NODE_ENV: "production", ADMIN_PASSWORD: "a-long-admin-password", JWT_SECRET: "s".repeat(32) })).toThrow(/TOTP_ENCRYPTION_KEY: must be set in production/);
});
