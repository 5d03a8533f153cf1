import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { invoiceLines, invoices } from "../src/db/invoice-tables";
import { openCardShop, type CardShop } from "./support/card-shop";
import { textOf } from "./support/store";

/*
 * A refund recorded before the order's invoice comes off that invoice (ADR 053); one after it gets a
 * credit note (ADR 043): each refund on exactly one document, and invoice less credit notes equals
 * what the ledger says was kept, to the cent. Card payments against the Stripe TEST DOUBLE (ADR 030).
 * 2 kg of bananas at 1.89 plus the 1.00 collection fee: 4.78.
 */

let shop: CardShop;
beforeAll(async () => {
  shop = await openCardShop();
});
afterAll(() => shop.close());

const documentsOf = (orderId: number) => shop.store.db.select().from(invoices).where(eq(invoices.orderId, orderId)).orderBy(invoices.id);
const linesOf = (invoiceId: number) => shop.store.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(invoiceLines.position);
const move = async (orderId: number, ...steps: string[]) => {
  for (const to of steps) expect((await shop.manager.post(`/manage/orders/${orderId}/status`, { to })).status).toBe(303);
};
const keptOf = async (orderId: number) =>
  (await shop.ledger(orderId)).filter((row) => row.status === "succeeded").reduce((sum, row) => sum + (row.kind === "capture" || row.kind === "collection" ? row.amountCents : row.kind === "refund" ? -row.amountCents : 0), 0);

describe("refunds before the invoice", () => {
  test("card: captured 4.78, 1.00 refunded before completion: the invoice bills 3.78 with the refund as its own line, no credit note", async () => {
    const { agent, order } = await shop.authorisedCardOrder();
    await move(order.id, "picked");
    await shop.work.drain();
    expect((await shop.manager.post(`/manage/orders/${order.id}/refunds`, { amount: "1.00", reason: "Bruised bananas" })).status).toBe(303);
    await move(order.id, "ready_for_pickup", "completed");
    const [invoice, ...others] = await documentsOf(order.id);
    expect(others).toEqual([]);
    expect(invoice).toMatchObject({ kind: "invoice", totalCents: 378 });
    expect(invoice!.totalCents).toBe(await keptOf(order.id));
    const lines = await linesOf(invoice!.id);
    const refundLines = lines.filter((line) => line.description.startsWith("Refunded before this invoice: Bruised bananas"));
    expect(refundLines.reduce((sum, line) => sum + line.grossCents, 0)).toBe(-100);
    // The VAT falls with the price: the invoice's VAT is its lines' VAT, the refund's share included.
    expect(lines.reduce((sum, line) => sum + line.vatCents, 0)).toBe(invoice!.vatCents);
    expect(refundLines.every((line) => line.vatCents <= 0 && line.productId === null)).toBe(true);
    const page = await textOf(await agent.get(`/orders/${order.id}/invoice`));
    expect(page).toContain("Refunded before this invoice: Bruised bananas");
    expect(page).toContain("€3.78");
    // A refund after the invoice: a credit note, as before; invoice less credit notes is what was kept.
    expect((await shop.manager.post(`/manage/orders/${order.id}/refunds`, { amount: "0.50", reason: "Late at the counter" })).status).toBe(303);
    const documents = await documentsOf(order.id);
    expect(documents.map((document) => [document.kind, document.totalCents])).toEqual([
      ["invoice", 378],
      ["credit_note", 50],
    ]);
    expect(378 - 50).toBe(await keptOf(order.id));
  });

  test("pay on delivery: paid at the counter, 1.50 refunded, then completed: the invoice bills 3.28; an order with no refund bills in full", async () => {
    const { order } = await shop.placeOrder("on_delivery");
    await move(order.id, "picked", "ready_for_pickup");
    expect((await shop.manager.post(`/manage/orders/${order.id}/payment`, { instrument: "cash", amount: "4.78" })).status).toBe(303);
    expect((await shop.manager.post(`/manage/orders/${order.id}/refunds`, { amount: "1.50", reason: "Eggs cracked" })).status).toBe(303);
    await move(order.id, "completed");
    const [invoice] = await documentsOf(order.id);
    expect(invoice).toMatchObject({ kind: "invoice", totalCents: 328 });
    expect(invoice!.totalCents).toBe(await keptOf(order.id));
    const plain = await shop.placeOrder("on_delivery");
    await move(plain.order.id, "picked", "ready_for_pickup");
    expect((await shop.manager.post(`/manage/orders/${plain.order.id}/payment`, { instrument: "card_terminal", amount: "4.78" })).status).toBe(303);
    await move(plain.order.id, "completed");
    const [full] = await documentsOf(plain.order.id);
    expect(full).toMatchObject({ totalCents: 478 });
    expect((await linesOf(full!.id)).some((line) => line.description.startsWith("Refunded"))).toBe(false);
  });
});
