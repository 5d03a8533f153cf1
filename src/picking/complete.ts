import { and, eq, sql } from "drizzle-orm";
import { randomToken } from "../accounts/tokens";
import type { BoundStatement, DatabaseHandle, UnitStatement } from "../db/client";
import { products } from "../db/schema";
import { orderItems, orders, type Order, type OrderStatus } from "../db/shop-tables";
import { EMAIL_ATTEMPTS } from "../mail/send";
import { orderEventStatement } from "../orders/history";
import { captureWhenPicked } from "../payments/on-cancel";
import type { VatRates } from "../tax/vat";
import { finalAmounts, pickProblems, type FinalAmounts, type LinePick, type PickProblem } from "./final-amounts";
import { DEFAULT_WEIGHT_TOLERANCE_BP } from "./max-charge";
import { findOrder, linePickOf, orderedItems, orderForFinal, pickRecordsOf, substituteProducts } from "./order-lines";

/*
 * Completing the pick (ADR 029): ONE atomic unit writes each line's picked quantity, weight and
 * charge, the substitutes as their own lines linked to the lines they replace, the stock each line
 * gives back or takes, the promo re-applied, the VAT recomputed and the order's final total, and
 * moves the order to "picked". The order's update is guarded by the state and change token read
 * before the amounts were worked out, and every other statement acts only if that update stamped
 * the order with this completion's token: of two pickers completing at once one wins, the other
 * is told, and nothing is half-written.
 */

/** The job that tells the shopper their order's final amounts (src/picking/emails.ts). */
export const ORDER_PICKED_EMAIL = "order-picked";

/** States a pick can be completed from: "placed" is picked in one step (every line as ordered). */
export const COMPLETABLE_FROM: OrderStatus[] = ["placed", "picking"];

export type Completion = { orderId: number; changeToken: string; final: FinalAmounts };

export type CompletionContext = {
  actorId: number;
  now: Date;
  vatRates: VatRates;
  /**
   * More statements for the same unit, acting only on a stamped order (`stamped(orderId, token)`):
   * e.g. the payment capture job for `final.amountDueCents`. They commit with the pick or not at all.
   */
  alsoInUnit?: (completion: Completion) => UnitStatement[];
};

export type CompletionRefusal = { ok: false; status: 404 | 409 | 422; code: string; message: string; problems?: PickProblem[] };
export type CompletionResult = { ok: true; orderId: number; final: FinalAmounts } | CompletionRefusal;

const refusal = (status: CompletionRefusal["status"], code: string, message: string, problems?: PickProblem[]): CompletionRefusal => ({ ok: false, status, code, message, problems });

/** SQL true only while the order carries `token`: the condition every statement after the guarded update shares. */
export const stampedSql = (orderId: number, token: string) => sql`exists (select 1 from ${orders} where ${orders.id} = ${orderId} and ${orders.changeToken} = ${token})`;
const STAMPED = `exists (select 1 from "orders" where "id" = ? and "change_token" = ?)`;

/** Works out the final amounts from what was recorded, then writes them in one unit; see the module comment. */
export async function completePick(handle: DatabaseHandle, orderId: number, context: CompletionContext): Promise<CompletionResult> {
  const { db } = handle;
  const order = await findOrder(db, orderId);
  if (!order) return refusal(404, "not-found", "No such order.");
  if (!COMPLETABLE_FROM.includes(order.status)) return refusal(409, "not-picking", `This order is ${order.status.replace(/_/g, " ")}: its pick can't be completed now.`);
  const worked = await workOut(handle, order, context.vatRates);
  if (!worked.ok) return worked;
  const { final } = worked;
  if (order.maxChargeCents !== null && final.amountDueCents > order.maxChargeCents) {
    return refusal(422, "over-max-charge", `This pick comes to ${final.amountDueCents} cents, more than the ${order.maxChargeCents} the shopper agreed to: pick less of the weighed lines.`);
  }
  const short = await shortOnShelf(handle, final);
  if (short) return refusal(409, "not-enough-stock", short);

  const token = randomToken(16);
  const statements = completionStatements(handle, order, final, token, context);
  try {
    await handle.atomic(statements);
  } catch (error) {
    return explain(error);
  }
  const after = await findOrder(db, orderId);
  if (after?.changeToken !== token) return refusal(409, "changed", "Someone else completed or changed this order meanwhile; here is where it stands now.");
  return { ok: true, orderId, final };
}

