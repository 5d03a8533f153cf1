import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { and, eq, sql } from "drizzle-orm";
import { documentCounters, invoiceLines, invoices } from "../src/db/invoice-tables";
import { jobs, outboxMessages, products } from "../src/db/schema";
import { orders } from "../src/db/shop-tables";
import { invoiceAttachment } from "../src/invoices/html";
import { documentStatements, invoiceStatements, issueInvoice } from "../src/invoices/issue";
import { documentNumber, invoiceOfOrder } from "../src/invoices/queries";
import { invoiceContext } from "../src/invoices/seller";
import { billableLines } from "../src/invoices/billable";
import { completeOrder } from "./support/orders";
import { orderWithItems } from "../src/orders/queries";
import { vatRatesOf } from "../src/tax/rates";
import { apiShopper } from "./support/api";
import { backgroundWork } from "./support/jobs";
import { addPromo, addToCart, checkout, newShopper, stockShelves, type Shelves } from "./support/shop";
import { createTestStore, textOf, type TestStore } from "./support/store";

/*
 * Invoices (ADR 026): issued when an order is completed, numbered without gaps under races and
 * failures, immutable, with VAT per rate adding up to the total; the page, the email, the API.
 */

let store: TestStore;
let shelves: Shelves;
const SELLER = { STORE_LEGAL_NAME: "Grocer Fresh Foods Ltd", STORE_ADDRESS: "1 Market Street, Dublin 1, D01 F5P2", STORE_VAT_NUMBER: "IE1234567T" };

beforeAll(async () => {
  store = await createTestStore({ seed: false, env: { MIN_ORDER_CENTS: "0", ...SELLER } });
  shelves = await stockShelves(store);
  await store.db.update(products).set({ vatClass: "zero" }).where(eq(products.id, shelves.milk.id));
  await store.db.update(products).set({ vatClass: "reduced" }).where(eq(products.id, shelves.eggs.id));
});
afterAll(() => store.close());

const context = () => invoiceContext(store.config, store.clock.now());

/** A shopper's order of bananas, milk and eggs (three rates), collected at the store. */
async function placedOrder(promo?: string) {
  const { agent, user } = await newShopper(store);
  await addToCart(agent, shelves.bananas, "1.5");
  await addToCart(agent, shelves.milk, "2");
  await addToCart(agent, shelves.eggs, "1");
  if (promo) await agent.post("/cart/promo", { code: promo });
  const { response } = await checkout(agent);
  expect(response.status).toBe(303);
  const [order] = await store.db.select().from(orders).where(eq(orders.userId, user.id));
  return { agent, user, order: order! };
}

const complete = (orderId: number) => completeOrder(store, orderId);

const counter = async () => (await store.db.select().from(documentCounters).where(eq(documentCounters.kind, "invoice")))[0]!.lastNumber;
const numbers = async () => (await store.db.select({ n: invoices.number }).from(invoices).where(eq(invoices.kind, "invoice")).orderBy(invoices.number)).map((row) => row.n);

