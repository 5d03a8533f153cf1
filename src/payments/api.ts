import { createRoute, z } from "@hono/zod-openapi";
import { bearerAuth, callerOf, requireStaffRole } from "../api/bearer";
import { apiRouter } from "../api/env";
import { ApiProblem, notFound, problems } from "../api/problem";
import { IdParam } from "../api/schemas";
import { orderWithItems } from "../orders/queries";
import { collectionInput } from "./collect";
import { recordCollection } from "./collect";
import { PaymentSchema, paymentJson } from "./json";
import { refundInput, refundOrder } from "./refunds";

/** Managers' payment work through the API: the same domain functions and schemas as the back-office page. */
export const paymentApi = apiRouter();
paymentApi.use("/orders/:id/refunds", bearerAuth(), requireStaffRole("manager"));
paymentApi.use("/orders/:id/payments", bearerAuth(), requireStaffRole("manager"));

const paymentContent = { "application/json": { schema: PaymentSchema } };

const RefundBody = z
  .object({
    amount_cents: z.number().int().positive().openapi({ example: 189 }),
    reason: z.string().openapi({ example: "Refused substitute at the door" }),
  })
  .openapi("RefundRequest");

const CollectionBody = z
  .object({
    instrument: z.enum(["card_terminal", "cash"]).openapi({ example: "card_terminal" }),
    amount_cents: z.number().int().positive().openapi({ example: 2450 }),
  })
  .openapi("CollectionRequest");

const failed = (result: { status: 404 | 409 | 422; message: string }) =>
  result.status === 404 ? notFound(result.message) : new ApiProblem(result.status, result.status === 409 ? "Conflict" : "Unprocessable Content", result.message);

async function paymentOf(c: { var: { deps: { database: { db: Parameters<typeof orderWithItems>[0] } } } }, id: number) {
  const order = await orderWithItems(c.var.deps.database.db, id);
  if (!order) throw notFound("No order with that id.");
  return paymentJson(order.payment);
}

paymentApi.openapi(
  createRoute({
    method: "post",
    path: "/orders/{id}/refunds",
    operationId: "refundOrder",
    tags: ["Orders"],
    summary: "Refund part or all of what an order paid, with a reason (manager)",
    description: "A card payment is refunded to the card through the payment provider; a payment taken at the door is recorded as given back. At most what was paid and not yet refunded (422 otherwise).",
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: RefundBody } } } },
    responses: { 200: { description: "The order's payment after the refund.", content: paymentContent }, ...problems(400, 401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const input = refundInput.safeParse(c.req.valid("json"));
    if (!input.success) throw new ApiProblem(422, "Unprocessable Content", input.error.issues[0]!.message);
    const result = await refundOrder(c.var.deps, id, input.data, callerOf(c).id);
    if (!result.ok) throw failed(result);
    if (result.row.status === "failed") throw new ApiProblem(409, "Conflict", `The payment provider refused the refund: ${result.row.failure ?? ""}`);
    return c.json(await paymentOf(c, id), 200);
  },
);

paymentApi.openapi(
  createRoute({
    method: "post",
    path: "/orders/{id}/payments",
    operationId: "recordOrderPayment",
    tags: ["Orders"],
    summary: "Record a payment taken at handover: card terminal or cash (manager)",
    description: "For orders paid on delivery or collection; at most what is still owed.",
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: CollectionBody } } } },
    responses: { 200: { description: "The order's payment after it.", content: paymentContent }, ...problems(400, 401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const input = collectionInput.safeParse(c.req.valid("json"));
    if (!input.success) throw new ApiProblem(422, "Unprocessable Content", input.error.issues[0]!.message);
    const result = await recordCollection(c.var.deps, id, input.data, callerOf(c).id);
    if (!result.ok) throw failed(result);
    return c.json(await paymentOf(c, id), 200);
  },
);
