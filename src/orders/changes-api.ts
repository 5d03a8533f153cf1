import { createRoute, z } from "@hono/zod-openapi";
import { seesEveryOrder } from "./api-access";
import { bearerAuth, callerOf } from "../api/bearer";
import { apiRouter } from "../api/env";
import { ApiProblem, notFound, problems, problemType } from "../api/problem";
import { Cents, IdParam } from "../api/schemas";
import { toMilli } from "../values/quantity";
import { cardReauthorisation } from "../payments/reauthorise";
import { withStaffAudit } from "../picking/staff-edits";
import { changeOrder, changeRefusalText } from "./changes";
import { orderJson, OrderSchema } from "./json";
import { orderWithItems } from "./queries";

export const orderChangeApi = apiRouter();
orderChangeApi.use("/orders/:id/changes", bearerAuth());

const ChangeBody = z
  .object({
    slot_id: z.number().int().positive().optional().openapi({ description: "Move the order to this window (same fulfilment, with room, before its cut-off)." }),
    items: z
      .array(z.object({ product_id: z.number().int().positive(), quantity: z.number().min(0).max(1000).openapi({ description: "The new quantity in the product's unit; 0 removes the line." }) }))
      .max(200)
      .optional(),
    confirm: z.boolean().default(false).openapi({ description: "false: only answer the difference; true: apply the change." }),
  })
  .openapi("OrderChange");

const AmountsSchema = z.object({ subtotal_cents: Cents, discount_cents: Cents, total_cents: Cents, delivery_fee_cents: Cents, amount_due_cents: Cents, vat_cents: Cents });
const ChangeAnswer = z
  .object({
    applied: z.boolean(),
    before: AmountsSchema,
    after: AmountsSchema,
    difference_cents: z.number().int().openapi({ description: "after.amount_due_cents - before.amount_due_cents." }),
    order: OrderSchema,
  })
  .openapi("OrderChangeResult");

const amounts = (a: { subtotalCents: number; discountCents: number; totalCents: number; deliveryFeeCents: number; amountDueCents: number; vatCents: number }) => ({
  subtotal_cents: a.subtotalCents,
  discount_cents: a.discountCents,
  total_cents: a.totalCents,
  delivery_fee_cents: a.deliveryFeeCents,
  amount_due_cents: a.amountDueCents,
  vat_cents: a.vatCents,
});

orderChangeApi.openapi(
  createRoute({
    method: "post",
    path: "/orders/{id}/changes",
    operationId: "changeOrder",
    tags: ["Orders"],
    summary: "Change an order before its cut-off: another slot, other quantities",
    description:
      "Only a `placed` order before its window's cut-off (ADR 027). Stock, the promo's minimum and the minimum order are checked again and the fee and VAT recomputed, in one atomic unit. " +
      "With `confirm: false` nothing changes and the answer shows the difference. 409 when the order is locked, a slot is full or past its cut-off, or stock ran out.",
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: ChangeBody } } } },
    responses: { 200: { description: "The difference, and the order (changed when applied).", content: { "application/json": { schema: ChangeAnswer } } }, ...problems(400, 401, 404, 409, 422) },
  }),
  async (c) => {
    const { database, clock, config } = c.var.deps;
    const caller = callerOf(c);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const quantities = new Map((body.items ?? []).map((item) => [item.product_id, toMilli(item.quantity)]));
    const staff = seesEveryOrder(c);
    const result = await changeOrder(database, { orderId: id, actor: { id: caller.id, staff }, slotId: body.slot_id ?? null, quantities }, { now: clock.now(), config, confirm: body.confirm, hooks: staff ? withStaffAudit(cardReauthorisation(c.var.deps), { actorId: caller.id, now: clock.now() }) : cardReauthorisation(c.var.deps) });
    if (!result.ok) {
      const text = changeRefusalText(result.refusal);
      if (text.status === 404) throw notFound(text.message);
      throw new ApiProblem(text.status, text.status === 409 ? "Conflict" : "Unprocessable Content", text.message, { type: problemType(text.slug) });
    }
    const order = (await orderWithItems(database.db, id))!;
    const { preview } = result;
    return c.json({ applied: result.applied, before: amounts(preview.before), after: amounts(preview.after), difference_cents: preview.differenceCents, order: orderJson(order) }, 200);
  },
);
