import { and, asc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { slotWindows } from "../db/fulfilment-tables";
import { pickRecords } from "../db/picking-tables";
import { categories, products, users } from "../db/schema";
import { orderItems, orders, type OrderStatus } from "../db/shop-tables";
import { orderNumber } from "../orders/queries";
import type { OrderLine } from "../orders/line";

/*
 * What there is to pick (the picking screen and the handheld API read this one module): the orders
 * of a day's slots, batched by slot, and their lines in the shop's walk order (aisles by
 * categories.walk_order, aisles without one last, then by aisle and product name), each with what
 * the picker recorded so far and the shopper's substitution choice and note.
 */

/** Orders a picker works on: not started, being picked, and picked (shown as done). */
export const ON_THE_PICK_LIST: OrderStatus[] = ["placed", "picking", "picked"];

export type PickSlot = { id: number; startsAt: Date; endsAt: Date; fulfilment: "delivery" | "collection"; orders: number };

export type PickListOrder = {
  id: number;
  number: string;
  status: OrderStatus;
  customerName: string;
  fulfilment: "delivery" | "pickup";
  slotId: number | null;
  note: string | null;
  lines: number;
  recorded: number;
};

export type PickRecordView = {
  pickedQuantity: number;
  pickedWeightGrams: number | null;
  substituteProductId: number | null;
  substituteName: string | null;
  substituteUnit: string | null;
  substituteQuantity: number | null;
  substituteWeightGrams: number | null;
};

export type PickListLine = OrderLine & {
  orderId: number;
  orderNumber: string;
  orderStatus: OrderStatus;
  lineId: number;
  substituteNote: string | null;
  gtin: string | null;
  aisle: string;
  walkOrder: number | null;
  record: PickRecordView | null;
};

export type PickList = { slots: PickSlot[]; unslotted: number; orders: PickListOrder[]; lines: PickListLine[] };

export type PickListFilter = { day: { from: Date; to: Date }; slotId?: number | null; orderId?: number };

const inDay = (day: PickListFilter["day"]) =>
  or(and(gte(slotWindows.startsAt, day.from), lt(slotWindows.startsAt, day.to)), and(isNull(orders.slotWindowId), gte(orders.placedAt, day.from), lt(orders.placedAt, day.to)));

/** The slots of the day with orders to pick, and how many orders have no slot. */
async function slotsOf(db: Database, day: PickListFilter["day"]): Promise<{ slots: PickSlot[]; unslotted: number }> {
  const rows = await db
    .select({ id: slotWindows.id, startsAt: slotWindows.startsAt, endsAt: slotWindows.endsAt, fulfilment: slotWindows.fulfilment, orders: sql<number>`count(${orders.id})` })
    .from(orders)
    .leftJoin(slotWindows, eq(slotWindows.id, orders.slotWindowId))
    .where(and(inArray(orders.status, ON_THE_PICK_LIST), inDay(day)))
    .groupBy(slotWindows.id)
    .orderBy(asc(slotWindows.startsAt));
  const slots: PickSlot[] = [];
  let unslotted = 0;
  for (const row of rows) {
    if (row.id === null || row.startsAt === null || row.endsAt === null || row.fulfilment === null) unslotted += Number(row.orders);
    else slots.push({ id: row.id, startsAt: row.startsAt, endsAt: row.endsAt, fulfilment: row.fulfilment, orders: Number(row.orders) });
  }
  return { slots, unslotted };
}

/** A day's pick list, for one slot (slotId), the orders with no slot (slotId null), or every slot (undefined). */
export async function pickList(db: Database, filter: PickListFilter): Promise<PickList> {
  const { slots, unslotted } = await slotsOf(db, filter.day);
  const which =
    filter.orderId !== undefined
      ? eq(orders.id, filter.orderId)
      : typeof filter.slotId === "number"
        ? eq(orders.slotWindowId, filter.slotId) // a slot's orders, whatever day they were placed
        : and(inDay(filter.day), filter.slotId === null ? isNull(orders.slotWindowId) : undefined);
  const rows = await db
    .select({
      id: orders.id,
      status: orders.status,
      customerName: users.name,
      fulfilment: orders.fulfilment,
      slotId: orders.slotWindowId,
      note: orders.note,
      placedAt: orders.placedAt,
    })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.userId))
    .leftJoin(slotWindows, eq(slotWindows.id, orders.slotWindowId))
    .where(and(inArray(orders.status, ON_THE_PICK_LIST), which))
    .orderBy(asc(slotWindows.startsAt), asc(orders.id));
  const lines = await linesOf(db, rows.map((row) => row.id));
  const listed = rows.map((row): PickListOrder => {
    const own = lines.filter((line) => line.orderId === row.id);
    return { ...row, number: orderNumber(row), lines: own.length, recorded: own.filter((line) => line.record !== null).length };
  });
  return { slots, unslotted, orders: listed, lines };
}

