import { createRoute } from "@hono/zod-openapi";
import { cancelOrder } from "../orders/cancel";
import { findOwnOrder } from "../orders/queries";
import { bearerAuth, callerOf } from "./bearer";
import { apiRouter } from "./env";
import { orderJson, OrderSchema } from "./order-json";
import { orderPage } from "./order-pages";
import { ApiProblem, notFound, problems } from "./problem";
import { decodeCursor, encodeCursor, IdParam, listOf, PageQuery } from "./schemas";

export const orderApi = apiRouter();
orderApi.use("/orders", bearerAuth());
orderApi.use("/orders/*", bearerAuth());

const orderContent = { "application/json": { schema: OrderSchema } };

orderApi.openapi(
  createRoute({
    method: "get",
    path: "/orders",
    operationId: "listOrders",
    tags: ["Orders"],
    summary: "Your orders, newest first",
    request: { query: PageQuery },
    responses: { 200: { description: "A page of orders.", content: { "application/json": { schema: listOf(OrderSchema, "OrderList") } } }, ...problems(400, 401) },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, ["number", "number"]) as [number, number] | null;
    const { items, more } = await orderPage(c.var.deps.database.db, callerOf(c).id, limit, after);
    const last = items.at(-1);
    return c.json({ items: items.map(orderJson), next_cursor: more && last ? encodeCursor([last.placedAt.getTime(), last.id]) : null }, 200);
  },
);

orderApi.openapi(
  createRoute({
    method: "get",
    path: "/orders/{id}",
    operationId: "getOrder",
    tags: ["Orders"],
    summary: "One of your orders",
    request: { params: IdParam },
    responses: { 200: { description: "The order.", content: orderContent }, ...problems(400, 401, 404) },
  }),
  async (c) => {
    const order = await findOwnOrder(c.var.deps.database.db, callerOf(c).id, c.req.valid("param").id);
    if (!order) throw notFound("You have no order with that id.");
    return c.json(orderJson(order), 200);
  },
);

orderApi.openapi(
  createRoute({
    method: "post",
    path: "/orders/{id}/cancel",
    operationId: "cancelOrder",
    tags: ["Orders"],
    summary: "Cancel an order not yet packed",
    description: "Only a `placed` order can be cancelled; its stock goes back on the shelf and its promo use is released.",
    request: { params: IdParam },
    responses: { 200: { description: "The cancelled order.", content: orderContent }, ...problems(400, 401, 404, 409) },
  }),
  async (c) => {
    const { database, clock } = c.var.deps;
    const user = callerOf(c);
    const order = await findOwnOrder(database.db, user.id, c.req.valid("param").id);
    if (!order) throw notFound("You have no order with that id.");
    const result = await cancelOrder(database, order, { allowedFrom: ["placed"], now: clock.now() });
    if (!result.ok) throw new ApiProblem(409, "Conflict", result.message);
    return c.json(orderJson((await findOwnOrder(database.db, user.id, order.id))!), 200);
  },
);
