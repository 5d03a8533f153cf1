import type { Database } from "../db/client";
import { invoiceJson } from "./json";
import { documentsOfOrders } from "./queries";

/*
 * A shopper's invoices (and credit notes) for "take your data with you": each document as issued,
 * with its lines and VAT per rate, in the one JSON shape the API gives (src/invoices/json.ts), with
 * the id of its order (the export lists orders by id).
 */
export async function invoicesForExport(db: Database, orderIds: number[]) {
  return (await documentsOfOrders(db, orderIds)).map((document) => ({ ...invoiceJson(document), order_id: document.orderId }));
}
