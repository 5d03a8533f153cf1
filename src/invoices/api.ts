import { createRoute } from "@hono/zod-openapi";
import { bearerAuth } from "../api/bearer";
import { apiRouter } from "../api/env";
import { notFound, problems } from "../api/problem";
import { IdParam } from "../api/schemas";
import { ownOrAnyForStaff } from "../orders/api-access";
import { invoiceOfOrder } from "./queries";
import { InvoiceSchema, invoiceJson } from "./json";

export const invoiceApi = apiRouter();
invoiceApi.use("/orders/:id/invoice", bearerAuth());

invoiceApi.openapi(
  createRoute({
    method: "get",
    path: "/orders/{id}/invoice",
    operationId: "getOrderInvoice",
    tags: ["Orders"],
    summary: "The order's invoice: your own, or any for staff",
    description: "Issued when the order is completed or paid, numbered without gaps (ADR 026). 404 until then.",
    request: { params: IdParam },
    responses: { 200: { description: "The invoice as issued.", content: { "application/json": { schema: InvoiceSchema } } }, ...problems(400, 401, 404) },
  }),
  async (c) => {
    const { db } = c.var.deps.database;
    const { id } = c.req.valid("param");
    const order = await ownOrAnyForStaff(c, id);
    if (!order) throw notFound("You have no order with that id.");
    const invoice = await invoiceOfOrder(db, order.id);
    if (!invoice) throw notFound("This order has no invoice yet: it is issued when the order is completed or paid.");
    return c.json(invoiceJson(invoice), 200);
  },
);
