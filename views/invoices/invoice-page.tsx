import { InvoiceSheet, type SheetProps } from "./invoice-sheet";

/** The shopper's printable invoice, with "send it to my email again". */
export function ShopperInvoicePage(props: SheetProps & { orderId: number; email: string }) {
  return (
    <section class="invoice-page">
      <InvoiceSheet {...props} />
      <div class="no-print actions-row">
        <button type="button" class="button" data-print>
          Print
        </button>
        <form method="post" action={`/orders/${props.orderId}/invoice/send`} hx-post={`/orders/${props.orderId}/invoice/send`} hx-target="#invoice-sent" hx-swap="innerHTML">
          <button type="submit" class="button button-quiet">
            Email it to {props.email}
          </button>
        </form>
        <a href={`/orders/${props.orderId}`}>Back to the order</a>
      </div>
      <p id="invoice-sent" class="no-print" role="status" aria-live="polite"></p>
    </section>
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
export function StaffInvoicePage(props: SheetProps & { orderId: number }) {
  return (
    <section class="invoice-page">
      <InvoiceSheet {...props} />
      <p class="no-print actions-row">
        <button type="button" class="button" data-print>
          Print
        </button>
        <a href={`/manage/orders/${props.orderId}`}>Back to the order</a>
      </p>
    </section>
  );
}
