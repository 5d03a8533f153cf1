import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { quantityLabel } from "../catalog/units";
import type { Database } from "../db/client";
import { jobs, type Product } from "../db/schema";
import { defineJob } from "../jobs/registry";
import { enqueue } from "../jobs/queue";
import { lowStockProducts } from "../reports/dashboard";
import { queueEmail } from "../mail/send";
import type { LowStockLine } from "../../views/emails/stock";
import { staffRecipients } from "./recipients";

export const LOW_STOCK_DIGEST = "low-stock-digest";

/** True when a stock change takes a product from above its threshold to at or below it. */
export function crossedLowStock(before: number, after: number, threshold: number): boolean {
  return threshold > 0 && before > threshold && after <= threshold;
}

type StockLine = Pick<Product, "name" | "stock" | "unit"> & { threshold: number };

const lineOf = (product: StockLine): LowStockLine => ({
  name: product.name,
  stockLabel: quantityLabel(product.stock, product.unit),
  thresholdLabel: quantityLabel(product.threshold, product.unit),
});

/**
 * The immediate alert: call after a stock write with the stock before it. Queues one email per
 * staff member when the threshold was crossed; does nothing otherwise.
 */
export async function alertIfStockCrossed(db: Database, now: Date, product: Product, stockBefore: number): Promise<boolean> {
  if (!crossedLowStock(stockBefore, product.stock, product.lowStockThreshold)) return false;
  const products = [lineOf({ ...product, threshold: product.lowStockThreshold })];
  for (const person of await staffRecipients(db)) {
    await queueEmail(db, now, { to: person.email, template: "low-stock", props: { mode: "immediate", products } });
  }
  return true;
}

/** An identical digest is sent again only after a day; any change in the list sends it at the next hour. */
const REPEAT_SAME_DIGEST_MS = 24 * 60 * 60 * 1000;

async function lastDigest(db: Database): Promise<{ fingerprint: string; at: Date } | null> {
  const [row] = await db
    .select({ payload: jobs.payload, finishedAt: jobs.finishedAt })
    .from(jobs)
    .where(and(eq(jobs.type, LOW_STOCK_DIGEST), eq(jobs.status, "done"), sql`json_extract(${jobs.payload}, '$.sent') = 1`))
    .orderBy(desc(jobs.finishedAt))
    .limit(1);
  if (!row?.finishedAt) return null;
  const payload = JSON.parse(row.payload) as { fingerprint?: string };
  return { fingerprint: payload.fingerprint ?? "", at: row.finishedAt };
}

export const lowStockDigestJob = defineJob(LOW_STOCK_DIGEST, z.object({ slot: z.string() }), async ({ payload, context }) => {
  const { database, clock } = context.deps;
  const now = clock.now();
  const low = await lowStockProducts(database.db, 50);
  const fingerprint = low.map((product) => `${product.id}:${product.stock}`).join(",");
  const previous = await lastDigest(database.db);
  const repeat = previous?.fingerprint === fingerprint && now.getTime() - previous.at.getTime() < REPEAT_SAME_DIGEST_MS;
  if (low.length === 0 || repeat) return { payload: { slot: payload.slot, fingerprint, sent: false } };
  const products = low.map(lineOf);
  for (const person of await staffRecipients(database.db)) {
    await queueEmail(database.db, now, { to: person.email, template: "low-stock", props: { mode: "digest", products } });
  }
  return { payload: { slot: payload.slot, fingerprint, sent: true } };
});

export const queueLowStockDigest = (db: Database, slot: Date, now: Date) => enqueue(db, LOW_STOCK_DIGEST, { slot: slot.toISOString() }, now);
