import type { Config } from "../config";
import type { Database } from "../db/client";
import { queueEmail } from "../mail/send";
import { customerOf } from "../orders/emails";
import { orderNumber, orderWithItems } from "../orders/queries";
import { invoiceAttachment } from "./html";
import { documentById, documentNumber } from "./queries";

/**
 * Queues the invoice to the shopper's current email address, attached as the same HTML the
 * printable page shows. Used for "send it again" and by whoever issues an invoice outside the
 * completed email (a recorded payment).
 */
export async function queueInvoiceEmail(db: Database, config: Pick<Config, "CURRENCY" | "LOCALE" | "STORE_TIMEZONE">, now: Date, invoiceId: number): Promise<boolean> {
  const document = await documentById(db, invoiceId);
  if (!document) return false;
  const order = await orderWithItems(db, document.orderId);
  const person = order ? await customerOf(db, order) : null;
  if (!person) return false;
  await queueEmail(db, now, {
    to: person.email,
    template: "invoice",
    props: { name: person.name, orderNumber: orderNumber({ id: document.orderId }), invoiceNumber: documentNumber(document), totalCents: document.totalCents },
    attachments: [await invoiceAttachment(document, config)],
  });
  return true;
}
