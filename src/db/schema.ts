import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { foodInformation, foodInformationRules } from "./food-columns";

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

/** VAT rate classes; the rate of each is configuration (src/tax/rates.ts). */
export const VAT_CLASSES = ["standard", "reduced", "second_reduced", "zero"] as const;
export type VatClass = (typeof VAT_CLASSES)[number];

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
    /** Set when the owner follows the link in the verify-email message. */
    emailVerifiedAt: integer("email_verified_at", { mode: "timestamp_ms" }),
    /** Set when the owner closed the account: the row stays, with no personal data, for the orders it keeps. */
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    /** The shopper's default for "allow a substitute" on new cart lines; null follows the store's setting. */
    allowSubstitutes: integer("allow_substitutes", { mode: "boolean" }),
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
    /** The aisle's place on the shop's walk (picking order, set by the manager); null walks last. */
    walkOrder: integer("walk_order"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("categories_slug_unique").on(t.slug),
    check("categories_status_valid", sql`${t.status} in ('pending', 'active')`),
    check("categories_walk_order_valid", sql`${t.walkOrder} is null or ${t.walkOrder} between 0 and 9999`),
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
    /** Units sold over all time, in thousandths; counted by the sales tally (ADR 013), sorts by popularity. */
    sold: integer("sold").notNull().default(0),
    /** When the product was first ordered, set by the database with the first order line; an ordered product is deactivated, never deleted. */
    firstOrderedAt: integer("first_ordered_at", { mode: "timestamp_ms" }),
    /** ISO date (YYYY-MM-DD) or null. */
    bestBefore: text("best_before"),
    /** ISO date (YYYY-MM-DD) the product was packed on, or null; best-before must come after it. */
    packedOn: text("packed_on"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** The VAT rate class (prices include VAT); checked in drizzle/0011_slots.sql. */
    vatClass: text("vat_class", { enum: VAT_CLASSES }).notNull().default("standard"),
    /**
     * Sold by the piece, priced by weight (a melon, a chicken): the price per kg and the estimated
     * weight of a piece in grams; price_cents is then the estimated price of a piece (ADR 028).
     */
    pricePerKgCents: integer("price_per_kg_cents"),
    estimatedWeightGrams: integer("estimated_weight_g"),
    ...foodInformation,
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    uniqueIndex("products_slug_unique").on(t.slug),
    index("products_category_idx").on(t.categoryId, t.active),
    check("products_sold_not_negative", sql`${t.sold} >= 0`),
    check("products_stock_not_negative", sql`${t.stock} >= 0`),
    check("products_price_positive", sql`${t.priceCents} > 0`),
    check("products_step_positive", sql`${t.step} > 0`),
    check("products_threshold_not_negative", sql`${t.lowStockThreshold} >= 0`),
    check("products_unit_valid", sql`${t.unit} in ('each', 'kg', 'g', 'l', 'ml', 'dozen')`),
    check(
      "products_priced_by_weight_valid",
      sql`(${t.pricePerKgCents} is null and ${t.estimatedWeightGrams} is null) or (${t.pricePerKgCents} > 0 and ${t.estimatedWeightGrams} > 0 and ${t.unit} = 'each' and ${t.priceCents} = (${t.pricePerKgCents} * ${t.estimatedWeightGrams} + 500) / 1000)`,
    ),
    ...foodInformationRules(t),
  ],
);

/**
 * One row, moved by triggers so caches and ETags on every instance agree: `version` by every
 * catalog write (the API shows exact stock), `shelfVersion` only by what the shelves show, so a
 * sale that leaves a product "In stock" keeps the cached pages (drizzle/0034, src/catalog/shelf-stock.ts).
 */
export const catalogState = sqliteTable(
  "catalog_state",
  {
    id: integer("id").primaryKey(),
    version: integer("version").notNull().default(1),
    shelfVersion: integer("shelf_version").notNull().default(1),
    /** Moves with every change of a product's `sold` and every new product: "most popular" searches hold `sold` in memory (drizzle/0038). */
    soldVersion: integer("sold_version").notNull().default(1),
  },
  (t) => [check("catalog_state_single_row", sql`${t.id} = 1`)],
);

/**
 * One row: products.sold counts the lines of every order up to this id (src/catalog/popularity.ts).
 * Checkout does not touch popularity; a background tally folds new orders in.
 */