describe("issuing", () => {
  test("completing an order issues its invoice once: the seller, the lines at their rates, VAT adding up to the total", async () => {
    const before = await counter();
    const { order } = await placedOrder();
    expect(await invoiceOfOrder(store.db, order.id)).toBeNull();
    await complete(order.id);
    const invoice = (await invoiceOfOrder(store.db, order.id))!;
    expect(invoice.number).toBe(before + 1);
    expect(await counter()).toBe(before + 1);
    expect(invoice).toMatchObject({ sellerName: SELLER.STORE_LEGAL_NAME, sellerAddress: SELLER.STORE_ADDRESS, sellerVatNumber: "IE1234567T", kind: "invoice" });
    // 1.5 kg bananas 2.84 (23 %), 2 l milk 2.58 (0 %), eggs 3.99 (13.5 %).
    expect(invoice.lines.map((l) => [l.description, l.grossCents, l.vatRateBp, l.vatCents])).toEqual([
      ["Bananas", 284, 2300, 53],
      ["Whole Milk", 258, 0, 0],
      ["Free-range Eggs", 399, 1350, 47],
    ]);
    expect(invoice.totalCents).toBe(284 + 258 + 399);
    expect(invoice.rates.reduce((sum, rate) => sum + rate.grossCents, 0)).toBe(invoice.totalCents);
    expect(invoice.rates.reduce((sum, rate) => sum + rate.vatCents, 0)).toBe(invoice.vatCents);
    expect(invoice.netCents).toBe(invoice.totalCents - invoice.vatCents);
    // Asking again (a retried payment, a second completion) changes nothing.
    expect(await invoiceStatements(store.db, order.id, context())).toEqual([]);
    expect(await issueInvoice(store.database, order.id, context())).toBe(invoice.id);
    expect(await counter()).toBe(before + 1);
  });

  test("a discount is shared over the lines; each line and the total still add up", async () => {
    await addPromo(store, { code: "TENOFF", kind: "percent", value: 10 });
    const { order } = await placedOrder("TENOFF");
    expect(order.discountCents).toBeGreaterThan(0);
    await complete(order.id);
    const invoice = (await invoiceOfOrder(store.db, order.id))!;
    expect(invoice.discountCents).toBe(order.discountCents);
    expect(invoice.lines.reduce((sum, line) => sum + line.discountCents, 0)).toBe(order.discountCents);
    expect(invoice.totalCents).toBe(order.totalCents + order.deliveryFeeCents);
    expect(invoice.lines.reduce((sum, line) => sum + line.grossCents, 0)).toBe(invoice.totalCents);
  });

  test("fifty issue calls for ten orders at once: numbers 1..n with no gap and no repeat, one invoice per order", async () => {
    const placed = [];
    for (let i = 0; i < 10; i++) placed.push((await placedOrder()).order);
    // Each order asked for five times at once: one invoice per order, whoever wins.
    await Promise.all(placed.flatMap((order) => Array.from({ length: 5 }, () => issueInvoice(store.database, order.id, context()))));
    const issued = await numbers();
    expect(issued).toEqual(Array.from({ length: issued.length }, (_, i) => i + 1));
    expect(await counter()).toBe(issued.length);
    for (const order of placed) expect((await store.db.select().from(invoices).where(eq(invoices.orderId, order.id))).length).toBe(1);
  });

  test("a unit that fails after issuing leaves no number used: the next invoice takes it", async () => {
    const before = await counter();
    const { order } = await placedOrder();
    const statements = await invoiceStatements(store.db, order.id, context());
    const failing = { sql: "update products set stock = -1 where id = ?", params: [shelves.milk.id] };
    await expect(store.database.atomic([statements[0]!, ...statements.slice(1), failing])).rejects.toThrow();
    expect(await counter()).toBe(before);
    expect(await invoiceOfOrder(store.db, order.id)).toBeNull();
    await issueInvoice(store.database, order.id, context());
    expect((await invoiceOfOrder(store.db, order.id))!.number).toBe(before + 1);
  });

  test("the database refuses a number out of sequence, a change, a deletion and a counter moved by hand", async () => {
    const { order } = await placedOrder();
    const full = (await orderWithItems(store.db, order.id))!;
    const billable = await billableLines(store.db, full, vatRatesOf(store.config));
    const [header] = documentStatements({ kind: "invoice", order: full, customer: { name: "A", email: "a@example.com" }, billable }, context());
    // The same header with a number one further on.
    const skipped = { sql: header!.sql.replace(/\+ 1/, "+ 2"), params: header!.params };
    await expect(store.database.atomic([skipped])).rejects.toThrow(/document_number_out_of_sequence/);
    const [issued] = await store.db.select().from(invoices).limit(1);
    const refused = async (run: () => PromiseLike<unknown>) => {
      try {
        await run();
        return "done";
      } catch (error) {
        return String(error instanceof Error ? `${error.message} ${String(error.cause)}` : error);
      }
    };
    expect(await refused(() => store.db.update(invoices).set({ totalCents: 1 }).where(eq(invoices.id, issued!.id)))).toContain("invoice_immutable");
    expect(await refused(() => store.db.delete(invoices).where(eq(invoices.id, issued!.id)))).toContain("invoice_immutable");
    expect(await refused(() => store.db.update(invoiceLines).set({ vatCents: 0 }).where(eq(invoiceLines.invoiceId, issued!.id)))).toContain("invoice_immutable");
    const moved = () => store.db.update(documentCounters).set({ lastNumber: sql`${documentCounters.lastNumber} + 1` }).where(eq(documentCounters.kind, "invoice"));
    expect(await refused(moved)).toContain("document_counter_moves_with_documents");
  });

  test("a cancelled order gets no invoice", async () => {
    const { agent, order } = await placedOrder();
    expect((await agent.post(`/orders/${order.id}/cancel`)).status).toBe(303);
    expect(await issueInvoice(store.database, order.id, context())).toBeNull();
  });
});

