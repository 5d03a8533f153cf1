import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((value) => value === "true" || value === "1" || value === "yes");

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
  /** Embedded replica: DATABASE_URL is a local file: copy kept in sync from this Turso primary. */
  DATABASE_SYNC_URL: z
    .string()
    .regex(/^(libsql:|https?:)/, "must be the Turso primary's libsql:// or https:// URL")
    .optional(),
  DATABASE_SYNC_INTERVAL: z.coerce
    .number({ message: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(1, "must be at least 1 second")
    .default(15),
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
  /** Outgoing mail over SMTP; when unset (and no EMAIL_API_URL) mail goes to the dev outbox at /admin/outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, "must be an SMTP URL such as smtp://user:password@mail.example.com:587")
    .optional(),
  MAIL_FROM: z.string().min(3, "must be a sender such as Grocer <shop@example.com>").optional(),
  /** HTTP email API (for Workers, which cannot open SMTP sockets). */
  EMAIL_API_URL: z.url({ message: "must be the full URL of the email API, e.g. https://api.resend.com/emails" }).optional(),
  EMAIL_API_KEY: z.string().min(8, "must be the API key of the email service").optional(),
  /** On SIGTERM: how long in-flight requests and running jobs get before the process exits anyway. */
  SHUTDOWN_TIMEOUT: z.coerce
    .number({ message: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(1, "must be at least 1 second")
    .default(25),
}).refine((env) => !env.EMAIL_API_URL || env.EMAIL_API_KEY, {
  path: ["EMAIL_API_KEY"],
  message: "is required when EMAIL_API_URL is set",
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
  const problems: string[] = [];
  if (config.DATABASE_SYNC_URL && !config.DATABASE_URL.startsWith("file:")) {
    problems.push("DATABASE_SYNC_URL: needs DATABASE_URL to be the local file: of the embedded replica");
  }
  if (config.DATABASE_SYNC_URL && config.DATABASE_DRIVER === "bun-sqlite") {
    problems.push("DATABASE_DRIVER: bun-sqlite cannot sync an embedded replica; use auto or libsql with DATABASE_SYNC_URL");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const production = config.NODE_ENV === "production";
  return {
    ...config,
    SEED_DEMO_DATA: config.SEED_DEMO_DATA ?? !production,
    secureCookies: production || (config.PUBLIC_URL?.startsWith("https:") ?? false),
  };
}
