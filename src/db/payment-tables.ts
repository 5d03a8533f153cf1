import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./schema";
import { orders } from "./shop-tables";

/*
 * The payments ledger (ADR 030): every authorisation, capture, void, refund and payment taken at the
 * door is a row, written before the provider is called and settled after; an order's payment state is
 * derived from its rows, never stored beside them. Cents; epoch milliseconds.
 */

export const PAYMENT_METHODS = ["on_delivery", "card"] as const;
export type PaymentMethodName = (typeof PAYMENT_METHODS)[number];
export const LEDGER_KINDS = ["authorisation", "capture", "void", "refund", "collection"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export const LEDGER_STATUSES = ["pending", "succeeded", "failed"] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];
/** How staff took a payment at the door or the counter. */
export const COLLECTION_INSTRUMENTS = ["card_terminal", "cash"] as const;
export type CollectionInstrument = (typeof COLLECTION_INSTRUMENTS)[number];

export const paymentLedger = sqliteTable(
  "payment_ledger",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "restrict" }),
    method: text("method", { enum: PAYMENT_METHODS }).notNull(),
    kind: text("kind", { enum: LEDGER_KINDS }).notNull(),
    status: text("status", { enum: LEDGER_STATUSES }).notNull().default("pending"),
    amountCents: integer("amount_cents").notNull(),
    /** Card terminal or cash, for a payment taken at the door. */
    instrument: text("instrument", { enum: COLLECTION_INSTRUMENTS }),
    /** The provider's id for what this row did (pi_…, re_…). */
    providerId: text("provider_id"),
    /** The provider's PaymentIntent this row concerns (an authorisation's own, or the one captured, voided, refunded). */
    intentId: text("intent_id"),
    /** The hosted payment page (Checkout Session) an authorisation is paid on. */
    sessionId: text("session_id"),
    /** Random per row: with the id and the attempt it makes the idempotency key sent to the provider. */
    nonce: text("nonce").notNull().default(sql`(lower(hex(randomblob(8))))`),
    /** Moves on only once the provider is known NOT to have done a call it answered with an error. */
    attempt: integer("attempt").notNull().default(0),
    reason: text("reason"),
    /** A refund for one line (a substitute refused at the door): at most one live refund per line (ADR 043). */
    orderItemId: integer("order_item_id"),
    /** Who asked for it (a manager's refund, staff taking a payment); null for the store itself. */
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    failure: text("failure"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("payment_ledger_order_idx").on(t.orderId, t.id),
    index("payment_ledger_intent_idx").on(t.intentId),
    uniqueIndex("payment_ledger_session_unique").on(t.sessionId),
    // A PaymentIntent is captured once and voided once: a second live row is refused by the database.
    uniqueIndex("payment_ledger_one_capture").on(t.intentId, t.kind).where(sql`${t.kind} in ('capture', 'void') and ${t.status} <> 'failed'`),
    uniqueIndex("payment_ledger_one_refund_per_line").on(t.orderItemId).where(sql`${t.orderItemId} is not null and ${t.kind} = 'refund' and ${t.status} <> 'failed'`),
    check("payment_ledger_method_valid", sql`${t.method} in ('on_delivery', 'card')`),
    check("payment_ledger_kind_valid", sql`${t.kind} in ('authorisation', 'capture', 'void', 'refund', 'collection')`),
    check("payment_ledger_status_valid", sql`${t.status} in ('pending', 'succeeded', 'failed')`),
    check("payment_ledger_amount_valid", sql`${t.amountCents} >= 0`),
    check("payment_ledger_collection_instrument", sql`(${t.kind} = 'collection') = (${t.instrument} is not null) and (${t.instrument} is null or ${t.instrument} in ('card_terminal', 'cash'))`),
    check("payment_ledger_card_kinds", sql`${t.method} = 'card' or ${t.kind} in ('collection', 'refund')`),
    check("payment_ledger_refund_reason", sql`${t.kind} <> 'refund' or length(trim(coalesce(${t.reason}, ''))) > 0`),
  ],
);

/** Each provider event is taken once: its id is the key; `token` lets the unit that took it queue its work. */
export const paymentEvents = sqliteTable("payment_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  objectId: text("object_id"),
  token: text("token").notNull(),
  receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
});

export type LedgerRow = typeof paymentLedger.$inferSelect;
