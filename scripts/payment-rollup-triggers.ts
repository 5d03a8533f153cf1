/**
 * Prints the payments rollups' triggers and backfill of drizzle/0032_payments_rollups.sql from
 * src/payments/rollup-sql.ts (run once when the rule changes; the migration keeps what it printed).
 *
 *   bun scripts/payment-rollup-triggers.ts
 */
import { PAYMENT_ROLLUP_TRIGGERS, REBUILD_PAYMENT_DAYS, REBUILD_PAYMENTS_OWED } from "../src/payments/rollup-sql";

const statements = [...PAYMENT_ROLLUP_TRIGGERS, ...REBUILD_PAYMENT_DAYS, ...REBUILD_PAYMENTS_OWED];
console.log(statements.map((statement) => `${statement};`).join("\n--> statement-breakpoint\n"));
