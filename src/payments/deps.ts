import type { Clock } from "../clock";
import type { Config } from "../config";
import type { BoundStatement, DatabaseHandle } from "../db/client";

/** What payment work needs, in a request or a job alike. */
export type PaymentDeps = { config: Config; database: DatabaseHandle; clock: Clock };

/**
 * A job queued inside another unit only if that unit's guarded update stamped `orderId` with
 * `token` (the change-token pattern of ADR 010), so a lost race queues nothing.
 */
export function jobIfStamped(job: { type: string; orderId: number; maxAttempts?: number }, token: string, now: Date): BoundStatement {
  const at = now.getTime();
  return {
    sql: `insert into "jobs" ("type", "payload", "run_at", "max_attempts", "created_at") select ?, json_object('orderId', "id"), ?, ?, ? from "orders" where "id" = ? and "change_token" = ?`,
    params: [job.type, at, job.maxAttempts ?? 10, at, job.orderId, token],
  };
}

/** A job for an order, as a statement of a unit. */
export function jobStatement(job: { type: string; orderId: number; maxAttempts?: number }, now: Date, runAt = now): BoundStatement {
  return {
    sql: `insert into "jobs" ("type", "payload", "run_at", "max_attempts", "created_at") values (?, json_object('orderId', ?), ?, ?, ?)`,
    params: [job.type, job.orderId, runAt.getTime(), job.maxAttempts ?? 10, now.getTime()],
  };
}
