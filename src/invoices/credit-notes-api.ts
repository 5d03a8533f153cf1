import { createRoute, z } from "@hono/zod-openapi";
import { bearerAuth } from "../api/bearer";
import { apiRouter } from "../api/env";
import { notFound, problems } from "../api/problem";
import { IdParam } from "../api/schemas";
import { ownOrAnyForStaff } from "../orders/api-access";
import { InvoiceSchema, invoiceJson } from "./json";
import { creditNotesOfOrder } from "./credit-notes";

/** GET an order's credit notes (ADR 043): the shopper's own, or any for staff. */
export const creditNoteApi = apiRouter();
creditNoteApi.use("/orders/:id/credit-notes", bearerAuth());

const CreditNotes = z.object({ credit_notes: z.array(InvoiceSchema) }).openapi("CreditNotes");

creditNoteApi.openapi(
  createRoute({
    method: "get",
    path: "/orders/{id}/credit-notes",
    operationId: "listOrderCreditNotes",
    tags: ["Orders"],
    summary: "The order's credit notes: refunds after its invoice (your own, or any for staff)",
    description: "Each credit note names the invoice it credits, numbered in its own gap-free CN series (ADR 026, 043). An empty list when nothing was refunded after invoicing.",
    request: { params: IdParam },
    responses: { 200: { description: "The credit notes, oldest first.", content: { "application/json": { schema: CreditNotes } } }, ...problems(400, 401, 404) },
  }),
  async (c) => {
    const { db } = c.var.deps.database;
    const { id } = c.req.valid("param");
    const order = await ownOrAnyForStaff(c, id);
    if (!order) throw notFound("You have no order with that id.");
    return c.json({ credit_notes: (await creditNotesOfOrder(db, order.id)).map(invoiceJson) }, 200);
  },
);
