import { and, eq, gt, sql } from "drizzle-orm";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { jobs } from "../db/schema";
import { queueInvoiceEmail } from "./email";

/** "Send it again": at most this many invoice emails to one address per hour. */
export const RESENDS_PER_HOUR = 3;
const HOUR_MS = 60 * 60 * 1000;

export type ResendResult = { ok: true } | { ok: false; reason: "throttled"; retryAt: Date } | { ok: false; reason: "not_issued" };

/**
 * Queues the invoice again to the shopper's address, throttled per address by the email jobs
 * already queued for it in the last hour (the queue is the record; no counter to keep in step).
 */
export async function resendInvoice(db: Database, config: Pick<Config, "CURRENCY" | "LOCALE" | "STORE_TIMEZONE">, now: Date, request: { invoiceId: number | null; email: string }): Promise<ResendResult> {
  if (request.invoiceId === null) return { ok: false, reason: "not_issued" };
  const recent = await db
    .select({ createdAt: jobs.createdAt })
    .from(jobs)
    .where(
      and(
        eq(jobs.type, "send-email"),
        sql`json_extract(${jobs.payload}, '$.template') = 'invoice'`,
        sql`json_extract(${jobs.payload}, '$.to') = ${request.email}`,
        gt(jobs.createdAt, new Date(now.getTime() - HOUR_MS)),
      ),
    )
    .orderBy(jobs.createdAt);
  if (recent.length >= RESENDS_PER_HOUR) return { ok: false, reason: "throttled", retryAt: new Date(recent[0]!.createdAt.getTime() + HOUR_MS) };
  await queueInvoiceEmail(db, config, now, request.invoiceId);
  return { ok: true };
}
