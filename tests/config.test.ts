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
  const config = loadConfig({ NODE_ENV: "production", ADMIN_PASSWORD: "a-long-admin-password" });
  expect(config.secureCookies).toBe(true);
  expect(config.SEED_DEMO_DATA).toBe(false);
});

test("every bad variable is named with what is expected", () => {
  try {
    loadConfig({ PORT: "70000", CURRENCY: "euro", ADMIN_PASSWORD: "short", SEED_DEMO_DATA: "maybe" });
    throw new Error("expected a ConfigError");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toContain("PORT: must be 0-65535");
    expect(problems).toContain("CURRENCY: must be a 3-letter ISO currency code such as EUR");
    expect(problems).toContain("ADMIN_PASSWORD: must be at least 12 characters");
    expect(problems).toContain("SEED_DEMO_DATA: must be true or false");
  }
});
