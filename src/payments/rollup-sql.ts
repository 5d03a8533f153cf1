import { storeDay } from "../reports/rollup-sql";

/*
 * The payments report's rollups in SQL, in one place (ADR 067), beside the sales rollups'
 * (src/reports/rollup-sql.ts): the triggers of drizzle/0032 (printed from these by
 * scripts/payment-rollup-triggers.ts), the backfill, and the rebuild when STORE_TIMEZONE changes.
 *
 * - `payments_days`: per store day and method, what was taken (captured on the card or taken at the
 *   door) and refunded, from the ledger's settled rows, on the day each settled (its updated_at: a
 *   settled row never changes again). The report sums a period's days, never the ledger.
 * - `payments_owed`: one row per pay-on-delivery order picked or handed over with money still owed,
 *   and how much; every write that can change it (the order's state and amounts, its ledger rows)
 *   works it out again for that order alone.
 */

/** A ledger row (`row` is NEW or OLD) that moved money: settled, and a capture, a payment at the door or a refund. */
export const settledPayment = (row: string) => `${row}.status = 'succeeded' AND ${row}.kind IN ('capture', 'collection', 'refund')`;

/** Order states in which a pay-on-delivery order's amount is final and money is expected (picked onwards). */
export const OUTSTANDING_STATES = ["picked", "out_for_delivery", "ready_for_pickup", "completed"] as const;
const outstandingState = (order: string) => `${order}.state IN (${OUTSTANDING_STATES.map((state) => `'${state}'`).join(", ")})`;

const PAYMENT_DAY = `ON CONFLICT (day, method) DO UPDATE SET ${["taken_cents", "refunded_cents", "payments", "refunds"].map((c) => `${c} = ${c} + excluded.${c}`).join(", ")}`;

/** One ledger row's part of its day, added (sign 1) or taken out (sign -1). */
const dayUpsert = (row: string, sign: 1 | -1) => `  INSERT INTO payments_days (day, method, taken_cents, refunded_cents, payments, refunds)
  SELECT ${storeDay(`${row}.updated_at`)}, ${row}.method,
    ${sign} * (CASE WHEN ${row}.kind = 'refund' THEN 0 ELSE ${row}.amount_cents END), ${sign} * (CASE WHEN ${row}.kind = 'refund' THEN ${row}.amount_cents ELSE 0 END),
    ${sign} * (CASE WHEN ${row}.kind = 'refund' THEN 0 ELSE 1 END), ${sign} * (CASE WHEN ${row}.kind = 'refund' THEN 1 ELSE 0 END)
  WHERE ${settledPayment(row)}
  ${PAYMENT_DAY};`;

/** What an order (by the expression `order`) still owes at the door, worked out again: its row removed, and put back if it owes. */
const owedAgain = (orderId: string) => `  DELETE FROM payments_owed WHERE order_id = ${orderId};
  INSERT INTO payments_owed (order_id, owed_cents)
  SELECT id, owed FROM (
    SELECT o.id, coalesce(o.final_total_cents, o.total_cents) + o.delivery_fee_cents
      - coalesce((SELECT sum(l.amount_cents) FROM payment_ledger l WHERE l.order_id = o.id AND l.status = 'succeeded' AND l.kind IN ('capture', 'collection')), 0) AS owed
    FROM orders o
    WHERE o.id = ${orderId} AND ${outstandingState("o")}
      AND NOT EXISTS (SELECT 1 FROM payment_ledger l WHERE l.order_id = o.id AND l.method = 'card')
  ) WHERE owed > 0;`;

const orderOutstanding = (orderId: string) => `EXISTS (SELECT 1 FROM orders o WHERE o.id = ${orderId} AND ${outstandingState("o")})`;

