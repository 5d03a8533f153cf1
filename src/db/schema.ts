import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/*
 * Units of measure used across the schema:
 * - money is integer minor units (cents);
 * - stock and quantities are integer thousandths of the product's unit
 *   (2.5 kg is 2500, 3 items is 3000), so 0.25 kg is exact.
 * - timestamps are unix epoch milliseconds.
 */

export const ROLES = ["customer", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const UNITS = ["each", "kg", "g", "l", "ml", "dozen"] as const;
export type Unit = (typeof UNITS)[number];

export const CATEGORY_STATUSES = ["pending", "active"] as const;
export type CategoryStatus = (typeof CATEGORY_STATUSES)[number];

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    role: text("role", { enum: ROLES }).notNull().default("customer"),
    /** Managers may use the back office only once approved; null means awaiting approval. */
    approvedAt: integer("approved_at", { mode: "timestamp_ms" }),
    deactivatedAt: integer("deactivated_at", { mode: "timestamp_ms" }),
    lastLoginAt: integer("last_login_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    check("users_role_valid", sql`${t.role} in ('customer', 'manager', 'admin')`),
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the cookie token, hex; the token itself is never stored. */
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed log-in counters per key ("ip:1.2.3.4" or "account:a@b.c"), shared by every instance. */
export const authThrottle = sqliteTable("auth_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: integer("window_started_at", { mode: "timestamp_ms" }).notNull(),
  lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: integer("subject_id"),
    details: text("details"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_subject_idx").on(t.subjectType, t.subjectId)],
);

export const categories = sqliteTable(
  "categories",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description").notNull().default(""),
    status: text("status", { enum: CATEGORY_STATUSES }).notNull().default("pending"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("categories_slug_unique").on(t.slug),
    check("categories_status_valid", sql`${t.status} in ('pending', 'active')`),
  ],
);

export const products = sqliteTable(
  "products",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description").notNull().default(""),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "restrict" }),
    priceCents: integer("price_cents").notNull(),
    unit: text("unit", { enum: UNITS }).notNull().default("each"),
    /** Smallest quantity a shopper can buy, in thousandths of the unit (250 = 0.25 kg). */
    step: integer("step").notNull().default(1000),
    /** In thousandths of the unit. */
    stock: integer("stock").notNull().default(0),
    /** In thousandths of the unit; at or below it the product is "low stock". */
    lowStockThreshold: integer("low_stock_threshold").notNull().default(0),
    /** Units sold over all time, in thousandths; kept by checkout and cancellation, sorts by popularity. */
    sold: integer("sold").notNull().default(0),
    /** ISO date (YYYY-MM-DD) or null. */
    bestBefore: text("best_before"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    uniqueIndex("products_slug_unique").on(t.slug),
    index("products_category_idx").on(t.categoryId, t.active),
    index("products_sold_idx").on(t.sold),
    check("products_sold_not_negative", sql`${t.sold} >= 0`),
    check("products_stock_not_negative", sql`${t.stock} >= 0`),
    check("products_price_positive", sql`${t.priceCents} > 0`),
    check("products_step_positive", sql`${t.step} > 0`),
    check("products_threshold_not_negative", sql`${t.lowStockThreshold} >= 0`),
    check("products_unit_valid", sql`${t.unit} in ('each', 'kg', 'g', 'l', 'ml', 'dozen')`),
  ],
);

/** One row: bumped by every catalog write so caches and ETags on every instance agree. */
export const catalogState = sqliteTable(
  "catalog_state",
  {
    id: integer("id").primaryKey(),
    version: integer("version").notNull().default(1),
  },
  (t) => [check("catalog_state_single_row", sql`${t.id} = 1`)],
);

export const productImages = sqliteTable(
  "product_images",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** Storage key; the URL is derived from it by the image storage. */
    key: text("key").notNull(),
    alt: text("alt").notNull().default(""),
    /** 0 is the main image. */
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("product_images_product_idx").on(t.productId, t.position)],
);

export type User = typeof users.$inferSelect;
export type Category = typeof categories.$inferSelect;
export type Product = typeof products.$inferSelect;

export type ProductImage = typeof productImages.$inferSelect;

// ---- sign-in providers and two-factor ----

/** An account at Google, GitHub or an OpenID provider that can sign in to one of our users. */
export const linkedIdentities = sqliteTable(
  "linked_identities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** "google", "github" or "oidc". */
    provider: text("provider").notNull(),
    /** The provider's stable id for the person (ID token `sub`, GitHub user id). */
    subject: text("subject").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("linked_identities_provider_subject_unique").on(t.provider, t.subject), index("linked_identities_user_idx").on(t.userId)],
);

/** One authenticator-app secret per user; enabledAt is null until the first code is confirmed. */
export const totpSecrets = sqliteTable("totp_secrets", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** AES-GCM sealed base32 secret ("v1.<iv>.<ciphertext>", base64url). */
  sealedSecret: text("sealed_secret").notNull(),
  enabledAt: integer("enabled_at", { mode: "timestamp_ms" }),
  /** The last 30-second step a code was accepted for; codes at or before it are refused. */
  lastUsedStep: integer("last_used_step"),
  createdAt: createdAt(),
});

/** One-time recovery codes, SHA-256 only. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("recovery_codes_hash_unique").on(t.codeHash), index("recovery_codes_user_idx").on(t.userId)],
);

/** A sign-in that passed its first factor and waits for the authenticator code; no session exists yet. */
export const pendingSignIns = sqliteTable("pending_sign_ins", {
  tokenHash: text("token_hash").primaryKey(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  next: text("next").notNull().default("/"),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  createdAt: createdAt(),
});

export type LinkedIdentity = typeof linkedIdentities.$inferSelect;
