import { PaymentSummary } from "../payments/payment-summary";
import { DataTable } from "../components/data-table";
import { Thumb } from "../components/thumb";
import { orderVat } from "../../src/tax/order-vat";
import { ratePercent } from "../../src/tax/vat";
import type { Order } from "../../src/db/shop-tables";
import { orderNumber, STATUS_LABELS, type OrderWithItems } from "../../src/orders/queries";
import { quantityLabel } from "../../src/catalog/units";

type Money = (cents: number) => string;

const when = (date: Date) =>
  date.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";

export function StatusBadge({ order }: { order: Pick<Order, "status"> }) {
  return <span class={`status-badge status-${order.status}`}>{STATUS_LABELS[order.status]}</span>;
}

const historyHref = (page: number) => (page > 1 ? `/orders?page=${page}` : "/orders");

export function OrdersPage({ orders, money, page, more }: { orders: Order[]; money: Money; page: number; more: boolean }) {
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
              <td data-label="Placed">{when(order.placedAt)}</td>
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

export function OrderLines({ order, money }: { order: OrderWithItems; money: Money }) {
  return (
    <table class="data-table stack-table">
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Quantity</th>
          <th scope="col">Price</th>
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {order.items.map((item) => (
          <tr>
            <td>
              <span class="with-thumb">
                <Thumb imageKey={item.imageKey} name={item.name} />
                {item.name}
              </span>
            </td>
            <td data-label="Quantity">{quantityLabel(item.quantity, item.unit)}</td>
            <td class="money unit-price" data-label="Price">
              {money(item.priceCents)}
              {item.unit === "each" ? "" : ` / ${item.unit}`}
            </td>
            <td class="money" data-label="Total">{money(item.lineTotalCents)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan={3}>Subtotal</th>
          <td class="money">{money(order.subtotalCents)}</td>
        </tr>
        {order.discountCents > 0 ? (
          <tr>
            <th scope="row" colspan={3}>Discount ({order.promoCode})</th>
            <td class="money">−{money(order.discountCents)}</td>
          </tr>
        ) : null}
        <tr>
          <th scope="row" colspan={3}>{order.deliveryFeeCents > 0 || order.slot ? "Groceries" : "Total"}</th>
          <td class="money">
            <strong>{money(order.totalCents)}</strong>
          </td>
        </tr>
        {order.deliveryFeeCents > 0 || order.slot ? (
          <>
            <tr>
              <th scope="row" colspan={3}>{order.fulfilment === "delivery" ? "Delivery" : "Collection"}</th>
              <td class="money">{order.deliveryFeeCents === 0 ? "Free" : money(order.deliveryFeeCents)}</td>
            </tr>
            <tr>
              <th scope="row" colspan={3}>To pay</th>
              <td class="money"><strong>{money(order.totalCents + order.deliveryFeeCents)}</strong></td>
            </tr>
          </>
        ) : null}
        {orderVat(order).rates.map((rate) => (
          <tr class="vat-line">
            <th scope="row" colspan={3}>VAT {ratePercent(rate.rateBp)} on {money(rate.grossCents)} (net {money(rate.netCents)})</th>
            <td class="money">{money(rate.vatCents)}</td>
          </tr>
        ))}
      </tfoot>
    </table>
  );
}

export function OrderPage({ order, money, justPlaced, slotText, changeable }: { order: OrderWithItems; money: Money; justPlaced: boolean; slotText?: string; changeable?: boolean }) {
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
        <StatusBadge order={order} /> · placed {when(order.placedAt)} ·{" "}
        {order.fulfilment === "delivery" ? `delivery to ${order.deliveryAddress ?? ""}` : "click & collect"}
      </p>
      {slotText ? <p class="reservation-bar" id="order-slot"><strong>{order.fulfilment === "delivery" ? "Delivery" : `Collection at ${order.slot?.pointName ?? "the store"}`}: {slotText}</strong></p> : null}
      {order.note ? <p class="muted">Note: {order.note}</p> : null}
      <PaymentSummary payment={order.payment} money={money} orderId={order.id} awaiting={order.status === "awaiting_payment"} />
      <div class="table-wrap">
        <OrderLines order={order} money={money} />
      </div>
      <div class="actions-row">
        {changeable ? <a class="button" href={`/orders/${order.id}/change`}>Change order</a> : null}
        <a class="button button-quiet" href={`/orders/${order.id}/invoice`}>Invoice</a>
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
