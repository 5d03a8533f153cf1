import { and, asc, desc, eq, gt, inArray, isNull, lte, or } from "drizzle-orm";
import { z } from "zod";
import { dataExports, signIns, type DataExport } from "../../db/account-tables";
import type { Database, DatabaseHandle } from "../../db/client";
import { addresses } from "../../db/fulfilment-tables";
import { emailOptOuts, linkedIdentities, noticesSent, notifications, products, totpSecrets, users, type User } from "../../db/schema";
import { orderItems, orders, stockAlerts, wishlistItems } from "../../db/shop-tables";
import { enqueue } from "../../jobs/queue";
import { defineJob } from "../../jobs/registry";
import { brandOf } from "../../mail/render";
import { queueEmail } from "../../mail/send";
import { centsText, csvDocument, milliText } from "../../reports/csv";
import { OPTIONAL_EMAILS } from "../../notifications/unsubscribe";
import { invoicesForExport } from "../../invoices/export";

/*
 * "Take your data with you" (GDPR articles 15 and 20): a job prepares everything the store holds
 * about the shopper as JSON, plus their orders as CSV; the account page links to it while it is
 * kept (DATA_EXPORT_DAYS), the owner is emailed when it is ready, and the housekeeping removes it after.
 */

export const PREPARE_DATA_EXPORT = "prepare-data-export";
const DAY_MS = 24 * 60 * 60 * 1000;

/** The shopper's exports still worth showing: being prepared, or ready and not expired. */
export async function listExports(db: Database, userId: number, now: Date): Promise<DataExport[]> {
  return db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.userId, userId), or(isNull(dataExports.readyAt), gt(dataExports.expiresAt, now))))
    .orderBy(desc(dataExports.id));
}

export type ExportRequest = { ok: true; export: DataExport; fresh: boolean };

/** A new copy at most this often: the last one is still there to download. */
const EXPORT_EVERY_MS = 60 * 60 * 1000;

/** Queues a new export, or returns the one being prepared or made within the hour (each copy costs a job and storage). */
export async function requestExport(handle: DatabaseHandle, user: User, now: Date): Promise<ExportRequest> {
  const { db } = handle;
  const [recent] = await db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.userId, user.id), or(isNull(dataExports.readyAt), gt(dataExports.createdAt, new Date(now.getTime() - EXPORT_EVERY_MS)))))
    .orderBy(desc(dataExports.id))
    .limit(1);
  if (recent) return { ok: true, export: recent, fresh: false };
  const [row] = await db.insert(dataExports).values({ userId: user.id, createdAt: now }).returning();
  const job = await enqueue(db, PREPARE_DATA_EXPORT, { exportId: row!.id }, now, { maxAttempts: 3 });
  await db.update(dataExports).set({ jobId: job.id }).where(eq(dataExports.id, row!.id));
  return { ok: true, export: { ...row!, jobId: job.id }, fresh: true };
}

/** A ready, unexpired export of this user's, for download. */
export async function readyExport(db: Database, userId: number, exportId: number, now: Date): Promise<DataExport | null> {
  const [row] = await db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.id, exportId), eq(dataExports.userId, userId), gt(dataExports.expiresAt, now)));
  return row?.data ? row : null;
}

export async function findExport(db: Database, userId: number, exportId: number): Promise<DataExport | null> {
  const [row] = await db.select().from(dataExports).where(and(eq(dataExports.id, exportId), eq(dataExports.userId, userId)));
  return row ?? null;
}

