import { PaymentSummary } from "../payments/payment-summary";
import { DataTable } from "../components/data-table";
import { OrderLinesTable, type TotalRow } from "../components/order-lines";
import { orderVat } from "../../src/tax/order-vat";
import { ratePercent } from "../../src/tax/vat";
import type { Order } from "../../src/db/shop-tables";
import { orderNumber, STATUS_LABELS, type OrderWithItems } from "../../src/orders/queries";
import { PickedLines } from "../picking/picked-view";
import type { MomentFormat } from "../../src/http/days";

type Money = (cents: number) => string;


export function StatusBadge({ order }: { order: Pick<Order, "status"> }) {
  return <span class={`status-badge status-${order.status}`}>{STATUS_LABELS[order.status]}</span>;
}

const historyHref = (page: number) => (page > 1 ? `/orders?page=${page}` : "/orders");

export function OrdersPage({ orders, money, page, more, moment }: { orders: Order[]; money: Money; page: number; more: boolean; moment: MomentFormat }) {
  return (
    <section>
      <h1>Your orders</h1>
      {orders.length === 0 && page > 1 ? (
        <p class="empty">
          No orders on page {page}. <a href="/orders">Your latest orders</a>
        </p>
      ) : (
        <DataTable
          class="stack-table"
          columns={["Order", "Placed", "Status", "Total"]}
          rows={orders}
          row={(order) => (
            <tr>
              <td>
                <a href={`/orders/${order.id}`}>{orderNumber(order)}</a>
              </td>
              <td data-label="Placed">{moment(order.placedAt)}</td>
              <td data-label="Status">
                <StatusBadge order={order} />
              </td>
              <td class="money" data-label="Total">{money(order.totalCents)}</td>
            </tr>
          )}
          empty={
            <p class="empty">
              No orders yet. <a href="/">Start shopping</a>
            </p>
          }
        />
      )}
      {page > 1 || more ? (
        <nav class="pagination" aria-label="Order pages">
          {page > 1 ? <a href={historyHref(page - 1)} rel="prev">← Newer orders</a> : null}
          {more ? <a href={historyHref(page + 1)} rel="next">Older orders →</a> : null}
        </nav>
      ) : null}
    </section>
  );
}

/** The rows under an order's lines: what the groceries cost, the delivery or collection, and the VAT in it. */
function orderTotals(order: OrderWithItems, money: Money): TotalRow[] {
  const withFee = order.deliveryFeeCents > 0 || order.slot != null;
  const rows: TotalRow[] = [{ label: "Subtotal", amount: money(order.subtotalCents) }];
  if (order.discountCents > 0) rows.push({ label: `Discount (${order.promoCode})`, amount: `−${money(order.discountCents)}` });
  rows.push({ label: withFee ? "Groceries" : "Total", amount: money(order.totalCents), strong: true });
  if (withFee) {
    rows.push({ label: order.fulfilment === "delivery" ? "Delivery" : "Collection", amount: order.deliveryFeeCents === 0 ? "Free" : money(order.deliveryFeeCents) });
    rows.push({ label: "To pay", amount: money(order.totalCents + order.deliveryFeeCents), strong: true });
  }
  for (const rate of orderVat(order).rates) {
    rows.push({ label: `VAT ${ratePercent(rate.rateBp)} on ${money(rate.grossCents)} (net ${money(rate.netCents)})`, amount: money(rate.vatCents), class: "vat-line" });
  }
  return rows;
}

export function OrderLines({ order, money }: { order: OrderWithItems; money: Money }) {
  const lines = order.items.map((item) => ({ name: item.name, imageKey: item.imageKey, quantity: item.quantity, unit: item.unit, unitPriceCents: item.priceCents, amountCents: item.lineTotalCents }));
  return <OrderLinesTable lines={lines} columns={["item", "quantity", "price", "amount"]} headings={{ amount: "Total" }} totals={orderTotals(order, money)} money={money} thumbs stacked />;
}

export function OrderPage({ order, money, justPlaced, slotText, changeable, invoiced, moment }: { order: OrderWithItems; money: Money; justPlaced: boolean; slotText?: string; changeable?: boolean; moment: MomentFormat; /** An invoice exists (issued when the order is completed): only then is there one to link to. */ invoiced?: boolean }) {
  const number = orderNumber(order);
  return (
    <section>
      {justPlaced && order.status !== "awaiting_payment" ? (
        <div class="thank-you" role="status">
          <h1>Thank you! Your order {number} is placed.</h1>
          <p>
            {order.fulfilment === "delivery" ? "We'll let you know when it is out for delivery." : "We'll let you know when it is ready for pickup."}
          </p>
        </div>
      ) : (
        <h1>Order {number}</h1>
      )}
      <p>
        <StatusBadge order={order} /> · placed {moment(order.placedAt)} ·{" "}
        {order.fulfilment === "delivery" ? `delivery to ${order.deliveryAddress ?? ""}` : "click & collect"}
      </p>
      {slotText ? <p class="reservation-bar" id="order-slot"><strong>{order.fulfilment === "delivery" ? "Delivery" : `Collection at ${order.slot?.pointName ?? "the store"}`}: {slotText}</strong></p> : null}
      {order.note ? <p class="muted">Note: {order.note}</p> : null}
      <PaymentSummary payment={order.payment} money={money} orderId={order.id} awaiting={order.status === "awaiting_payment"} />
      {order.finalTotalCents !== null ? (
        <PickedLines order={order} items={order.items} money={money} />
      ) : (
        <div class="table-wrap">
          <OrderLines order={order} money={money} />
        </div>
      )}
      <div class="actions-row">
        {changeable ? <a class="button" href={`/orders/${order.id}/change`}>Change order</a> : null}
        {invoiced ? <a class="button button-quiet" href={`/orders/${order.id}/invoice`}>Invoice</a> : null}
        <form method="post" action={`/orders/${order.id}/buy-again`}>
          <button type="submit" class="button">Buy again</button>
        </form>
        {order.status === "placed" ? (
          // Two steps, without JavaScript: the button opens the question, the question cancels.
          <details class="confirm-cancel">
            <summary class="button button-danger">Cancel order</summary>
            <div class="confirm-box" role="group" aria-label={`Cancel order ${number}`}>
              <p>Cancel order {number}? Its items go back on the shelf; this can't be undone.</p>
              <form method="post" action={`/orders/${order.id}/cancel`}>
                <button type="submit" class="button button-danger">Yes, cancel order {number}</button>
              </form>
            </div>
          </details>
        ) : null}
        <a href="/orders">All orders</a>
      </div>
    </section>
  );
}
