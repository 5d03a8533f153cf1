import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { unitPriceLabel } from "../catalog/units";
import type { Database } from "../db/client";
import { emailOptOuts, products, users } from "../db/schema";
import { stockAlerts } from "../db/shop-tables";
import { defineJob } from "../jobs/registry";
import { enqueue } from "../jobs/queue";
import { queueEmail } from "../mail/send";
import { brandOf } from "../mail/render";
import { productUrl } from "../catalog/urls";
import { unsubscribeUrl } from "./unsubscribe";

export const BACK_IN_STOCK = "back-in-stock";
const BATCH = 500;

/**
 * Claims the waiting alerts whose product is on sale again: one UPDATE … WHERE notified_at IS NULL
 * … RETURNING, so when two instances run the slot each alert is claimed (and emailed) by one only.
 */
export async function claimBackInStockAlerts(db: Database, now: Date) {
  const ready = db
    .select({ id: stockAlerts.id })
    .from(stockAlerts)
    .innerJoin(products, eq(products.id, stockAlerts.productId))
    .where(and(isNull(stockAlerts.notifiedAt), eq(products.active, true), gt(products.stock, 0)))
    .limit(BATCH);
  return db
    .update(stockAlerts)
    .set({ notifiedAt: now })
    .where(and(inArray(stockAlerts.id, ready), isNull(stockAlerts.notifiedAt)))
    .returning({ id: stockAlerts.id, userId: stockAlerts.userId, productId: stockAlerts.productId });
}

export const backInStockJob = defineJob(BACK_IN_STOCK, z.object({ slot: z.string() }), async ({ payload, context }) => {
  const { database, clock, config } = context.deps;
  const db = database.db;
  const now = clock.now();
  const brand = brandOf(config);
  const claimed = await claimBackInStockAlerts(db, now);
  let sent = 0;
  for (const alert of claimed) {
    const [person] = await db.select({ name: users.name, email: users.email, deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, alert.userId));
    const [product] = await db.select().from(products).where(eq(products.id, alert.productId));
    if (!person || person.deactivatedAt || !product) continue;
    const [optedOut] = await db
      .select({ userId: emailOptOuts.userId })
      .from(emailOptOuts)
      .where(and(eq(emailOptOuts.userId, alert.userId), eq(emailOptOuts.kind, BACK_IN_STOCK)));
    if (optedOut) continue; // the alert stays claimed: they asked for no such emails
    const link = await unsubscribeUrl(db, brand.baseUrl, alert.userId, BACK_IN_STOCK, now);
    await queueEmail(db, now, {
      to: person.email,
      template: "back-in-stock",
      props: {
        name: person.name,
        product: { name: product.name, path: productUrl(product), priceCents: product.priceCents, unitLabel: unitPriceLabel("", product.unit).trim() },
        unsubscribeUrl: link,
      },
    });
    sent += 1;
  }
  return { payload: { slot: payload.slot, claimed: claimed.length, sent } };
});

export const queueBackInStock = (db: Database, slot: Date, now: Date) => enqueue(db, BACK_IN_STOCK, { slot: slot.toISOString() }, now);