/** Expired downloads go (called by the housekeeping job). */
export async function sweepExpiredExports(db: Database, now: Date): Promise<number> {
  const gone = await db.delete(dataExports).where(lte(dataExports.expiresAt, now)).returning({ id: dataExports.id });
  return gone.length;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Everything the store holds about the person, as one JSON-ready object, and their orders as rows. */
export async function collectPersonalData(db: Database, user: User) {
  const [orderRows, wishlist, alerts, optOuts, sent, notices, identities, totp, places, book] = await Promise.all([
    db.select().from(orders).where(eq(orders.userId, user.id)).orderBy(asc(orders.id)),
    db.select({ product: products.name, addedAt: wishlistItems.addedAt }).from(wishlistItems).innerJoin(products, eq(products.id, wishlistItems.productId)).where(eq(wishlistItems.userId, user.id)),
    db.select({ product: products.name, createdAt: stockAlerts.createdAt, notifiedAt: stockAlerts.notifiedAt }).from(stockAlerts).innerJoin(products, eq(products.id, stockAlerts.productId)).where(eq(stockAlerts.userId, user.id)),
    db.select().from(emailOptOuts).where(eq(emailOptOuts.userId, user.id)),
    db.select().from(noticesSent).where(eq(noticesSent.userId, user.id)),
    db.select().from(notifications).where(eq(notifications.recipientId, user.id)),
    db.select().from(linkedIdentities).where(eq(linkedIdentities.userId, user.id)),
    db.select({ enabledAt: totpSecrets.enabledAt }).from(totpSecrets).where(eq(totpSecrets.userId, user.id)),
    db.select().from(signIns).where(eq(signIns.userId, user.id)),
    db.select().from(addresses).where(eq(addresses.userId, user.id)).orderBy(asc(addresses.id)),
  ]);
  const lines = orderRows.length ? await db.select().from(orderItems).where(inArray(orderItems.orderId, orderRows.map((order) => order.id))).orderBy(asc(orderItems.id)) : [];
  const documents = await invoicesForExport(db, orderRows.map((order) => order.id));
  const off = new Set(optOuts.map((row) => row.kind));
  const data = {
    exported_at: null as string | null,
    account: {
      id: user.id,
      name: user.name,
      email: user.email,
      email_confirmed_at: iso(user.emailVerifiedAt),
      role: user.role,
      created_at: iso(user.createdAt),
      last_login_at: iso(user.lastLoginAt),
      has_password: Boolean(user.passwordHash),
      two_step_sign_in: Boolean(totp[0]?.enabledAt),
      sign_in_providers: identities.map((row) => ({ provider: row.provider, email: row.email, linked_at: iso(row.createdAt) })),
    },
    address_book: book.map((row) => ({ label: row.label, line1: row.line1, line2: row.line2, town: row.town, postcode: row.postcode, default: row.isDefault })),
    delivery_addresses_used: [...new Set(orderRows.map((order) => order.deliveryAddress).filter((address): address is string => Boolean(address)))],
    orders: orderRows.map((order) => ({
      id: order.id,
      placed_at: iso(order.placedAt),
      status: order.status,
      fulfilment: order.fulfilment,
      delivery_address: order.deliveryAddress,
      note: order.note,
      promo_code: order.promoCode,
      subtotal_cents: order.subtotalCents,
      discount_cents: order.discountCents,
      total_cents: order.totalCents,
      delivery_fee_cents: order.deliveryFeeCents,
      lines: lines
        .filter((line) => line.orderId === order.id)
        .map((line) => ({ product: line.name, quantity: Number(milliText(line.quantity)), unit: line.unit, price_cents: line.priceCents, line_total_cents: line.lineTotalCents })),
    })),
    invoices: documents,
    wishlist: wishlist.map((row) => ({ product: row.product, added_at: iso(row.addedAt) })),
    back_in_stock_requests: alerts.map((row) => ({ product: row.product, requested_at: iso(row.createdAt), notified_at: iso(row.notifiedAt) })),
    notices: [
      ...sent.map((row) => ({ kind: row.kind, sent_at: iso(row.sentAt) })),
      ...notices.map((row) => ({ kind: row.kind, title: row.title, body: row.body, sent_at: iso(row.createdAt) })),
    ],
    consents: {
      optional_emails: Object.fromEntries(Object.keys(OPTIONAL_EMAILS).map((kind) => [kind, !off.has(kind)])),
      opted_out: optOuts.map((row) => ({ kind: row.kind, at: iso(row.createdAt) })),
    },
    sign_ins: places.map((row) => ({ kind: row.kind, user_agent: row.userAgent, address: row.ip, since: iso(row.createdAt), last_used_at: iso(row.lastUsedAt) })),
  };
  return data;
}

export function ordersCsv(data: Awaited<ReturnType<typeof collectPersonalData>>): string {
  return csvDocument(
    ["order", "placed_at", "status", "fulfilment", "delivery_address", "lines", "subtotal", "discount", "promo_code", "total"],
    data.orders.map((order) => [
      order.id,
      order.placed_at,
      order.status,
      order.fulfilment,
      order.delivery_address ?? "",
      order.lines.length,
      centsText(order.subtotal_cents),
      centsText(order.discount_cents),
      order.promo_code ?? "",
      centsText(order.total_cents),
    ]),
  );
}

export const prepareDataExportJob = defineJob(PREPARE_DATA_EXPORT, z.object({ exportId: z.number().int().positive() }), async ({ payload, context }) => {
  const { database, clock, config } = context.deps;
  const { db } = database;
  const [row] = await db.select().from(dataExports).where(eq(dataExports.id, payload.exportId));
  if (!row) return; // the account was closed meanwhile
  const [user] = await db.select().from(users).where(eq(users.id, row.userId));
  if (!user || user.deletedAt) return;
  const now = clock.now();
  const data = await collectPersonalData(db, user);
  data.exported_at = now.toISOString();
  const expiresAt = new Date(now.getTime() + config.DATA_EXPORT_DAYS * DAY_MS);
  await db.update(dataExports).set({ data: JSON.stringify(data, null, 2), ordersCsv: ordersCsv(data), readyAt: now, expiresAt }).where(eq(dataExports.id, row.id));
  const base = brandOf(config).baseUrl.replace(/\/$/, "");
  const expiresOn = new Intl.DateTimeFormat(config.LOCALE, { dateStyle: "long", timeZone: config.STORE_TIMEZONE }).format(expiresAt);
  await queueEmail(db, now, { to: user.email, template: "data-export-ready", props: { name: user.name, downloadUrl: `${base}/account#your-data`, expiresOn } });
  return { resultUrl: `/account#your-data` };
});
