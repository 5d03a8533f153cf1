import type { Child } from "hono/jsx";
import { InvoiceSheet, type SheetProps } from "./invoice-sheet";

/**
 * A printable document (invoice or credit note, shopper or staff): the sheet, then a row that is not
 * printed with Print, any other `actions` and the way back, then anything `after` it.
 */
export function DocumentPage(props: SheetProps & { back: string; backText: string; actions?: Child; after?: Child }) {
  return (
    <section class="invoice-page">
      <InvoiceSheet {...props} />
      <div class="no-print actions-row">
        <button type="button" class="button" data-print>
          Print
        </button>
        {props.actions}
        <a href={props.back}>{props.backText}</a>
      </div>
      {props.after}
    </section>
  );
}

/** The shopper's printable invoice, with "send it to my email again". */
export function ShopperInvoicePage(props: SheetProps & { orderId: number; email: string }) {
  const send = `/orders/${props.orderId}/invoice/send`;
  return (
    <DocumentPage
      {...props}
      back={`/orders/${props.orderId}`}
      backText="Back to the order"
      actions={
        <form method="post" action={send} hx-post={send} hx-target="#invoice-sent" hx-swap="innerHTML">
          <button type="submit" class="button button-quiet">
            Email it to {props.email}
          </button>
        </form>
      }
      after={<p id="invoice-sent" class="no-print" role="status" aria-live="polite"></p>}
    />
  );
}

/** The order has no invoice yet: say when it will have one. */
export function NoInvoiceYet(props: { orderId: number; orderNumber: string; cancelled: boolean }) {
  return (
    <section>
      <h1>No invoice yet for {props.orderNumber}</h1>
      <p>
        {props.cancelled
          ? "This order was cancelled, so there is nothing to invoice."
          : "We issue the invoice when your order is completed (delivered or collected) or paid; it will appear here and in your email then."}
      </p>
      <p>
        <a href={`/orders/${props.orderId}`}>Back to the order</a>
      </p>
    </section>
  );
}

/** The back office's view of an issued invoice. */
export const StaffInvoicePage = (props: SheetProps & { orderId: number }) => <DocumentPage {...props} back={`/manage/orders/${props.orderId}`} backText="Back to the order" />;