type Worked = { ok: true; final: FinalAmounts } | CompletionRefusal;

async function workOut(handle: DatabaseHandle, order: Order, vatRates: VatRates): Promise<Worked> {
  const { db } = handle;
  const items = await orderedItems(db, order.id);
  const records = order.status === "picking" ? await pickRecordsOf(db, order.id) : [];
  const shelf = await substituteProducts(db, records.flatMap((record) => (record.substituteProductId === null ? [] : [record.substituteProductId])), vatRates);
  const unavailable = [...shelf.values()].find((product) => !product.active);
  if (unavailable) return refusal(409, "substitute-unavailable", `${unavailable.name} is no longer sold: choose another substitute.`);
  const picks = new Map<number, LinePick>();
  for (const record of records) {
    const pick = linePickOf(record, shelf);
    if (!pick) return refusal(409, "substitute-unavailable", "A chosen substitute no longer exists: choose another.");
    picks.set(record.orderItemId, pick);
  }
  const forFinal = await orderForFinal(db, order, items, vatRates);
  const tolerance = order.weightToleranceBp ?? DEFAULT_WEIGHT_TOLERANCE_BP;
  const problems = forFinal.lines.flatMap((line) => (picks.has(line.id) ? pickProblems(line, picks.get(line.id)!, tolerance) : []));
  if (problems.length) return refusal(422, "invalid-pick", problems[0]!.message, problems);
  return { ok: true, final: finalAmounts(forFinal, picks) };
}

/** The first product the pick would take more of than the shelf holds, said plainly (the database refuses it anyway). */
async function shortOnShelf(handle: DatabaseHandle, final: FinalAmounts): Promise<string | null> {
  for (const [productId, delta] of final.stock) {
    if (delta >= 0) continue;
    const [row] = await handle.db.select({ name: products.name, stock: products.stock }).from(products).where(eq(products.id, productId));
    if (row && row.stock + delta < 0) return `Not enough ${row.name} on the shelf for this pick (${row.stock / 1000} left): pick less or another substitute.`;
  }
  return null;
}

function explain(error: unknown): CompletionRefusal {
  const text = String(error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : error);
  if (/products_stock_not_negative|stock/.test(text)) return refusal(409, "not-enough-stock", "Not enough on the shelf for a line of this pick any more: pick again.");
  if (/order_item_price_changed/.test(text)) return refusal(409, "substitute-price-changed", "A substitute's price changed while picking: complete again.");
  if (/orders_final_amounts_valid/.test(text)) return refusal(422, "over-max-charge", "This pick comes to more than the shopper agreed to: pick less of the weighed lines.");
  throw error;
}

