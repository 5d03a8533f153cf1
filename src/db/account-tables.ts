import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./schema";

/*
 * The shopper's own account: where they are logged in, email changes, re-confirming who they are,
 * exports of their data. Same units as schema.ts (epoch milliseconds). The triggers that keep
 * sign_ins in step with sessions and refresh tokens are in drizzle/*_your_account.sql.
 */

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const SIGN_IN_KINDS = ["browser", "api"] as const;
export type SignInKind = (typeof SIGN_IN_KINDS)[number];

/**
 * One row per place the account is logged in: a browser session (by its token hash) or an API
 * log-in (a refresh-token family). Deleting a session or revoking a family deletes the row (triggers),
 * and an access token names its row (`sid`), so ending a row ends its access tokens at once.
 */
export const signIns = sqliteTable(
  "sign_ins",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: SIGN_IN_KINDS }).notNull(),
    sessionHash: text("session_hash"),
    familyId: text("family_id"),
    userAgent: text("user_agent"),
    ip: text("ip"),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("sign_ins_session_unique").on(t.sessionHash),
    uniqueIndex("sign_ins_family_unique").on(t.familyId),
    index("sign_ins_user_idx").on(t.userId, t.lastUsedAt),
    check("sign_ins_kind_valid", sql`${t.kind} in ('browser', 'api')`),
    check("sign_ins_one_handle", sql`(${t.kind} = 'browser' and ${t.sessionHash} is not null and ${t.familyId} is null) or (${t.kind} = 'api' and ${t.familyId} is not null and ${t.sessionHash} is null)`),
  ],
);

/**
 * A change of email address waiting for the new address to confirm it. The confirm token goes to
 * the new address, the undo token ("this wasn't me") to the old one; only their SHA-256 is kept.
 */
export const emailChanges = sqliteTable(
  "email_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    oldEmail: text("old_email").notNull(),
    newEmail: text("new_email").notNull(),
    confirmHash: text("confirm_hash").notNull(),
    undoHash: text("undo_hash").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    /** The undo link works this long, also after the change was confirmed. */
    undoUntil: integer("undo_until", { mode: "timestamp_ms" }).notNull(),
    confirmedAt: integer("confirmed_at", { mode: "timestamp_ms" }),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("email_changes_confirm_unique").on(t.confirmHash),
    uniqueIndex("email_changes_undo_unique").on(t.undoHash),
    index("email_changes_user_idx").on(t.userId, t.createdAt),
    check("email_changes_new_lowercase", sql`${t.newEmail} = lower(${t.newEmail})`),
  ],
);

/**
 * A code emailed to an account without a password, to confirm a sensitive change (a first password,
 * closing the account). One live code per account; hashed with the account id; tries counted.
 */
export const reauthCodes = sqliteTable("reauth_codes", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  codeHash: text("code_hash").notNull(),
  attempts: integer("attempts").notNull().default(0),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  createdAt: createdAt(),
});

/** A prepared copy of everything the store holds about a shopper (GDPR art. 15 and 20). */
export const dataExports = sqliteTable(
  "data_exports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    jobId: integer("job_id"),
    /** JSON document; null until the job has prepared it. */
    data: text("data"),
    ordersCsv: text("orders_csv"),
    readyAt: integer("ready_at", { mode: "timestamp_ms" }),
    /** Set when ready: the download is refused (and the row swept) after it. */
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("data_exports_user_idx").on(t.userId, t.createdAt)],
);

export type SignIn = typeof signIns.$inferSelect;
export type EmailChange = typeof emailChanges.$inferSelect;
export type DataExport = typeof dataExports.$inferSelect;
