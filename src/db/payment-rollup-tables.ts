import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/*
 * The payments report's rollups (ADR 067), kept by triggers on the ledger and the orders
 * (drizzle/0032, from src/payments/rollup-sql.ts) in the same atomic unit as the payment itself.
 */

/** Per store day and method: money taken (captures, payments at the door) and refunded, settled that day. */
export const paymentsDays = sqliteTable(
  "payments_days",
  {
    /** The store's day (STORE_TIMEZONE) the ledger row settled, YYYY-MM-DD. */
    day: text("day").notNull(),
    method: text("method").notNull(),
    takenCents: integer("taken_cents").notNull().default(0),
    refundedCents: integer("refunded_cents").notNull().default(0),
    payments: integer("payments").notNull().default(0),
    refunds: integer("refunds").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.method] })],
);

/** Pay-on-delivery orders picked or handed over that still owe money, and how much (cents, above 0). */
export const paymentsOwed = sqliteTable("payments_owed", {
  orderId: integer("order_id").primaryKey(),
  owedCents: integer("owed_cents").notNull(),
});
