import type { BoundStatement } from "../db/client";
import { VOID_JOB } from "./authorise";
import { CAPTURE_JOB } from "./capture";

/**
 * For a cancel's atomic unit: queues the release of the order's card hold, only if the cancel won
 * (the order carries its change token) and the order was paid by card. Nothing for pay on delivery.
 */
export function releaseHoldOnCancel(orderId: number, token: string, now: Date): BoundStatement {
  const at = now.getTime();
  return {
    sql: `insert into "jobs" ("type", "payload", "run_at", "max_attempts", "created_at")
      select ?, json_object('orderId', o."id"), ?, 10, ? from "orders" o
      where o."id" = ? and o."change_token" = ?
        and exists (select 1 from "payment_ledger" l where l."order_id" = o."id" and l."method" = 'card' and l."kind" = 'authorisation' and l."status" <> 'failed')`,
    params: [VOID_JOB, at, at, orderId, token],
  };
}

/**
 * For the unit that marks an order picked: queues the capture of its card hold for the final amount
 * (src/payments/capture.ts), only if that unit won (change token) and the order holds an authorised card.
 */
export function captureWhenPicked(orderId: number, token: string, now: Date): BoundStatement {
  const at = now.getTime();
  return {
    sql: `insert into "jobs" ("type", "payload", "run_at", "max_attempts", "created_at")
      select ?, json_object('orderId', o."id"), ?, 10, ? from "orders" o
      where o."id" = ? and o."change_token" = ? and o."state" = 'picked'
        and exists (select 1 from "payment_ledger" l where l."order_id" = o."id" and l."method" = 'card' and l."kind" = 'authorisation' and l."status" = 'succeeded')`,
    params: [CAPTURE_JOB, at, at, orderId, token],
  };
}
