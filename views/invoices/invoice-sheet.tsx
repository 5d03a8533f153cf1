import { OrderLinesTable, type OrderLineRow, type TotalRow } from "../components/order-lines";
import type { Unit } from "../../src/db/schema";
import { slotText } from "../../src/fulfilment/slot-text";
import { DOCUMENT_TITLES, documentNumber, type InvoiceDocument } from "../../src/invoices/queries";
import { ratePercent } from "../../src/tax/vat";

type Money = (cents: number) => string;
export type SheetProps = { document: InvoiceDocument; orderNumber: string; money: Money; timeZone: string };

const issuedDate = (date: Date, timeZone: string) => date.toLocaleDateString("en-IE", { day: "numeric", month: "long", year: "numeric", timeZone });

/** An issued line as the lines table shows it: the delivery fee has no quantity or price of its own. */
const sheetLine = (line: InvoiceDocument["lines"][number]): OrderLineRow => {
  const goods = line.kind === "goods";
  return {
    name: line.description,
    quantity: goods && line.unit ? line.quantity : null,
    unit: goods ? (line.unit as Unit | null) : null,
    unitPriceCents: goods ? line.unitPriceCents : null,
    vatRateBp: line.vatRateBp,
    amountCents: line.grossCents,
    discountCents: line.discountCents,
  };
};

/** The rows under the lines: goods, discount, the delivery or collection fee and the total. */
function sheetTotals(document: InvoiceDocument, money: Money): TotalRow[] {
  const rows: TotalRow[] = [{ label: "Goods", amount: money(document.subtotalCents) }];
  if (document.discountCents > 0) rows.push({ label: "Discount", amount: `−${money(document.discountCents)}` });
  if (document.deliveryFeeCents > 0) rows.push({ label: document.fulfilment === "delivery" ? "Delivery" : "Collection", amount: money(document.deliveryFeeCents) });
  rows.push({ label: "Total (VAT included)", amount: money(document.totalCents), strong: true, class: "invoice-total" });
  return rows;
}

/**
 * An issued invoice or credit note as it was issued: the same content on the printable page, in
 * the email attachment and in print. Everything comes from the stored snapshot.
 */
export function InvoiceSheet({ document, orderNumber, money, timeZone }: SheetProps) {
  const title = DOCUMENT_TITLES[document.kind];
  const slot = document.slotStartsAt && document.slotEndsAt ? slotText({ startsAt: document.slotStartsAt, endsAt: document.slotEndsAt }, timeZone) : null;
  return (
    <article class="invoice" aria-label={`${title} ${documentNumber(document)}`}>
      <header class="invoice-head">
        <div class="invoice-seller">
          <h1>{document.sellerName}</h1>
          {document.sellerAddress ? <p class="address">{document.sellerAddress}</p> : null}
          {document.sellerVatNumber ? <p>VAT number {document.sellerVatNumber}</p> : null}
        </div>
        <dl class="facts">
          <dt>{title}</dt>
          <dd id="invoice-number">{documentNumber(document)}</dd>
          {document.creditsNumber ? (
            <>
              <dt>Credits invoice</dt>
              <dd>{document.creditsNumber}</dd>
            </>
          ) : null}
          <dt>Issued</dt>
          <dd>{issuedDate(document.issuedAt, timeZone)}</dd>
          <dt>Order</dt>
          <dd>{orderNumber}</dd>
          <dt>Customer</dt>
          <dd>
            {document.customerName}
            {document.customerEmail ? ` (${document.customerEmail})` : ""}
          </dd>
          {document.fulfilment === "delivery" ? (
            <>
              <dt>Delivered to</dt>
              <dd class="address">{document.deliveryAddress ?? ""}</dd>
            </>
          ) : (
            <>
              <dt>Collected at</dt>
              <dd>{document.collectionPoint ?? "the store"}</dd>
            </>
          )}
          {slot ? (
            <>
              <dt>{document.fulfilment === "delivery" ? "Delivery slot" : "Collection slot"}</dt>
              <dd>{slot}</dd>
            </>
          ) : null}
        </dl>
      </header>
      <div class="invoice-lines">
        <OrderLinesTable lines={document.lines.map(sheetLine)} columns={["item", "quantity", "price", "vat", "amount"]} totals={sheetTotals(document, money)} money={money} stacked />
        <table class="data-table vat-table">
          <caption>VAT by rate</caption>
          <thead>
            <tr>
              <th scope="col">Rate</th>
              <th scope="col" class="money">Net</th>
              <th scope="col" class="money">VAT</th>
              <th scope="col" class="money">Gross</th>
            </tr>
          </thead>
          <tbody>
            {document.rates.map((rate) => (
              <tr class="vat-line">
                <td>{ratePercent(rate.rateBp)}</td>
                <td class="money">{money(rate.netCents)}</td>
                <td class="money">{money(rate.vatCents)}</td>
                <td class="money">{money(rate.grossCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td class="money">{money(document.netCents)}</td>
              <td class="money">{money(document.vatCents)}</td>
              <td class="money">{money(document.totalCents)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </article>
  );
}

/** The styles the sheet needs outside the store's pages (the emailed copy opens on its own). */
const STANDALONE_CSS = `body{font-family:system-ui,sans-serif;color:#1c1c1c;margin:0;padding:1rem;background:#fff}
.invoice{max-width:50rem;margin:0 auto}.invoice-head{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
.invoice h1{margin:0 0 .25rem;font-size:1.4rem}.address{white-space:pre-line}.facts{display:grid;grid-template-columns:auto 1fr;gap:.2rem .75rem;margin:0}
.facts dt{font-weight:600}.facts dd{margin:0}.data-table{width:100%;border-collapse:collapse;margin-top:1rem}
.data-table th,.data-table td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}
.money{text-align:right;white-space:nowrap}caption{text-align:left;font-weight:600;padding:.4rem 0}.muted{color:#555}`;

/** The sheet as a whole HTML document of its own: the email attachment. */
export function StandaloneInvoice(props: SheetProps & { title: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <style dangerouslySetInnerHTML={{ __html: STANDALONE_CSS }} />
      </head>
      <body>
        <InvoiceSheet {...props} />
      </body>
    </html>
  );
}
