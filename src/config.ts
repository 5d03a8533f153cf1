import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((value) => value === "true" || value === "1" || value === "yes");

/**
 * The constant that sealed authenticator secrets outside production before stores generated their
 * own key (ADR 021): only read, to re-seal those secrets with the store's key. Never used to seal.
 */
export const LEGACY_DEV_TOTP_KEY = "grocer-development-totp-key-not-for-production";

/** A VAT rate in percent with at most two decimals ("13.5"). */
const vatPercent = z.coerce
  .number({ message: "must be a percentage such as 23 or 13.5" })
  .min(0, "can't be negative")
  .max(100, "must be at most 100")
  .refine((value) => Number.isInteger(Math.round(value * 100)) && Math.abs(value * 100 - Math.round(value * 100)) < 1e-9, "use at most two decimals");

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

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
  /** bun:sqlite: how much of the store file is read through a memory map, and the page cache, in MB (ADR 062). */
  SQLITE_MMAP_MB: z.coerce.number({ message: "must be a number of MB" }).int("must be a whole number of MB").min(0, "must be 0 (no map) or more").max(65_536, "must be at most 65536 MB").default(128),
  SQLITE_CACHE_MB: z.coerce.number({ message: "must be a number of MB" }).int("must be a whole number of MB").min(1, "must be at least 1 MB").max(4096, "must be at most 4096 MB").default(32),
  ADMIN_EMAIL: z.email({ message: "must be an email address" }).default("admin@grocer.local"),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  SEED_DEMO_DATA: booleanFlag.optional(),
  STORE_NAME: z.string().min(1).default("Grocer"),
  /** Names this release (e.g. its git commit): catalog ETags change with it, so no browser keeps an old build's page. */
  DEPLOY_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "must be 1-64 letters, digits, '.', '_' or '-'").default("local"),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be a 3-letter ISO currency code such as EUR")
    .default("EUR"),
  LOCALE: z.string().min(2).default("en-IE"),
  /** The store's IANA time zone; store-time schedules (the 19:00 cart reminder) follow it. Crons are UTC. */
  STORE_TIMEZONE: z
    .string()
    .refine(isTimeZone, "must be an IANA time zone such as Europe/Dublin")
    .default("Europe/Dublin"),
  /** VAT rates per class in percent (prices include VAT); Irish defaults. ADR 015. */
  VAT_STANDARD_PERCENT: vatPercent.default(23),
  VAT_REDUCED_PERCENT: vatPercent.default(13.5),
  VAT_SECOND_REDUCED_PERCENT: vatPercent.default(9),
  /** The VAT class of delivery and collection fees. */
  DELIVERY_FEE_VAT_CLASS: z.enum(["standard", "reduced", "second_reduced", "zero"], { message: "must be standard, reduced, second_reduced or zero" }).default("standard"),
  /** Checkout refuses an order without a delivery or collection slot (off: a store may run without slots). */
  SLOT_REQUIRED: booleanFlag.default(false),
  /** How long a reserved delivery or collection slot is held for a shopper, in minutes. */
  SLOT_RESERVATION_MINUTES: z.coerce
    .number({ message: "must be a number of minutes" })
    .int("must be a whole number of minutes")
    .min(5, "must be at least 5 minutes")
    .max(24 * 60, "must be at most 1440 minutes (a day)")
    .default(60),
  /** How far above its estimate a weighed line may be picked, in percent (ADR 028); the card is authorised for the estimate plus this. */
  WEIGHT_TOLERANCE_PERCENT: z.coerce
    .number({ message: "must be a percentage such as 10" })
    .min(0, "can't be negative")
    .max(50, "must be at most 50")
    .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9, "use at most two decimals")
    .default(10),
  /** Whether a new cart line allows a substitute when the shopper has not chosen a default themselves. */
  SUBSTITUTES_ALLOWED_BY_DEFAULT: booleanFlag.default(true),
  /** Payment methods offered at checkout, comma-separated: on_delivery (pay at the door or counter), card (Stripe). ADR 030. */
  PAYMENT_METHODS: z
    .string()
    .regex(/^(on_delivery|card)(,(on_delivery|card))*$/, "must be on_delivery, card or on_delivery,card")
    .default("on_delivery"),
  /** Stripe's secret API key (sk_live_… or sk_test_…); needed for card payments. */
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(live|test)_[A-Za-z0-9_]+$/, "must be a Stripe secret key such as sk_test_…").optional(),
  /** The signing secret of the Stripe webhook endpoint (/payments/stripe/webhook). */
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9_]+$/, "must be the endpoint's signing secret (whsec_…)").optional(),
  /** Where the Stripe API is; only for tests against a local double of Stripe's API. */
  STRIPE_API_URL: z.url({ message: "must be a full URL such as http://127.0.0.1:12111" }).optional(),
  /** A card order not authorised within this many minutes is cancelled, its stock and slot returned. */
  PAYMENT_TIMEOUT_MINUTES: z.coerce
    .number({ message: "must be a number of minutes" })
    .int("must be a whole number of minutes")
    .min(5, "must be at least 5 minutes")
    .max(24 * 60, "must be at most 1440 minutes (a day)")
    .default(30),
  /** Card orders book slots at most this many days ahead: a card authorisation lasts about 7 days (ADR 031). */
  CARD_BOOKING_DAYS: z.coerce.number({ message: "must be a number of days" }).int("must be a whole number of days").min(1, "must be at least 1 day").max(6, "must be at most 6 days (authorisations expire after about 7)").default(6),
  /** Smallest order subtotal accepted at checkout, in cents. */
  MIN_ORDER_CENTS: z.coerce.number({ message: "must be a whole number of cents" }).int("must be a whole number of cents").min(0, "can't be negative").default(500),
  /** Behind a load balancer, take the client address from X-Forwarded-For. */
  TRUST_PROXY: booleanFlag.default(false),
  /** Signs the API's access tokens (HS256); required in production. */
  JWT_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -base64 48)").optional(),
  /** Quiet by default (warnings and failed requests only); `info` writes one line per request. */
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("warn"),
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
  /** CSV exports prepared in the job queue (ADR 046): rows written per chunk, each chunk one atomic unit. */
  REPORT_EXPORT_CHUNK_ROWS: z.coerce
    .number({ message: "must be a number of rows" })
    .int("must be a whole number of rows")
    .min(1, "must be at least 1 row")
    .max(100_000, "must be at most 100000 rows")
    .default(500),
  /** How long a CSV export works through its chunks before it gives the job queue back (a slice), queued again after the others. */
  REPORT_EXPORT_SLICE_MS: z.coerce
    .number({ message: "must be a number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(0, "must be 0 or more milliseconds")
    .max(60_000, "must be at most 60000 milliseconds")
    .default(250),
  /** How long a prepared CSV export can be downloaded after it is finished, before the hourly sweep deletes it (ADR 062). */
  REPORT_EXPORT_KEEP_HOURS: z.coerce
    .number({ message: "must be a number of hours" })
    .int("must be a whole number of hours")
    .min(1, "must be at least 1 hour")
    .max(8760, "must be at most 8760 hours (a year)")
    .default(168),
  /** Product images on local disk when no S3 bucket is configured. */
  UPLOADS_DIR: z.string().min(1).default("data/uploads"),
  /** Largest product image accepted, in bytes. */
  MAX_IMAGE_BYTES: z.coerce
    .number({ message: "must be a number of bytes" })
    .int("must be a whole number of bytes")
    .min(1024, "must be at least 1024 bytes")
    .default(5 * 1024 * 1024),
  S3_ENDPOINT: z.url({ message: "must be a full URL such as https://s3.eu-west-1.amazonaws.com" }).optional(),
  S3_BUCKET: z.string().min(3, "must be a bucket name").optional(),
  S3_REGION: z.string().min(1).default("auto"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_PUBLIC_URL: z.url({ message: "must be a full URL such as https://images.example.com" }).optional(),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  GITHUB_CLIENT_ID: z.string().min(1).optional(),
  GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_ISSUER: z.url({ message: "must be the provider's issuer URL such as https://id.example.com" }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The label on the log-in button for the generic OpenID provider. */
  OIDC_NAME: z.string().min(1).max(40, "keep the button label under 40 characters").default("OpenID"),
  /** How long a prepared copy of a shopper's data can be downloaded, in days. */
  DATA_EXPORT_DAYS: z.coerce.number({ message: "must be a number of days" }).int("must be a whole number of days").min(1, "must be at least 1 day").max(30, "must be at most 30 days").default(7),
  /** How long the orders and invoices of a closed account are kept (without the person), in years; tax law sets it. */
  ORDER_RETENTION_YEARS: z.coerce.number({ message: "must be a number of years" }).int("must be a whole number of years").min(1, "must be at least 1 year").max(30, "must be at most 30 years").default(6),
  /** The privacy page: who runs the shop, where, and where to write about personal data. */
  STORE_LEGAL_NAME: z.string().min(1).optional(),
  STORE_ADDRESS: z.string().min(1).optional(),
  /** The seller's VAT registration number, printed on every invoice (e.g. IE1234567T). */
  STORE_VAT_NUMBER: z
    .string()
    .trim()
    .regex(/^[A-Z]{2}[A-Z0-9+*]{2,13}$/, "must be a VAT number: the country code and 2-13 letters or digits, e.g. IE1234567T")
    .optional(),
  PRIVACY_EMAIL: z.email({ message: "must be an email address" }).optional(),
  /** Seals authenticator secrets at rest; any long random string. */
  TOTP_ENCRYPTION_KEY: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -base64 32)").optional(),
}).refine((env) => !env.EMAIL_API_URL || env.EMAIL_API_KEY, {
  path: ["EMAIL_API_KEY"],
  message: "is required when EMAIL_API_URL is set",
});

const S3_REQUIRED = ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;

/** S3 is all or nothing: naming some of its variables but not the rest is a mistake worth stopping for. */
function s3Problems(config: z.infer<typeof configSchema>): string[] {
  const given = S3_REQUIRED.filter((name) => config[name] !== undefined);
  if (given.length === 0 || given.length === S3_REQUIRED.length) return [];
  return S3_REQUIRED.filter((name) => config[name] === undefined).map(
    (name) => `${name}: must be set too when ${given.join(", ")} ${given.length === 1 ? "is" : "are"} set (S3 image storage needs all four)`,
  );
}

/** The secrets a store generates for itself when they are not configured (outside production only). */
export const GENERATED_SECRETS = ["JWT_SECRET", "TOTP_ENCRYPTION_KEY"] as const;
export type SecretName = (typeof GENERATED_SECRETS)[number];

export type Config = Omit<z.infer<typeof configSchema>, "SEED_DEMO_DATA" | SecretName> & {
  SEED_DEMO_DATA: boolean;
  JWT_SECRET: string;
  TOTP_ENCRYPTION_KEY: string;
  /**
   * The secrets not configured: random for this process until prepareStore replaces them with the
   * ones kept in the store's database (src/accounts/store-secrets.ts). Empty in production.
   */
  generatedSecrets: SecretName[];
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
  const problems: string[] = s3Problems(config);
  if (config.DATABASE_SYNC_URL && !config.DATABASE_URL.startsWith("file:")) {
    problems.push("DATABASE_SYNC_URL: needs DATABASE_URL to be the local file: of the embedded replica");
  }
  if (config.DATABASE_SYNC_URL && config.DATABASE_DRIVER === "bun-sqlite") {
    problems.push("DATABASE_DRIVER: bun-sqlite cannot sync an embedded replica; use auto or libsql with DATABASE_SYNC_URL");
  }
  const pairs = [
    ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
    ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"],
    ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"],
  ] as const;
  problems.push(...pairs
    .filter(([id, secret]) => Boolean(config[id]) !== Boolean(config[secret]))
    .map(([id, secret]) => `${config[id] ? secret : id}: must be set together with ${config[id] ? id : secret}`));
  if (Boolean(config.OIDC_ISSUER) !== Boolean(config.OIDC_CLIENT_ID)) {
    problems.push(`${config.OIDC_ISSUER ? "OIDC_CLIENT_ID" : "OIDC_ISSUER"}: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together`);
  }
  if (config.NODE_ENV === "production" && !config.TOTP_ENCRYPTION_KEY) {
    problems.push("TOTP_ENCRYPTION_KEY: must be set in production (at least 32 random characters); it seals authenticator secrets");
  }
  if (config.PAYMENT_METHODS.split(",").includes("card") && !(config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET)) {
    problems.push("PAYMENT_METHODS: card needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET");
  }
  const production = config.NODE_ENV === "production";
  if (production && !config.JWT_SECRET) {
    problems.push("JWT_SECRET: is required in production (at least 32 random characters) to sign API tokens");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...config,
    SEED_DEMO_DATA: config.SEED_DEMO_DATA ?? !production,
    JWT_SECRET: config.JWT_SECRET ?? randomSecret(),
    TOTP_ENCRYPTION_KEY: config.TOTP_ENCRYPTION_KEY ?? randomSecret(),
    generatedSecrets: GENERATED_SECRETS.filter((name) => !config[name]),
    secureCookies: production || (config.PUBLIC_URL?.startsWith("https:") ?? false),
  };
}

/** 48 random bytes, base64url: what `openssl rand -base64 48` would give. */
export function randomSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64url");
}