/** The whole completion; every statement after the first acts only if the first stamped the order with `token`. */
export function completionStatements(handle: DatabaseHandle, order: Order, final: FinalAmounts, token: string, context: CompletionContext): [UnitStatement, ...UnitStatement[]] {
  const { db } = handle;
  const stamped = stampedSql(order.id, token);
  const statements: [UnitStatement, ...UnitStatement[]] = [
    db
      .update(orders)
      .set({
        status: "picked",
        changeToken: token,
        pickedAt: context.now,
        pickingBy: order.pickingBy ?? context.actorId,
        finalSubtotalCents: final.subtotalCents,
        finalDiscountCents: final.discountCents,
        finalTotalCents: final.totalCents,
        finalVatCents: final.vatCents,
        updatedAt: context.now,
      })
      .where(and(eq(orders.id, order.id), eq(orders.status, order.status), sql`${orders.changeToken} is ${order.changeToken}`)),
    orderEventStatement(db, { orderId: order.id, changeToken: token, from: order.status, actorId: context.actorId, now: context.now }),
  ];
  for (const line of final.lines) {
    statements.push(
      db
        .update(orderItems)
        .set({ pickedQuantity: line.pickedQuantity, pickedWeightGrams: line.pickedWeightGrams, chargedCents: line.chargedCents, finalDiscountCents: line.discountCents, finalVatCents: line.vatCents })
        .where(and(eq(orderItems.id, line.lineId), stamped)),
    );
  }
  // Lines nobody recorded one by one (the board's one-step "Mark picked", or lines left as ordered) were picked as ordered: recorded so (ADR 050), for the picking report.
  for (const line of final.lines) statements.push(asOrderedRecord(order.id, token, line, context));
  for (const substitute of final.substitutes) statements.push(substituteInsert(order.id, token, substitute));
  for (const [productId, delta] of final.stock) {
    if (delta === 0) continue;
    statements.push(db.update(products).set({ stock: sql`${products.stock} + ${delta}`, updatedAt: context.now }).where(and(eq(products.id, productId), stamped)));
  }
  statements.push(pickedEmailJob(order.id, token, context.now));
  // A card order is captured for the final amount: the payments' job, queued only if this unit stamped the order.
  statements.push(captureWhenPicked(order.id, token, context.now));
  if (context.alsoInUnit) statements.push(...context.alsoInUnit({ orderId: order.id, changeToken: token, final }));
  return statements;
}

function substituteInsert(orderId: number, token: string, substitute: FinalAmounts["substitutes"][number]): BoundStatement {
  return {
    sql: `insert into "order_items" ("order_id", "product_id", "name", "unit", "quantity", "price_cents", "line_total_cents", "vat_rate_bp", "discount_cents", "vat_cents", "allow_substitute", "price_per_kg_cents", "estimated_weight_g", "substitute_for_item_id", "picked_quantity", "picked_weight_g", "charged_cents", "final_discount_cents", "final_vat_cents") select ?, ?, ?, ?, ?, ?, ?, ?, null, null, 0, ?, ?, ?, ?, ?, ?, ?, ? where ${STAMPED}`,
    params: [
      orderId,
      substitute.productId,
      substitute.name,
      substitute.unit,
      substitute.quantity,
      substitute.priceCents,
      substitute.lineTotalCents,
      substitute.vatRateBp,
      substitute.pricePerKgCents,
      substitute.estimatedWeightGrams,
      substitute.substituteFor,
      substitute.quantity,
      substitute.weightGrams,
      substitute.chargedCents,
      substitute.discountCents,
      substitute.vatCents,
      orderId,
      token,
    ],
  };
}

/** A pick record for a line that has none, as it was completed: by this picker, now. */
function asOrderedRecord(orderId: number, token: string, line: FinalAmounts["lines"][number], context: CompletionContext): BoundStatement {
  return {
    sql: `insert into "pick_records" ("order_id", "order_item_id", "picked_quantity", "picked_weight_g", "picker_id", "recorded_at") select ?, ?, ?, ?, ?, ? where ${STAMPED} and not exists (select 1 from "pick_records" where "order_item_id" = ?)`,
    params: [orderId, line.lineId, line.pickedQuantity, line.pickedWeightGrams, context.actorId, context.now.getTime(), orderId, token, line.lineId],
  };
}

/** The shopper's "your order is picked" email with the final amounts, queued in the unit. */
function pickedEmailJob(orderId: number, token: string, now: Date): BoundStatement {
  return {
    sql: `insert into "jobs" ("type", "payload", "run_at", "max_attempts", "created_at") select ?, json_object('orderId', ?), ?, ?, ? where ${STAMPED}`,
    params: [ORDER_PICKED_EMAIL, orderId, now.getTime(), EMAIL_ATTEMPTS, now.getTime(), orderId, token],
  };
}
