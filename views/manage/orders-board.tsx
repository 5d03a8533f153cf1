import { quantityLabel } from "../../src/catalog/units";
import { ORDER_STATUSES, type OrderStatus } from "../../src/db/shop-tables";
import { CANCELLABLE, nextStatus, type BoardOrder, type PickingLine } from "../../src/orders/board";
import { orderNumber, STATUS_LABELS } from "../../src/orders/queries";
import type { OrderWithItems } from "../../src/orders/queries";
import { REFUSABLE_FROM } from "../../src/picking/refuse";
import { PickedLines } from "../picking/picked-view";
import { OrderLines } from "../orders/orders";
import { DayFilterField, DayRangeFields, FilterSelect } from "../components/form";
import type { DayFormat } from "../../src/values/day-format";
import type { MomentFormat } from "../../src/http/days";

type Money = (cents: number) => string;

const stepLabels: Partial<Record<OrderStatus, string>> = {
  picked: "Mark picked",
  out_for_delivery: "Out for delivery",
  ready_for_pickup: "Ready for pickup",
  completed: "Mark completed",
};

function MoveButton({ order, to, label, danger }: { order: BoardOrder; to: OrderStatus; label: string; danger?: boolean }) {
  const action = `/manage/orders/${order.id}/status`;
  return (
    <form method="post" action={action} hx-post={action} hx-target={`#order-${order.id}`} hx-swap="outerHTML">
      <input type="hidden" name="to" value={to} />
      <button type="submit" class={danger ? "button button-small button-danger" : "button button-small"}>{label}</button>
    </form>
  );
}

export function BoardRow({ order, money, moment, error }: { order: BoardOrder; money: Money; moment: MomentFormat; error?: string }) {
  const next = nextStatus(order);
  return (
    <tr id={`order-${order.id}`} class={error ? "line-problem" : undefined}>
      <td><a href={`/manage/orders/${order.id}`}>{orderNumber(order)}</a><br /><span class="muted small">{moment(order.placedAt)}</span></td>
      <td>{order.customerName}<br /><span class="muted small">{order.fulfilment === "delivery" ? "Delivery" : "Pickup"}</span></td>
      <td>{order.itemCount}</td>
      <td class="money">{money(order.totalCents)}</td>
      <td><span class={`status-badge status-${order.status}`}>{STATUS_LABELS[order.status]}</span></td>
      <td>
        <div class="row-actions">
          {next ? <MoveButton order={order} to={next} label={stepLabels[next] ?? STATUS_LABELS[next]} /> : null}
          {CANCELLABLE.includes(order.status) ? <MoveButton order={order} to="cancelled" label="Cancel" danger /> : null}
          {/* A finished order has no step left: say so rather than leave "Next step:" empty on a phone. */}
          {!next && !CANCELLABLE.includes(order.status) ? <span class="muted">None</span> : null}
        </div>
        {error ? <p class="field-error" role="alert">{error}</p> : null}
      </td>
    </tr>
  );
}

export type SlotOption = { id: number; text: string };

const SlotSelect = (props: { id: string; slots: SlotOption[]; slot: number | undefined }) => (
  <FilterSelect label="Slot" name="slot" id={props.id} value={props.slot === undefined ? "" : String(props.slot)} blank="Any" options={props.slots.map((option) => ({ value: String(option.id), label: option.text }))} />
);

