import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { randomToken } from "../accounts/tokens";
import type { DatabaseHandle } from "../db/client";
import { pickRecords } from "../db/picking-tables";
import { orderItems, orders } from "../db/shop-tables";
import type { VatRates } from "../tax/vat";
import { parseThousandths } from "../values/quantity";
import { pickProblems, type LinePick, type PickProblem } from "./final-amounts";
import { DEFAULT_WEIGHT_TOLERANCE_BP } from "./max-charge";
import { findOrder, orderedLineOf, substituteProducts } from "./order-lines";
import { barcodeMismatch, scannedBarcode } from "./barcode";

/*
 * Recording a line while the order is being picked (the picking screen and the API call this one
 * function with the one contract below). Only the pick record changes; the order's amounts change
 * when the pick is completed (complete.ts). Recording moves the order's change token, so a
 * completion worked out from records read before this one is refused rather than half right.
 */

const amount = (label: string) =>
  z
    .union([z.string(), z.number()], { message: `Enter the ${label} as a number.` })
    .transform((value, ctx) => {
      const milli = parseThousandths(String(value).trim(), 6);
      if (milli === null) {
        ctx.addIssue({ code: "custom", message: `Enter the ${label} as a number with at most 3 decimals, such as 1.25.` });
        return z.NEVER;
      }
      return milli;
    });
const optionalAmount = (label: string) =>
  z
    .union([z.literal(""), z.null(), amount(label)])
    .optional()
    .transform((value) => (typeof value === "number" ? value : null));

/** One line's pick: how much was picked (in the line's unit), its weight in kg for a weighed piece, and an optional substitute. */
export const pickLineInput = z.object({
  picked: amount("quantity picked"),
  weight_kg: optionalAmount("weight in kg"),
  substitute_product_id: z
    .union([z.literal(""), z.null(), z.coerce.number().int().positive()])
    .optional()
    .transform((value) => (typeof value === "number" ? value : null)),
  substitute_quantity: optionalAmount("substitute's quantity"),
  substitute_weight_kg: optionalAmount("substitute's weight in kg"),
  /** The ordered item's barcode, scanned or typed to confirm it is the right one (barcode.ts). */
  barcode: scannedBarcode.optional(),
});
export type PickLineInput = z.infer<typeof pickLineInput>;

export type RecordResult = { ok: true } | { ok: false; status: 404 | 409 | 422; message: string; problems?: PickProblem[] };

export async function recordPick(
  handle: DatabaseHandle,
  target: { orderId: number; lineId: number },
  input: PickLineInput,
  context: { actorId: number; now: Date; vatRates: VatRates },
): Promise<RecordResult> {
  const { db } = handle;
  const order = await findOrder(db, target.orderId);
  if (!order) return { ok: false, status: 404, message: "No such order." };
  if (order.status !== "picking") return { ok: false, status: 409, message: `This order is ${order.status.replace(/_/g, " ")}: start picking it first.` };
  const [item] = await db.select().from(orderItems).where(and(eq(orderItems.id, target.lineId), eq(orderItems.orderId, order.id)));
  if (!item || item.substituteForItemId !== null) return { ok: false, status: 404, message: "No such line on this order." };

  if (input.barcode) {
    const mismatch = await barcodeMismatch(db, { productId: item.productId, name: item.name }, input.barcode);
    if (mismatch) return { ok: false, status: 422, message: mismatch, problems: [{ lineId: item.id, field: "barcode", message: mismatch }] };
  }
  const line = orderedLineOf(item, context.vatRates);
  const shelf = input.substitute_product_id === null ? new Map() : await substituteProducts(db, [input.substitute_product_id], context.vatRates);
  const product = input.substitute_product_id === null ? null : shelf.get(input.substitute_product_id);
  if (input.substitute_product_id !== null && (!product || !product.active)) return { ok: false, status: 422, message: "That substitute is not a product on sale." };
  const pick: LinePick = {
    pickedQuantity: input.picked,
    pickedWeightGrams: input.weight_kg,
    substitute: product ? { ...product, quantity: input.substitute_quantity ?? 0, weightGrams: input.substitute_weight_kg } : null,
  };
  const problems = pickProblems(line, pick, order.weightToleranceBp ?? DEFAULT_WEIGHT_TOLERANCE_BP);
  if (problems.length) return { ok: false, status: 422, message: problems[0]!.message, problems };

  const token = randomToken(16);
  const stamped = sql`exists (select 1 from ${orders} where ${orders.id} = ${order.id} and ${orders.changeToken} = ${token})`;
  const values = {
    pickedQuantity: pick.pickedQuantity,
    pickedWeightGrams: line.pricePerKgCents !== null && pick.pickedQuantity > 0 ? pick.pickedWeightGrams : null,
    substituteProductId: product?.productId ?? null,
    substituteQuantity: product ? pick.substitute!.quantity : null,
    substituteWeightGrams: product?.pricePerKgCents != null ? pick.substitute!.weightGrams : null,
    pickerId: context.actorId,
    recordedAt: context.now,
  };
  await handle.atomic([
    db.update(orders).set({ changeToken: token, updatedAt: context.now }).where(and(eq(orders.id, order.id), eq(orders.status, "picking"))),
    db.delete(pickRecords).where(and(eq(pickRecords.orderItemId, item.id), stamped)),
    db.insert(pickRecords).select(
      db
        .select({
          id: sql<null>`null`.as("id"),
          orderId: orders.id,
          orderItemId: sql<number>`${item.id}`.as("order_item_id"),
          pickedQuantity: sql<number>`${values.pickedQuantity}`.as("picked_quantity"),
          pickedWeightGrams: sql<number | null>`${values.pickedWeightGrams}`.as("picked_weight_g"),
          substituteProductId: sql<number | null>`${values.substituteProductId}`.as("substitute_product_id"),
          substituteQuantity: sql<number | null>`${values.substituteQuantity}`.as("substitute_quantity"),
          substituteWeightGrams: sql<number | null>`${values.substituteWeightGrams}`.as("substitute_weight_g"),
          pickerId: sql<number>`${values.pickerId}`.as("picker_id"),
          recordedAt: sql<number>`${values.recordedAt.getTime()}`.as("recorded_at"),
        })
        .from(orders)
        .where(and(eq(orders.id, order.id), eq(orders.changeToken, token))),
    ),
  ]);
  const after = await findOrder(db, order.id);
  if (after?.changeToken !== token) return { ok: false, status: 409, message: "This order was completed or changed meanwhile; here is where it stands now." };
  return { ok: true };
}
