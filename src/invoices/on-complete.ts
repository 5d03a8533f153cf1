import { and, eq, sql } from "drizzle-orm";
import type { Config } from "../config";
import type { BoundStatement, Database } from "../db/client";
import { orders } from "../db/shop-tables";
import type { MailAttachment } from "../mail/mailer";
import { invoiceAttachment } from "./html";
import { invoiceStatements } from "./issue";
import { documentNumber, invoiceOfOrder } from "./queries";
import { invoiceContext } from "./seller";

/** Completing an order issues its invoice; the completed email carries it. */
export const completedOrderInvoice = {
  /** For the move's unit: the invoice, only if the move (stamped with `changeToken`) completed the order. */
  statements(db: Database, orderId: number, changeToken: string, context: { now: Date; config: Config }): Promise<BoundStatement[]> {
    const completedByThisMove = sql`exists (select 1 from ${orders} where ${and(eq(orders.id, orderId), eq(orders.changeToken, changeToken), eq(orders.status, "completed"))})`;
    return invoiceStatements(db, orderId, invoiceContext(context.config, context.now), completedByThisMove);
  },
  /** The note and attachment of the completed email. */
  async emailParts(db: Database, orderId: number, config: Config): Promise<{ note?: string; attachments?: MailAttachment[] }> {
    const invoice = await invoiceOfOrder(db, orderId);
    if (!invoice) return {};
    return { note: `Your invoice ${documentNumber(invoice)} is attached: open it to print it or keep it for your records.`, attachments: [await invoiceAttachment(invoice, config)] };
  },
};