export function OrdersBoardPage(props: { orders: BoardOrder[]; money: Money; moment: MomentFormat; status: OrderStatus | ""; fromText: string; toText: string; slots?: SlotOption[]; slot?: number; day: DayFormat }) {
  return (
    <section>
      <h1>Orders</h1>
      <div class="actions-row">
        <a class="button button-quiet" href="/manage/orders/picking">Today's picking list</a>
      </div>
      <form class="filters" method="get" action="/manage/orders" hx-get="/manage/orders" hx-trigger="change, submit" hx-select="#orders-table" hx-target="#orders-table" hx-swap="outerHTML" hx-push-url="true">
        <FilterSelect label="Status" name="status" id="orders-status" value={props.status} blank="Any" options={ORDER_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))} />
        <DayRangeFields prefix="orders" fromText={props.fromText} toText={props.toText} format={props.day} />
        <SlotSelect id="orders-slot" slots={props.slots ?? []} slot={props.slot} />
        <button type="submit" class="button button-small">Filter</button>
      </form>
      <div class="table-wrap" id="orders-table">
        {props.orders.length === 0 ? (
          <p class="empty">No orders match.</p>
        ) : (
          <table class="data-table">
            <thead>
              <tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Lines</th><th scope="col">Total</th><th scope="col">Status</th><th scope="col">Next step</th></tr>
            </thead>
            <tbody>
              {props.orders.map((order) => (
                <BoardRow order={order} money={props.money} moment={props.moment} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

export function BoardOrderPage(props: {
  order: BoardOrder;
  /** The order with its lines, as the shopper's order page shows it (pictures, prices, totals, VAT). */
  full: OrderWithItems;
  history: { id: number; fromStatus: string; toStatus: string; createdAt: Date; actorName: string | null }[];
  money: Money;
  moment: MomentFormat;
}) {
  const { order, money } = props;
  const statusName = (status: string) => STATUS_LABELS[status as OrderStatus] ?? status;
  return (
    <section>
      <p><a href="/manage/orders">← Orders</a></p>
      <h1>Order {orderNumber(order)}</h1>
      <p>{order.customerName} ({order.customerEmail}) · {order.fulfilment === "delivery" ? `Delivery to ${order.deliveryAddress ?? ""}` : "Pickup"} · <span class={`status-badge status-${order.status}`}>{STATUS_LABELS[order.status]}</span></p>
      {order.note ? <p>Note: {order.note}</p> : null}
      <p class="actions-row">
        <a class="button button-quiet" href={`/manage/orders/${order.id}/payment`}>Payment and refunds</a>
        {order.status === "placed" ? <a class="button button-quiet" href={`/manage/orders/${order.id}/edit`}>Edit the order</a> : null}
      </p>
      {/* The lines with their totals (a list of line totals alone left staff adding up the order). */}
      <div class="table-wrap">
        <OrderLines order={props.full} money={money} />
      </div>
      <PickedLines order={order} items={props.full.items} money={money} refuseAction={REFUSABLE_FROM.includes(order.status) ? (substitute) => `/manage/picking/orders/${order.id}/substitutes/${substitute.id}/refuse` : undefined} />
      <h2>History</h2>
      <ul>
        <li>{props.moment(order.placedAt)} · placed by {order.customerName}</li>
        {props.history.map((event) => (
          <li>{props.moment(event.createdAt)} · {statusName(event.fromStatus)} → {statusName(event.toStatus)} by {event.actorName ?? "someone"}</li>
        ))}
      </ul>
    </section>
  );
}

export function PickingListPage({ lines, dayText, heading, slots, slot, day }: { lines: PickingLine[]; dayText: string; heading?: string; slots?: SlotOption[]; slot?: number; day: DayFormat }) {
  const byCategory = new Map<string, PickingLine[]>();
  for (const line of lines) byCategory.set(line.category, [...(byCategory.get(line.category) ?? []), line]);
  return (
    <section class="picking-list">
      <div class="actions-row no-print">
        <a href="/manage/orders">← Orders</a>
        <form class="filters" method="get" action="/manage/orders/picking">
          <DayFilterField label="Day" name="date" id="picking-date" iso={dayText} format={day} />
          <SlotSelect id="picking-slot" slots={slots ?? []} slot={slot} />
          <button type="submit" class="button button-small button-quiet">Show</button>
        </form>
        <button type="button" class="button" data-print>Print</button>
      </div>
      <h1>Picking list · {heading ?? day.input(dayText)}</h1>
      <p class="muted">Open orders (placed, being picked or picked) from this day, grouped by aisle.</p>
      {lines.length === 0 ? <p class="empty">Nothing to pick.</p> : null}
      {[...byCategory].map(([category, items]) => (
        <div class="picking-category">
          <h2>{category}</h2>
          <table class="data-table">
            <thead><tr><th scope="col">Picked</th><th scope="col">Product</th><th scope="col">Total</th><th scope="col">Per order</th></tr></thead>
            <tbody>
              {items.map((line) => (
                <tr>
                  <td><span class="tick-box" aria-hidden="true"></span></td>
                  <td>{line.product}</td>
                  <td><strong>{quantityLabel(line.total, line.unit)}</strong></td>
                  <td>{line.orders.map((entry) => `${orderNumber(entry)}: ${quantityLabel(entry.quantity, line.unit)}`).join(" · ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
