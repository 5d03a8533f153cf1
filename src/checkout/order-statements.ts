import { and, eq, sql } from "drizzle-orm";
import type { BoundStatement, Database } from "../db/client";
import type { OrderLine } from "../orders/line";
import { products } from "../db/schema";
import { cartItems, carts, orderItems, orders, promoCodes, promoRedemptions } from "../db/shop-tables";
import { oncePerDatabase, StatementTemplate } from "../db/templates";
import { newOrderNoticeTemplate } from "../notifications/notices";
import { orderConfirmationTemplate } from "../orders/emails";
import { orderBookingTemplates } from "../fulfilment/reservations";

const value = sql.placeholder;

/** Cart lines per statement: D1 binds at most 100 parameters, and an order line takes 15 (with its VAT and picking facts). */
export const LINES_PER_STATEMENT = 6;

/** The order being placed, found inside the unit by its owner and idempotency key (its id is not known yet). */
export const placedOrderId = sql`(select ${orders.id} from ${orders} where ${orders.userId} = ${value("userId")} and ${orders.idempotencyKey} = ${value("key")})`;

/**
 * Everything checkout reads and writes, compiled once per database: an order is placed at the
 * rate the database can take it, not at the rate SQL can be generated (BENCHMARKS.md).
 */
export const checkoutStatements = oncePerDatabase((db: Database) => ({
  // The id alone comes from the unique index itself; the whole order is read only for a replay.
  orderIdByKey: db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.userId, value("userId")), eq(orders.idempotencyKey, value("key"))))
    .prepare(),
  orderById: db.select().from(orders).where(eq(orders.id, value("id"))).prepare(),
  /** The order placed from a version of a cart, if one was (unique). */
  orderFromCart: db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.cartId, value("cartId")), eq(orders.cartVersion, value("cartVersion"))))
    .prepare(),

  order: new StatementTemplate<{
    userId: number;
    key: string;
    fulfilment: string;
    deliveryAddress: string | null;
    note: string | null;
    subtotalCents: number;
    discountCents: number;
    totalCents: number;
    promoCodeId: number | null;
    promoCode: string | null;
    requestHash: string;
    cartId: number;
    cartVersion: number;
    slotWindowId: number | null;
    weightToleranceBp: number;
    maxChargeCents: number;
    deliveryFeeCents: number;
    deliveryFeeVatRateBp: number | null;
    deliveryFeeVatCents: number | null;
    now: Date;
  }>(
    db.insert(orders).values({
      userId: value("userId"),
      slotWindowId: value("slotWindowId"),
      weightToleranceBp: value("weightToleranceBp"),
      maxChargeCents: value("maxChargeCents"),
      deliveryFeeCents: value("deliveryFeeCents"),
      deliveryFeeVatRateBp: value("deliveryFeeVatRateBp"),
      deliveryFeeVatCents: value("deliveryFeeVatCents"),
      fulfilment: value("fulfilment"),
      deliveryAddress: value("deliveryAddress"),
      note: value("note"),
      subtotalCents: value("subtotalCents"),
      discountCents: value("discountCents"),
      totalCents: value("totalCents"),
      promoCodeId: value("promoCodeId"),
      promoCode: value("promoCode"),
      idempotencyKey: value("key"),
      requestHash: value("requestHash"),
      cartId: value("cartId"),
      cartVersion: value("cartVersion"),
      placedAt: value("now"),
      updatedAt: value("now"),
    }),
  ),
  countPromoUse: new StatementTemplate<{ promoCodeId: number }>(
    db.update(promoCodes).set({ timesUsed: sql`${promoCodes.timesUsed} + 1` }).where(eq(promoCodes.id, value("promoCodeId"))),
  ),
  redeemPromo: new StatementTemplate<{ userId: number; key: string; promoCodeId: number; now: Date }>(
    db.insert(promoRedemptions).values({ promoCodeId: value("promoCodeId"), userId: value("userId"), orderId: placedOrderId, redeemedAt: value("now") }),
  ),
  confirmation: orderConfirmationTemplate(db, placedOrderId),
  ...orderBookingTemplates(db, placedOrderId),
  staffNotice: newOrderNoticeTemplate(db, placedOrderId),
  emptyCart: new StatementTemplate<{ cartId: number }>(db.delete(cartItems).where(eq(cartItems.cartId, value("cartId")))),
  clearCartPromo: new StatementTemplate<{ cartId: number; nowMs: number }>(
    db.update(carts).set({ promoCode: null, updatedAt: sql`${value("nowMs")}` }).where(eq(carts.id, value("cartId"))),
  ),
}));

