import { Hono, type Context } from "hono";
import { requireSignedIn } from "../accounts/middleware";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { renderNotFound, renderPage } from "../http/render";
import { findOwnOrder, orderNumber, orderWithItems } from "../orders/queries";
import { CreditNoteList } from "../../views/invoices/credit-notes";
import { DocumentPage } from "../../views/invoices/invoice-page";
import { creditNoteOfOrder, creditNotesOfOrder } from "./credit-notes";
import { documentNumber } from "./queries";

/** Mounted at /orders: a shopper's own credit notes (ADR 043). */
export const shopperCreditNoteRoutes = new Hono<AppEnv>();
shopperCreditNoteRoutes.use("/:id/credit-notes/*", requireSignedIn());

shopperCreditNoteRoutes.get("/:id/credit-notes/:number", async (c) => {
  const id = (c.req.param("id") ?? "").replace(/^GR-/i, "");
  const order = /^\d{1,12}$/.test(id) ? await findOwnOrder(c.var.deps.database.db, c.var.user!.id, Number(id)) : null;
  const note = order ? await creditNoteOfOrder(c.var.deps.database.db, order.id, c.req.param("number")) : null;
  if (!order || !note) return renderNotFound(c);
  const page = <DocumentPage document={note} orderNumber={orderNumber(order)} money={moneyFormatter(c)} timeZone={c.var.deps.config.STORE_TIMEZONE} back={`/orders/${order.id}/invoice`} backText="Back to the invoice" />;
  return renderPage(c, `Credit note ${documentNumber(note)}`, page);
});

/** The staff view of one of an order's credit notes (mounted with the back office's order pages). */
export async function staffCreditNotePage(c: Context<AppEnv>, orderId: number, number: string) {
  const { db } = c.var.deps.database;
  const order = await orderWithItems(db, orderId);
  const note = order ? await creditNoteOfOrder(db, order.id, number) : null;
  if (!order || !note) return renderNotFound(c);
  const page = <DocumentPage document={note} orderNumber={orderNumber(order)} money={moneyFormatter(c)} timeZone={c.var.deps.config.STORE_TIMEZONE} back={`/manage/orders/${order.id}/payment`} backText="Back to the payment" />;
  return renderPage(c, `Credit note ${documentNumber(note)}`, page);
}

/** The list of an order's credit notes, for the invoice page (shopper) and the payment page (staff). */
export async function creditNoteList(c: Context<AppEnv>, orderId: number, base: string) {
  const notes = await creditNotesOfOrder(c.var.deps.database.db, orderId);
  return <CreditNoteList notes={notes} base={base} money={moneyFormatter(c)} />;
}
