import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((value) => value === "true" || value === "1" || value === "yes");

/** Only for development and tests; production must set TOTP_ENCRYPTION_KEY. */
export const DEV_TOTP_KEY = "grocer-development-totp-key-not-for-production";

const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce
    .number({ message: "must be a port number" })
    .int("must be a whole number")
    .min(0, "must be 0-65535")
    .max(65535, "must be 0-65535")
    .default(3000),
  PUBLIC_URL: z.url({ message: "must be a full URL such as https://shop.example.com" }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:|https?:)/, "must start with file:, libsql:, http: or https:")
    .default("file:data/grocer.db"),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  DATABASE_DRIVER: z.enum(["auto", "bun-sqlite", "libsql"]).default("auto"),
  ADMIN_EMAIL: z.email({ message: "must be an email address" }).default("admin@grocer.local"),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  SEED_DEMO_DATA: booleanFlag.optional(),
  STORE_NAME: z.string().min(1).default("Grocer"),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be a 3-letter ISO currency code such as EUR")
    .default("EUR"),
  LOCALE: z.string().min(2).default("en-IE"),
  /** Smallest order subtotal accepted at checkout, in cents. */
  MIN_ORDER_CENTS: z.coerce.number({ message: "must be a whole number of cents" }).int("must be a whole number of cents").min(0, "can't be negative").default(500),
  /** Behind a load balancer, take the client address from X-Forwarded-For. */
  TRUST_PROXY: booleanFlag.default(false),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  GITHUB_CLIENT_ID: z.string().min(1).optional(),
  GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_ISSUER: z.url({ message: "must be the provider's issuer URL such as https://id.example.com" }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The label on the log-in button for the generic OpenID provider. */
  OIDC_NAME: z.string().min(1).max(40, "keep the button label under 40 characters").default("OpenID"),
  /** Seals authenticator secrets at rest; any long random string. */
  TOTP_ENCRYPTION_KEY: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -base64 32)").default(DEV_TOTP_KEY),
});

export type Config = Omit<z.infer<typeof configSchema>, "SEED_DEMO_DATA"> & {
  SEED_DEMO_DATA: boolean;
  /** Cookies get the Secure flag; true in production. */
  secureCookies: boolean;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates the environment once at start; every bad variable is named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  const config = parsed.data;
  const pairs = [
    ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
    ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"],
    ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"],
  ] as const;
  const problems = pairs
    .filter(([id, secret]) => Boolean(config[id]) !== Boolean(config[secret]))
    .map(([id, secret]) => `${config[id] ? secret : id}: must be set together with ${config[id] ? id : secret}`);
  if (Boolean(config.OIDC_ISSUER) !== Boolean(config.OIDC_CLIENT_ID)) {
    problems.push(`${config.OIDC_ISSUER ? "OIDC_CLIENT_ID" : "OIDC_ISSUER"}: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together`);
  }
  if (problems.length) throw new ConfigError(problems);
  const production = config.NODE_ENV === "production";
  return {
    ...config,
    SEED_DEMO_DATA: config.SEED_DEMO_DATA ?? !production,
    secureCookies: production || (config.PUBLIC_URL?.startsWith("https:") ?? false),
  };
}