/** An order line as checkout writes it, with its VAT and its share of the discount. */
export type LineValues = OrderLine & {
  /** VAT at purchase (ADR 015); null when not computed. */
  vatRateBp: number | null;
  discountCents: number | null;
  vatCents: number | null;
  /** The note for the picker. */
  substituteNote: string | null;
};

/**
 * The order's lines, `count` in one statement, and their stock taken in another (`UPDATE ... FROM
 * (VALUES ...)`): two statements for an order instead of two per line. Compiled once per count.
 * The CHECK (stock >= 0) refuses an oversell and rolls the whole unit back; popularity (sold) is
 * tallied later (src/catalog/popularity.ts). Times are bound as epoch milliseconds (the column's
 * storage), as updates take placeholders only inside SQL.
 */
const lineTemplates = oncePerDatabase(() => new Map<number, { lines: StatementTemplate<Record<string, unknown>>; stock: StatementTemplate<Record<string, unknown>> }>());

function linesOf(db: Database, count: number) {
  const known = lineTemplates(db).get(count);
  if (known) return known;
  const at = Array.from({ length: count }, (_, i) => i);
  const lines = new StatementTemplate<Record<string, unknown>>(
    db.insert(orderItems).values(
      at.map((i) => ({
        orderId: placedOrderId,
        productId: value(`productId${i}`),
        name: value(`name${i}`),
        unit: value(`unit${i}`),
        quantity: value(`quantity${i}`),
        priceCents: value(`priceCents${i}`),
        lineTotalCents: value(`lineTotalCents${i}`),
        vatRateBp: value(`vatRateBp${i}`),
        discountCents: value(`discountCents${i}`),
        vatCents: value(`vatCents${i}`),
        allowSubstitute: value(`allowSubstitute${i}`),
        substituteNote: value(`substituteNote${i}`),
        pricePerKgCents: value(`pricePerKgCents${i}`),
        estimatedWeightGrams: value(`estimatedWeightGrams${i}`),
      })),
    ),
  );
  const taken = sql.join(at.map((i) => sql`(${value(`productId${i}`)}, ${value(`quantity${i}`)})`), sql`, `);
  const stock = new StatementTemplate<Record<string, unknown>>(
    db
      .update(products)
      .set({ stock: sql`${products.stock} - "taken"."column2"`, updatedAt: sql`${value("nowMs")}` })
      .from(sql`(values ${taken}) as "taken"`)
      .where(eq(products.id, sql`"taken"."column1"`)),
  );
  const templates = { lines, stock };
  lineTemplates(db).set(count, templates);
  return templates;
}

/** The statements that record `lines` and take their stock, at most LINES_PER_STATEMENT lines to a statement. */
export function lineStatements(db: Database, lines: LineValues[], placed: { userId: number; key: string }, nowMs: number): BoundStatement[] {
  const statements: BoundStatement[] = [];
  for (let start = 0; start < lines.length; start += LINES_PER_STATEMENT) {
    const chunk = lines.slice(start, start + LINES_PER_STATEMENT);
    const values: Record<string, unknown> = { ...placed, nowMs };
    chunk.forEach((line, i) => {
      values[`productId${i}`] = line.productId;
      values[`name${i}`] = line.name;
      values[`unit${i}`] = line.unit;
      values[`quantity${i}`] = line.quantity;
      values[`priceCents${i}`] = line.priceCents;
      values[`lineTotalCents${i}`] = line.lineTotalCents;
      values[`vatRateBp${i}`] = line.vatRateBp;
      values[`discountCents${i}`] = line.discountCents;
      values[`vatCents${i}`] = line.vatCents;
      values[`allowSubstitute${i}`] = line.allowSubstitute ? 1 : 0;
      values[`substituteNote${i}`] = line.substituteNote;
      values[`pricePerKgCents${i}`] = line.pricePerKgCents;
      values[`estimatedWeightGrams${i}`] = line.estimatedWeightGrams;
    });
    const templates = linesOf(db, chunk.length);
    statements.push(templates.lines.bind(values), templates.stock.bind(values));
  }
  return statements;
}