/** The ordered lines of these orders in walk order, with their pick records. */
export async function linesOf(db: Database, orderIds: number[]): Promise<PickListLine[]> {
  if (orderIds.length === 0) return [];
  const rows = await db
    .select({
      orderId: orderItems.orderId,
      orderStatus: orders.status,
      lineId: orderItems.id,
      productId: orderItems.productId,
      name: orderItems.name,
      unit: orderItems.unit,
      quantity: orderItems.quantity,
      priceCents: orderItems.priceCents,
      lineTotalCents: orderItems.lineTotalCents,
      pricePerKgCents: orderItems.pricePerKgCents,
      estimatedWeightGrams: orderItems.estimatedWeightGrams,
      allowSubstitute: orderItems.allowSubstitute,
      substituteNote: orderItems.substituteNote,
      gtin: products.gtin,
      aisle: categories.name,
      walkOrder: categories.walkOrder,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(products, eq(products.id, orderItems.productId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(inArray(orderItems.orderId, orderIds), isNull(orderItems.substituteForItemId)))
    .orderBy(sql`${categories.walkOrder} is null`, asc(categories.walkOrder), asc(categories.name), asc(orderItems.name), asc(orderItems.orderId));
  const records = await recordsOf(db, orderIds);
  return rows.map((row) => ({ ...row, orderNumber: orderNumber({ id: row.orderId }), record: records.get(row.lineId) ?? null }));
}

async function recordsOf(db: Database, orderIds: number[]): Promise<Map<number, PickRecordView>> {
  const rows = await db
    .select({
      lineId: pickRecords.orderItemId,
      pickedQuantity: pickRecords.pickedQuantity,
      pickedWeightGrams: pickRecords.pickedWeightGrams,
      substituteProductId: pickRecords.substituteProductId,
      substituteName: products.name,
      substituteUnit: products.unit,
      substituteQuantity: pickRecords.substituteQuantity,
      substituteWeightGrams: pickRecords.substituteWeightGrams,
    })
    .from(pickRecords)
    .leftJoin(products, eq(products.id, pickRecords.substituteProductId))
    .where(inArray(pickRecords.orderId, orderIds));
  return new Map(rows.map(({ lineId, ...record }) => [lineId, record]));
}

/** One line of an order, as the list shows it (null when the order has no such ordered line). */
export async function pickListLine(db: Database, orderId: number, lineId: number): Promise<PickListLine | null> {
  return (await linesOf(db, [orderId])).find((line) => line.lineId === lineId) ?? null;
}

/** How many of an order's ordered lines have a record: the picking screen's "x of y lines recorded". */
export async function pickCountOf(db: Database, orderId: number): Promise<{ recorded: number; lines: number }> {
  const lines = await linesOf(db, [orderId]);
  return { recorded: lines.filter((line) => line.record !== null).length, lines: lines.length };
}