export const salesTally = sqliteTable(
  "sales_tally",
  {
    id: integer("id").primaryKey(),
    throughOrderId: integer("through_order_id").notNull().default(0),
  },
  (t) => [check("sales_tally_single_row", sql`${t.id} = 1`)],
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
// ---- jobs and email ----

export const JOB_STATUSES = ["queued", "running", "failed", "done"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Durable work queue: workers claim a row with a lease; failures retry with backoff until maxAttempts. */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    type: text("type").notNull(),
    /** JSON, validated by the handler registered for `type`. */
    payload: text("payload").notNull().default("{}"),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    runAt: integer("run_at", { mode: "timestamp_ms" }).notNull(),
    lockedBy: text("locked_by"),
    lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    /** 0-100 while running, for the jobs page. */
    progress: integer("progress").notNull().default(0),
    resultUrl: text("result_url"),
    createdAt: createdAt(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("jobs_due_idx").on(t.status, t.runAt),
    check("jobs_status_valid", sql`${t.status} in ('queued', 'running', 'failed', 'done')`),
    check("jobs_attempts_positive", sql`${t.maxAttempts} > 0`),
  ],
);

/** One row per (schedule, slot): the unique key lets exactly one instance run a slot. */
export const scheduleRuns = sqliteTable(
  "schedule_runs",
  {
    schedule: text("schedule").notNull(),
    slot: integer("slot", { mode: "timestamp_ms" }).notNull(),
    claimedBy: text("claimed_by").notNull(),
    /** "run" when the slot was served; "baseline" marks where a new store started counting. */
    outcome: text("outcome", { enum: ["run", "baseline"] }).notNull().default("run"),
    claimedAt: integer("claimed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("schedule_runs_slot_unique").on(t.schedule, t.slot)],
);

/** The development mail transport: messages are stored here and shown at /admin/outbox. */
export const outboxMessages = sqliteTable("outbox_messages", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  to: text("to").notNull(),
  subject: text("subject").notNull(),
  html: text("html").notNull(),
  text: text("text").notNull(),
  /** JSON list of { filename, contentType, size }. */
  attachments: text("attachments").notNull().default("[]"),
  createdAt: createdAt(),
});

export const CODE_PURPOSES = ["verify-email", "password-reset"] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

/** Verification links and reset codes; only a SHA-256 bound to the email is stored. */
export const oneTimeCodes = sqliteTable(
  "one_time_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    purpose: text("purpose", { enum: CODE_PURPOSES }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    requestedFrom: text("requested_from"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("one_time_codes_email_idx").on(t.purpose, t.email),
    index("one_time_codes_hash_idx").on(t.codeHash),
    check("one_time_codes_purpose_valid", sql`${t.purpose} in ('verify-email', 'password-reset')`),
  ],
);

/** Shoppers who unsubscribed from a kind of optional email ("we-miss-you", "cart-reminder"). */
export const emailOptOuts = sqliteTable(
  "email_opt_outs",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("email_opt_outs_unique").on(t.userId, t.kind)],
);

/** When an optional notice last went to someone, so each kind goes at most once a week. */
export const noticesSent = sqliteTable(
  "notices_sent",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("notices_sent_unique").on(t.userId, t.kind)],
);