export const PAYMENT_ROLLUP_TRIGGERS: string[] = [
  `CREATE TRIGGER payments_days_added AFTER INSERT ON payment_ledger
WHEN ${settledPayment("NEW")}
BEGIN
${dayUpsert("NEW", 1)}
END`,
  `CREATE TRIGGER payments_days_changed AFTER UPDATE ON payment_ledger
WHEN (${settledPayment("OLD")}) OR (${settledPayment("NEW")})
BEGIN
${dayUpsert("OLD", -1)}
${dayUpsert("NEW", 1)}
END`,
  `CREATE TRIGGER payments_days_removed AFTER DELETE ON payment_ledger
WHEN ${settledPayment("OLD")}
BEGIN
${dayUpsert("OLD", -1)}
END`,
  `CREATE TRIGGER payments_owed_order_added AFTER INSERT ON orders
WHEN ${outstandingState("NEW")}
BEGIN
${owedAgain("NEW.id")}
END`,
  `CREATE TRIGGER payments_owed_order_changed AFTER UPDATE OF state, total_cents, final_total_cents, delivery_fee_cents ON orders
WHEN ${outstandingState("OLD")} OR ${outstandingState("NEW")}
BEGIN
${owedAgain("NEW.id")}
END`,
  `CREATE TRIGGER payments_owed_ledger_added AFTER INSERT ON payment_ledger
WHEN ${orderOutstanding("NEW.order_id")}
BEGIN
${owedAgain("NEW.order_id")}
END`,
  `CREATE TRIGGER payments_owed_ledger_changed AFTER UPDATE OF order_id, method, kind, status, amount_cents ON payment_ledger
WHEN ${orderOutstanding("NEW.order_id")} OR ${orderOutstanding("OLD.order_id")}
BEGIN
${owedAgain("OLD.order_id")}
${owedAgain("NEW.order_id")}
END`,
  `CREATE TRIGGER payments_owed_ledger_removed AFTER DELETE ON payment_ledger
WHEN ${orderOutstanding("OLD.order_id")}
BEGIN
${owedAgain("OLD.order_id")}
END`,
];

/** The days' figures straight from the ledger, in the store's days (the backfill, the rebuild and the audit). */
export const PAYMENT_DAYS_FROM_LEDGER = `SELECT ${storeDay("l.updated_at")} AS day, l.method,
  sum(CASE WHEN l.kind = 'refund' THEN 0 ELSE l.amount_cents END) AS taken_cents, sum(CASE WHEN l.kind = 'refund' THEN l.amount_cents ELSE 0 END) AS refunded_cents,
  sum(CASE WHEN l.kind = 'refund' THEN 0 ELSE 1 END) AS payments, sum(CASE WHEN l.kind = 'refund' THEN 1 ELSE 0 END) AS refunds
FROM payment_ledger l WHERE ${settledPayment("l")} GROUP BY 1, 2`;

/** The days' rollup again from the ledger (the backfill, and after a change of STORE_TIMEZONE). */
export const REBUILD_PAYMENT_DAYS: string[] = [
  `DELETE FROM payments_days`,
  `INSERT INTO payments_days (day, method, taken_cents, refunded_cents, payments, refunds)
${PAYMENT_DAYS_FROM_LEDGER}`,
];

/** Every order still owing at the door, straight from the orders and the ledger (the backfill and the audit). */
export const OWED_FROM_ORDERS = `SELECT o.id AS order_id, coalesce(o.final_total_cents, o.total_cents) + o.delivery_fee_cents - coalesce(sum(CASE WHEN l.status = 'succeeded' AND l.kind IN ('capture', 'collection') THEN l.amount_cents ELSE 0 END), 0) AS owed
FROM orders o LEFT JOIN payment_ledger l ON l.order_id = o.id
WHERE ${outstandingState("o")}
GROUP BY o.id
HAVING coalesce(sum(CASE WHEN l.method = 'card' THEN 1 ELSE 0 END), 0) = 0 AND owed > 0`;

export const REBUILD_PAYMENTS_OWED: string[] = [
  `DELETE FROM payments_owed`,
  `INSERT INTO payments_owed (order_id, owed_cents)
${OWED_FROM_ORDERS}`,
];