describe("reading and sending", () => {
  test("the shopper reads it, the completed email carries it, and sending it again is throttled", async () => {
    const { agent, user, order } = await placedOrder();
    expect((await agent.get(`/orders/${order.id}/invoice`)).status).toBe(404);
    await complete(order.id);
    const invoice = (await invoiceOfOrder(store.db, order.id))!;
    const page = await textOf(await agent.get(`/orders/${order.id}/invoice`));
    expect(page).toContain(documentNumber(invoice));
    expect(page).toContain("VAT number IE1234567T");
    expect(page).toContain("1 Market Street, Dublin 1, D01 F5P2");
    // The completed email: the same sheet attached as HTML.
    const queued = await store.db.select().from(jobs).where(and(eq(jobs.type, "send-email"), sql`json_extract(${jobs.payload}, '$.to') = ${user.email}`));
    const completed = queued.map((job) => JSON.parse(job.payload)).find((payload) => payload.props?.statusLabel === "Completed");
    expect(completed.attachments[0].filename).toBe(`invoice-${documentNumber(invoice)}.html`);
    expect(completed.attachments[0].content).toBe((await invoiceAttachment(invoice, store.config)).content);
    expect(completed.attachments[0].content).toContain(documentNumber(invoice));
    // Send it again: three times an hour.
    for (let i = 0; i < 3; i++) expect((await agent.post(`/orders/${order.id}/invoice/send`)).status).toBe(303);
    const refused = await agent.post(`/orders/${order.id}/invoice/send`);
    expect(refused.status).toBe(429);
    // When to try again, on the store's clock: the first of the three was sent at 10:00 (UTC, and Dublin in winter).
    expect(await textOf(refused)).toContain("several times in the last hour; try again after 20 Nov 2026, 11:00.");
    await backgroundWork(store).drain();
    const sent = await store.db.select().from(outboxMessages).where(eq(outboxMessages.to, user.email));
    expect(sent.filter((message) => message.subject === `Invoice ${documentNumber(invoice)} for order GR-${String(order.id).padStart(6, "0")}`).length).toBe(3);
    expect(sent.every((message) => !message.subject.startsWith("Invoice") || JSON.parse(message.attachments).length === 1)).toBe(true);
    // Someone else's order is not found; a post from another site is refused.
    const stranger = (await newShopper(store)).agent;
    expect((await stranger.get(`/orders/${order.id}/invoice`)).status).toBe(404);
    expect((await stranger.post(`/orders/${order.id}/invoice/send`)).status).toBe(404);
    expect((await agent.post(`/orders/${order.id}/invoice/send`, {}, { origin: "https://evil.example" })).status).toBe(403);
  });

  test("the API answers the invoice as JSON, 404 before it is issued", async () => {
    const { client, user } = await apiShopper(store);
    await store.db.update(products).set({ stock: 10_000 }).where(eq(products.id, shelves.milk.id));
    const cart = await client.put(`/cart/items/${shelves.milk.id}`, { quantity: 2 });
    expect(cart.status).toBeLessThan(300);
    const placed = await client.post("/checkout", { fulfilment: "pickup" }, { headers: { "idempotency-key": crypto.randomUUID() } });
    expect(placed.status).toBe(201);
    const id = (placed.json as { id: number }).id;
    expect((await client.get(`/orders/${id}/invoice`)).status).toBe(404);
    await complete(id);
    const answer = await client.get(`/orders/${id}/invoice`);
    expect(answer.status).toBe(200);
    const body = answer.json as { number: string; total_cents: number; vat: { gross_cents: number }[]; lines: { amount_cents: number }[]; seller: { vat_number: string }; customer: { email: string } };
    expect(body.number).toMatch(/^INV-\d{6}$/);
    expect(body.seller.vat_number).toBe("IE1234567T");
    expect(body.customer.email).toBe(user.email);
    expect(body.lines.reduce((sum, line) => sum + line.amount_cents, 0)).toBe(body.total_cents);
    expect(body.vat.reduce((sum, rate) => sum + rate.gross_cents, 0)).toBe(body.total_cents);
  });
});
