import { STATUS_LABELS } from "../../src/orders/queries";
import type { PickList, PickListLine, PickListOrder } from "../../src/picking/lists";
import type { DayFormat } from "../../src/values/day-format";
import { DayFilterField, FilterSelect } from "../components/form";
import { PickLineItem, type LineProblem } from "./pick-line";

type Money = (cents: number) => string;

export type SlotChoice = { value: string; text: string };

export type PickListPageProps = {
  list: PickList;
  money: Money;
  dateText: string;
  /** A day typed that could not be read: shown again in the field with the reason. */
  dateProblem?: { typed: string; message: string };
  day: DayFormat;
  slotValue: string;
  slotChoices: SlotChoice[];
  back: string;
  problem?: { lineId: number } & LineProblem;
};

/** The lines of the walk grouped by aisle, in walk order (the list already is). */
function aislesOf(lines: PickListLine[]): { aisle: string; lines: PickListLine[] }[] {
  const aisles: { aisle: string; lines: PickListLine[] }[] = [];
  for (const line of lines) {
    const last = aisles.at(-1);
    if (last && last.aisle === line.aisle) last.lines.push(line);
    else aisles.push({ aisle: line.aisle, lines: [line] });
  }
  return aisles;
}

/** "2 of 5 lines recorded": sent again out of band with each recorded line, so it stays right without a reload. */
export function PickCount({ orderId, recorded, lines, oob }: { orderId: number; recorded: number; lines: number; oob?: boolean }) {
  return (
    <span id={`pick-count-${orderId}`} class="pick-count" hx-swap-oob={oob ? "true" : undefined}>
      {recorded} of {lines} lines recorded
    </span>
  );
}

function OrderCard({ order, back }: { order: PickListOrder; back: string }) {
  const base = `/manage/picking/orders/${order.id}`;
  return (
    <li class="pick-order" id={`pick-order-${order.id}`}>
      <div class="pick-order-head">
        <a href={`/manage/orders/${order.id}`}><strong>{order.number}</strong></a>
        <span class={`status-badge status-${order.status}`}>{STATUS_LABELS[order.status]}</span>
      </div>
      <p class="small">
        {order.customerName} · {order.fulfilment === "delivery" ? "Delivery" : "Collection"} · <PickCount orderId={order.id} recorded={order.recorded} lines={order.lines} />
      </p>
      {order.note ? <p class="small pick-note">{order.note}</p> : null}
      {order.status === "placed" ? (
        <form method="post" action={`${base}/start`}>
          <input type="hidden" name="back" value={back} />
          <button type="submit" class="button">Start picking</button>
        </form>
      ) : null}
      {order.status === "picking" ? (
        <form method="post" action={`${base}/complete`}>
          <input type="hidden" name="back" value={back} />
          <button type="submit" class="button">Finish: work out the final amount</button>
          <p class="muted small">Lines not recorded are picked as ordered.</p>
        </form>
      ) : null}
    </li>
  );
}

export function PickListPage(props: PickListPageProps) {
  const { list, money, back } = props;
  const walking = list.lines.filter((line) => line.orderStatus !== "picked");
  return (
    <section class="picking">
      <h1>Picking</h1>
      <form class="filters pick-filters" method="get" action="/manage/picking">
        <DayFilterField label="Date" name="date" id="pick-date" iso={props.dateProblem?.typed ?? props.dateText} format={props.day} error={props.dateProblem?.message} />
        <FilterSelect label="Slot" name="slot" id="pick-slot" value={props.slotValue} options={props.slotChoices.map((choice) => ({ value: choice.value, label: choice.text }))} />
        <button type="submit" class="button button-small">Show</button>
      </form>
      {list.orders.length === 0 ? (
        <p class="empty">Nothing to pick for this date and slot.</p>
      ) : (
        <>
          <h2>Orders ({list.orders.length})</h2>
          <ul class="pick-orders">
            {list.orders.map((order) => (
              <OrderCard order={order} back={back} />
            ))}
          </ul>
          <h2>Walk ({walking.length} lines)</h2>
          {walking.length === 0 ? <p class="empty">Every order here is picked.</p> : null}
          {aislesOf(walking).map((group) => (
            <section class="pick-aisle" aria-label={group.aisle}>
              <h3>{group.aisle}</h3>
              <ol class="pick-lines">
                {group.lines.map((line) => (
                  <PickLineItem line={line} money={money} back={back} problem={props.problem?.lineId === line.lineId ? props.problem : undefined} />
                ))}
              </ol>
            </section>
          ))}
        </>
      )}
    </section>
  );
}
