import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { documentCounters, invoices } from "../src/db/invoice-tables";
import { jobs } from "../src/db/schema";
import { enqueue } from "../src/jobs/queue";
import { CAPTURE_JOB } from "../src/payments/capture";
import { ApiClient } from "./support/api";
import { openCardShop, type CardShop } from "./support/card-shop";
import { completeOrder } from "./support/orders";
import { textOf } from "./support/store";

/*
 * A refund after the invoice is documented by a credit note (ADR 043): numbered in its own CN series,
 * naming the invoice and the refund, issued in the unit that records the refund, shown to the shopper
 * and staff, in the API, and emailed. Card refunds go to the Stripe TEST DOUBLE (not Stripe, which
 * cannot be reached from here).
 */

let shop: CardShop;
beforeAll(async () => {
  shop = await openCardShop();
});
afterAll(() => shop.close());

const notesOf = (orderId: number) => shop.store.db.select().from(invoices).where(eq(invoices.orderId, orderId)).orderBy(invoices.id);
const emailsTo = async (template: string) => (await shop.store.db.select().from(jobs).where(eq(jobs.type, "send-email"))).map((job) => JSON.parse(job.payload)).filter((payload) => payload.template === template);

describe("credit notes for refunds after invoicing", () => {
  test("pay on delivery: paid, completed (invoiced), then a refund with a reason issues CN-… crediting the invoice; pages, API and email show it", async () => {
    const { agent, user, order } = await shop.placeOrder("on_delivery");
    expect((await shop.manager.post(`/manage/orders/${order.id}/payment`, { instrument: "cash", amount: "4.78" })).status).toBe(303);
    await completeOrder(shop.store, order.id);
    expect((await shop.manager.post(`/manage/orders/${order.id}/refunds`, { amount: "1.00", reason: "Bruised bananas" })).status).toBe(303);
    const [invoice, note] = await notesOf(order.id);
    expect(invoice).toMatchObject({ kind: "invoice", totalCents: 478 });
    const refund = (await shop.ledger(order.id)).find((row) => row.kind === "refund")!;
    expect(note).toMatchObject({ kind: "credit_note", creditsInvoiceId: invoice!.id, refundLedgerId: refund.id, totalCents: 100 });
    const number = `CN-${String(note!.number).padStart(6, "0")}`;
    const invoicePage = await textOf(await agent.get(`/orders/${order.id}/invoice`));
    expect(invoicePage).toContain(`Credit note ${number}`);
    const notePage = await agent.get(`/orders/${order.id}/credit-notes/${number}`);
    expect(notePage.status).toBe(200);
    const noteHtml = await textOf(notePage);
    expect(noteHtml).toContain("Refund: Bruised bananas");
    expect(noteHtml).toContain("Credits invoice");
    expect((await shop.manager.get(`/manage/orders/${order.id}/credit-notes/${number}`)).status).toBe(200);
    expect(await textOf(await shop.manager.get(`/manage/orders/${order.id}/payment`))).toContain(`Credit note ${number}`);
    // Someone else's order: not found.
    const other = await shop.placeOrder("on_delivery");
    expect((await other.agent.get(`/orders/${order.id}/credit-notes/${number}`)).status).toBe(404);
    const api = new ApiClient(shop.store);
    await api.logIn(user.email, "fresh-produce-123");
    const listed = await api.get(`/orders/${order.id}/credit-notes`);
    expect(listed.status).toBe(200);
    expect(listed.json.credit_notes).toHaveLength(1);
    expect(listed.json.credit_notes[0]).toMatchObject({ number, kind: "credit_note", total_cents: 100, credits_invoice_number: `INV-${String(invoice!.number).padStart(6, "0")}` });
    const vat = listed.json.credit_notes[0].vat.reduce((sum: number, rate: { gross_cents: number }) => sum + rate.gross_cents, 0);
    expect(vat).toBe(100);
    const mails = (await emailsTo("credit-note")).filter((mail) => mail.props.creditNoteNumber === number);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe(user.email);
    expect(mails[0].attachments[0].filename).toBe(`credit-note-${number}.html`);
  });

  test("card: captured, completed, refunded through Stripe: the credit note follows the refund once; a refund before the invoice issues none, it comes off the invoice (ADR 053)", async () => {
    const { order } = await shop.authorisedCardOrder();
    await enqueue(shop.store.db, CAPTURE_JOB, { orderId: order.id }, shop.store.clock.now());
    await shop.work.drain();
    expect((await shop.manager.post(`/manage/orders/${order.id}/refunds`, { amount: "0.50", reason: "Before the invoice" })).status).toBe(303);
    expect(await notesOf(order.id)).toHaveLength(0);
    await completeOrder(shop.store, order.id);
    expect((await shop.manager.post(`/manage/orders/${order.id}/refunds`, { amount: "1.89", reason: "Refused substitute at the door" })).status).toBe(303);
    const documents = await notesOf(order.id);
    expect(documents.map((doc) => [doc.kind, doc.totalCents])).toEqual([
      ["invoice", 428],
      ["credit_note", 189],
    ]);
    const refunds = (await shop.ledger(order.id)).filter((row) => row.kind === "refund");
    expect(refunds.map((row) => row.status)).toEqual(["succeeded", "succeeded"]);
    expect(documents[1]!.refundLedgerId).toBe(refunds[1]!.id);
  });

  test("the database holds it: one credit note per refund, and never more credited than invoiced", async () => {
    const { order } = await shop.placeOrder("on_delivery");
    await completeOrder(shop.store, order.id);
    const [invoice] = await notesOf(order.id);
    const [counter] = await shop.store.db.select().from(documentCounters).where(eq(documentCounters.kind, "credit_note"));
    const insert = async (total: number, refundLedgerId: number | null) =>
      shop.store.db.insert(invoices).values({
        ...invoice!,
        id: undefined,
        kind: "credit_note",
        number: counter!.lastNumber + 1,
        creditsInvoiceId: invoice!.id,
        refundLedgerId,
        issueToken: crypto.randomUUID(),
        subtotalCents: total,
        discountCents: 0,
        deliveryFeeCents: 0,
        totalCents: total,
        vatCents: 0,
        netCents: total,
      });
    await expect(insert(invoice!.totalCents + 1, null)).rejects.toThrow(/credit_note_above_invoice/);
    const refund = (await shop.ledger(order.id))[0]?.id ?? 999_999;
    await insert(1, refund);
    const [again] = await shop.store.db.select().from(documentCounters).where(eq(documentCounters.kind, "credit_note"));
    await expect((async () => shop.store.db.insert(invoices).values({ ...invoice!, id: undefined, kind: "credit_note", number: again!.lastNumber + 1, creditsInvoiceId: invoice!.id, refundLedgerId: refund, issueToken: crypto.randomUUID(), subtotalCents: 1, discountCents: 0, deliveryFeeCents: 0, totalCents: 1, vatCents: 0, netCents: 1 }))()).rejects.toThrow(/UNIQUE constraint failed: invoices.refund_ledger_id/);
    expect(await notesOf(order.id)).toHaveLength(2);
  });
});