/** One-click unsubscribe links: only the SHA-256 of the token is kept; no log-in needed to use one. */
export const unsubscribeLinks = sqliteTable("unsubscribe_links", {
  tokenHash: text("token_hash").primaryKey(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  kind: text("kind").notNull(),
  createdAt: createdAt(),
});

export type Job = typeof jobs.$inferSelect;
export type OutboxMessage = typeof outboxMessages.$inferSelect;

// ---- back office catalog ----

export const CATEGORY_REQUEST_KINDS = ["create", "rename", "delete"] as const;
export type CategoryRequestKind = (typeof CATEGORY_REQUEST_KINDS)[number];
export const CATEGORY_REQUEST_STATUSES = ["pending", "approved", "declined"] as const;
export type CategoryRequestStatus = (typeof CATEGORY_REQUEST_STATUSES)[number];

/** A manager's request to add, rename or delete a category; the admin approves or declines it. */
export const categoryRequests = sqliteTable(
  "category_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: CATEGORY_REQUEST_KINDS }).notNull(),
    /** Null once the category is gone (deleted or declined); the names below keep the history readable. */
    categoryId: integer("category_id").references(() => categories.id, { onDelete: "set null" }),
    /** The category's name when the request was made. */
    currentName: text("current_name").notNull(),
    currentDescription: text("current_description").notNull().default(""),
    proposedName: text("proposed_name"),
    proposedDescription: text("proposed_description"),
    status: text("status", { enum: CATEGORY_REQUEST_STATUSES }).notNull().default("pending"),
    reason: text("reason"),
    requestedBy: integer("requested_by").references(() => users.id, { onDelete: "set null" }),
    decidedBy: integer("decided_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("category_requests_status_idx").on(t.status, t.createdAt),
    check("category_requests_kind_valid", sql`${t.kind} in ('create', 'rename', 'delete')`),
    check("category_requests_status_valid", sql`${t.status} in ('pending', 'approved', 'declined')`),
    check("category_requests_declined_has_reason", sql`${t.status} <> 'declined' or length(trim(${t.reason})) > 0`),
  ],
);

/** Old product slugs, so links made before a rename still lead to the product (301). */
export const productSlugRedirects = sqliteTable("product_slug_redirects", {
  oldSlug: text("old_slug").primaryKey(),
  productId: integer("product_id")
    .notNull()
    .references(() => products.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
});

export type CategoryRequest = typeof categoryRequests.$inferSelect;

// ---- back office operations: stock audit, order events, notifications ----

export const STOCK_REASONS = ["delivery", "count_correction", "spoilage", "other"] as const;
export type StockReason = (typeof STOCK_REASONS)[number];

/** Every manual stock change, written in the same atomic unit as the stock update itself. */
export const stockAdjustments = sqliteTable(
  "stock_adjustments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** Signed, in thousandths of the product's unit. */
    delta: integer("delta").notNull(),
    reason: text("reason", { enum: STOCK_REASONS }).notNull(),
    note: text("note"),
    stockAfter: integer("stock_after").notNull(),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("stock_adjustments_product_idx").on(t.productId, t.createdAt),
    check("stock_adjustments_reason_valid", sql`${t.reason} in ('delivery', 'count_correction', 'spoilage', 'other')`),
    check("stock_adjustments_delta_not_zero", sql`${t.delta} <> 0`),
  ],
);

/** One row per order status change made in the back office (order ids from shop-tables.ts). */
export const orderEvents = sqliteTable(
  "order_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id").notNull(),
    fromStatus: text("from_status").notNull(),
    toStatus: text("to_status").notNull(),
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.createdAt)],
);

export const NOTIFICATION_KINDS = ["low_stock", "pending_approval", "decision", "new_order", "order_status", "back_in_stock", "new_in_aisle", "payments"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_AUDIENCES = ["staff", "admin"] as const;
export type NotificationAudience = (typeof NOTIFICATION_AUDIENCES)[number];

/** For one user, or for an audience ("staff": approved managers and the admin; "admin"). */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    recipientId: integer("recipient_id").references(() => users.id, { onDelete: "cascade" }),
    audience: text("audience", { enum: NOTIFICATION_AUDIENCES }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    /** Makes a notice idempotent ("low_stock_event:12"): a second delivery of the same thing is ignored. */
    dedupeKey: text("dedupe_key"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("notifications_dedupe_unique").on(t.dedupeKey),
    index("notifications_recipient_idx").on(t.recipientId, t.id),
    index("notifications_audience_idx").on(t.audience, t.id),
    check("notifications_has_recipient", sql`(${t.recipientId} is null) <> (${t.audience} is null)`),
    check("notifications_audience_valid", sql`${t.audience} is null or ${t.audience} in ('staff', 'admin')`),
  ],
);

/** read_at per recipient: an audience notice is read or unread separately for each person. */
export const notificationReads = sqliteTable(
  "notification_reads",
  {
    notificationId: integer("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    readAt: integer("read_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("notification_reads_unique").on(t.notificationId, t.userId)],
);

export type StockAdjustment = typeof stockAdjustments.$inferSelect;
export type OrderEvent = typeof orderEvents.$inferSelect;
export type Notification = typeof notifications.$inferSelect;

// ---- api ----

/**
 * API refresh tokens: only the SHA-256 is stored. Each use rotates the token within its family;
 * presenting a token that was already used revokes the whole family (a stolen token was replayed).
 */
export const apiRefreshTokens = sqliteTable(
  "api_refresh_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    familyId: text("family_id").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("api_refresh_tokens_family_idx").on(t.familyId), index("api_refresh_tokens_user_idx").on(t.userId)],
);

/** Fixed-window request counters for the API's rate limits, shared by every instance. */
export const apiRateLimits = sqliteTable("api_rate_limits", {
  key: text("key").primaryKey(),
  windowStartedAt: integer("window_started_at", { mode: "timestamp_ms" }).notNull(),
  hits: integer("hits").notNull(),
});

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

/**
 * Secrets the store generated for itself on first start because none was configured (outside
 * production only): JWT_SECRET and TOTP_ENCRYPTION_KEY. Kept with the data so a restart keeps them.
 */
export const storeSecrets = sqliteTable("store_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});
