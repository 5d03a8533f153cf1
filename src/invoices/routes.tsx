import { Hono, type Context } from "hono";
import { requireSignedIn } from "../accounts/middleware";
import type { AppEnv } from "../http/env";
import { moneyFormatter } from "../http/money";
import { momentFormatter } from "../http/days";
import { redirectAfterPost, renderNotFound, renderPage, wantsFragment } from "../http/render";
import { findOwnOrder, orderNumber, orderWithItems } from "../orders/queries";
import { NoInvoiceYet, ShopperInvoicePage, StaffInvoicePage } from "../../views/invoices/invoice-page";
import { documentNumber, invoiceOfOrder } from "./queries";
import { resendInvoice } from "./resend";
import { creditNoteList } from "./credit-notes-routes";

/** Mounted at /orders before the order pages: a shopper's own invoice, and sending it again. */
export const shopperInvoiceRoutes = new Hono<AppEnv>();
shopperInvoiceRoutes.use("/:id/invoice", requireSignedIn());
shopperInvoiceRoutes.use("/:id/invoice/*", requireSignedIn());

async function ownOrder(c: Context<AppEnv>) {
  const id = (c.req.param("id") ?? "").replace(/^GR-/i, "");
  if (!/^\d{1,12}$/.test(id)) return null;
  return findOwnOrder(c.var.deps.database.db, c.var.user!.id, Number(id));
}

shopperInvoiceRoutes.get("/:id/invoice", async (c) => {
  const order = await ownOrder(c);
  if (!order) return renderNotFound(c);
  const invoice = await invoiceOfOrder(c.var.deps.database.db, order.id);
  if (!invoice) return renderPage(c, `Invoice for ${orderNumber(order)}`, <NoInvoiceYet orderId={order.id} orderNumber={orderNumber(order)} cancelled={order.status === "cancelled"} />, { status: 404 });
  const page = <ShopperInvoicePage document={invoice} orderNumber={orderNumber(order)} orderId={order.id} email={c.var.user!.email} money={moneyFormatter(c)} timeZone={c.var.deps.config.STORE_TIMEZONE} />;
  return renderPage(c, `Invoice ${documentNumber(invoice)}`, <>{page}{await creditNoteList(c, order.id, `/orders/${order.id}`)}</>);
});

shopperInvoiceRoutes.post("/:id/invoice/send", async (c) => {
  const order = await ownOrder(c);
  if (!order) return renderNotFound(c);
  const { database, clock, config } = c.var.deps;
  const invoice = await invoiceOfOrder(database.db, order.id);
  const result = await resendInvoice(database.db, config, clock.now(), { invoiceId: invoice?.id ?? null, email: c.var.user!.email });
  const text = result.ok
    ? `Invoice ${documentNumber(invoice!)} is on its way to ${c.var.user!.email}.`
    : result.reason === "throttled"
      ? `We have sent this invoice several times in the last hour; try again after ${momentFormatter(c)(result.retryAt)}.`
      : "This order has no invoice yet.";
  const status = result.ok ? 200 : result.reason === "throttled" ? 429 : 409;
  if (wantsFragment(c)) return c.html(<>{text}</>, status);
  if (result.ok) return redirectAfterPost(c, `/orders/${order.id}/invoice`, { kind: "success", text });
  c.set("flash", { kind: "error", text });
  if (!invoice) return renderPage(c, `Invoice for ${orderNumber(order)}`, <NoInvoiceYet orderId={order.id} orderNumber={orderNumber(order)} cancelled={order.status === "cancelled"} />, { status });
  const page = <ShopperInvoicePage document={invoice} orderNumber={orderNumber(order)} orderId={order.id} email={c.var.user!.email} money={moneyFormatter(c)} timeZone={config.STORE_TIMEZONE} />;
  return renderPage(c, `Invoice ${documentNumber(invoice)}`, page, { status });
});

/** Mounted in the back office's orders: any order's invoice. */
export async function staffInvoicePage(c: Context<AppEnv>, orderId: number) {
  const { db } = c.var.deps.database;
  const order = await orderWithItems(db, orderId);
  const invoice = order ? await invoiceOfOrder(db, order.id) : null;
  if (!order || !invoice) return renderNotFound(c);
  return renderPage(c, `Invoice ${documentNumber(invoice)}`, <StaffInvoicePage document={invoice} orderNumber={orderNumber(order)} orderId={order.id} money={moneyFormatter(c)} timeZone={c.var.deps.config.STORE_TIMEZONE} />);
}
