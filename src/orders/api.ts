import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { seesEveryOrder } from "./api-access";
import { ORDER_STATUSES } from "../db/shop-tables";
import { orderStatusInput } from "./contract";
import { boardOrder, moveOrder } from "./board";
import { orderWithItems } from "./queries";
import { cancelOrder } from "./cancel";
import { findOwnOrder } from "./queries";
import { bearerAuth, callerOf, requireStaffRole } from "../api/bearer";
import { apiRouter, type ApiEnv } from "../api/env";
import { orderJson, OrderSchema, OrderWithCustomerSchema, orderWithCustomerJson } from "./json";
import { orderPage } from "./pages";
import { ApiProblem, notFound, problems } from "../api/problem";
import { decodeCursor, encodeCursor, IdParam, listOf, PageQuery } from "../api/schemas";

export const orderApi = apiRouter();
orderApi.use("/orders", bearerAuth());
orderApi.use("/orders/*", bearerAuth());
orderApi.use("/orders/:id/status", requireStaffRole("manager"));

const orderContent = { "application/json": { schema: OrderSchema } };
const orderWithCustomerContent = { "application/json": { schema: OrderWithCustomerSchema } };

const statusMessage = `must be one of ${ORDER_STATUSES.join(", ")}`;

const OrderQuery = PageQuery.extend({
  status: orderStatusInput(statusMessage)
    .optional()
    .openapi({ param: { name: "status", in: "query" }, description: "Only orders in this status.", example: "placed" }),
  mine: z
    .enum(["true", "false"], { message: "must be true or false" })
    .optional()
    .openapi({ param: { name: "mine", in: "query" }, description: "Staff: `true` lists only your own orders (shoppers always see only theirs)." }),
});

/** An order the caller may read, with its customer; someone else's order is as unknown as a missing one. */
async function readableOrder(c: Context<ApiEnv>, id: number) {
  const { db } = c.var.deps.database;
  const caller = callerOf(c);
  if (seesEveryOrder(c)) {
    const [summary, order] = await Promise.all([boardOrder(db, id), orderWithItems(db, id)]);
    if (!summary || !order) throw notFound("No order with that id.");
    return orderWithCustomerJson(order, { id: summary.userId, name: summary.customerName, email: summary.customerEmail });
  }
  const order = await findOwnOrder(db, caller.id, id);
  if (!order) throw notFound("You have no order with that id.");
  return orderWithCustomerJson(order, { id: caller.id, name: caller.name, email: caller.email });
}

orderApi.openapi(
  createRoute({
    method: "get",
    path: "/orders",
    operationId: "listOrders",
    tags: ["Orders"],
    summary: "Your orders, or every order for staff; newest first",
    description:
      "Shoppers get their own orders. Approved managers and the admin get everyone's (as on the back-office board) unless they pass `mine=true`. `status` filters either list.",
    request: { query: OrderQuery },
    responses: { 200: { description: "A page of orders.", content: { "application/json": { schema: listOf(OrderWithCustomerSchema, "OrderList") } } }, ...problems(400, 401) },
  }),
  async (c) => {
    const { limit, cursor, status, mine } = c.req.valid("query");
    const after = decodeCursor(cursor, 2) as [number, number] | null;
    const everyone = seesEveryOrder(c) && mine !== "true";
    const { items, more } = await orderPage(c.var.deps.database.db, { customerId: everyone ? undefined : callerOf(c).id, status }, limit, after);
    const last = items.at(-1);
    return c.json(
      {
        items: items.map((order) => orderWithCustomerJson(order, { id: order.userId, name: order.customerName, email: order.customerEmail })),
        next_cursor: more && last ? encodeCursor([last.placedAt.getTime(), last.id]) : null,
      },
      200,
    );
  },
);

orderApi.openapi(
  createRoute({
    method: "get",
    path: "/orders/{id}",
    operationId: "getOrder",
    tags: ["Orders"],
    summary: "One order: your own, or any for staff",
    request: { params: IdParam },
    responses: { 200: { description: "The order.", content: orderWithCustomerContent }, ...problems(400, 401, 404) },
  }),
  async (c) => c.json(await readableOrder(c, c.req.valid("param").id), 200),
);

orderApi.openapi(
  createRoute({
    method: "post",
    path: "/orders/{id}/cancel",
    operationId: "cancelOrder",
    tags: ["Orders"],
    summary: "Cancel an order not yet picked",
    description: "Only a `placed` order can be cancelled; its stock goes back on the shelf and its promo use is released.",
    request: { params: IdParam },
    responses: { 200: { description: "The cancelled order.", content: orderContent }, ...problems(400, 401, 404, 409) },
  }),
  async (c) => {
    const { database, clock } = c.var.deps;
    const user = callerOf(c);
    const order = await findOwnOrder(database.db, user.id, c.req.valid("param").id);
    if (!order) throw notFound("You have no order with that id.");
    const result = await cancelOrder(database, order, { allowedFrom: ["placed"], actorId: user.id, now: clock.now() });
    if (!result.ok) throw new ApiProblem(409, "Conflict", result.message);
    return c.json(orderJson((await findOwnOrder(database.db, user.id, order.id))!), 200);
  },
);

const StatusChange = z
  .object({ status: orderStatusInput(statusMessage).openapi({ example: "picked", description: "`packed` is accepted as the former name of `picked`." }) })
  .openapi("OrderStatusChange", { example: { status: "picked" } });

orderApi.openapi(
  createRoute({
    method: "post",
    path: "/orders/{id}/status",
    operationId: "moveOrder",
    tags: ["Orders"],
    summary: "Move an order along, or cancel it (manager)",
    description:
      "One step at a time, as on the back-office board: placed → picking (optional) → picked → out_for_delivery (delivery) or ready_for_pickup (pickup) → completed. " +
      "`cancelled` is allowed until completed: stock goes back on the shelf, the promo use is released and the shopper is emailed, as for every move. " +
      "Any other move is 409 with the reason.",
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: StatusChange } } } },
    responses: { 200: { description: "The order after the move.", content: orderWithCustomerContent }, ...problems(400, 401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { database, clock } = c.var.deps;
    const result = await moveOrder(database, id, c.req.valid("json").status, { actorId: callerOf(c).id, now: clock.now(), config: c.var.deps.config });
    if (!result.ok) throw result.status === 404 ? notFound("No order with that id.") : new ApiProblem(409, "Conflict", result.message);
    return c.json(await readableOrder(c, id), 200);
  },
);
