import type { Config } from "../config";
import { orderNumber } from "../orders/queries";
import { moneyFormat } from "../values/money";
import { StandaloneInvoice } from "../../views/invoices/invoice-sheet";
import type { MailAttachment } from "../mail/mailer";
import { DOCUMENT_TITLES, documentNumber, type InvoiceDocument } from "./queries";

type SheetConfig = Pick<Config, "CURRENCY" | "LOCALE" | "STORE_TIMEZONE">;

/** The issued document as one HTML file: the same sheet the printable page shows (ADR 026). */
export async function invoiceHtml(document: InvoiceDocument, config: SheetConfig): Promise<string> {
  const title = `${DOCUMENT_TITLES[document.kind]} ${documentNumber(document)}`;
  const element = <StandaloneInvoice document={document} orderNumber={orderNumber({ id: document.orderId })} money={moneyFormat(config.CURRENCY, config.LOCALE)} timeZone={config.STORE_TIMEZONE} title={title} />;
  return `<!doctype html>${await element.toString()}`;
}

/** The document as an email attachment (invoice-INV-000001.html). */
export async function invoiceAttachment(document: InvoiceDocument, config: SheetConfig): Promise<MailAttachment> {
  const name = document.kind === "invoice" ? "invoice" : "credit-note";
  return { filename: `${name}-${documentNumber(document)}.html`, contentType: "text/html; charset=utf-8", content: await invoiceHtml(document, config) };
}
