import { quantityLabel } from "../../src/catalog/units";
import type { Unit } from "../../src/db/schema";
import type { Order, OrderItem } from "../../src/db/shop-tables";
import { CHANGE_LABELS, changeOf, pickOutcome, type PickChange } from "../../src/picking/outcome";
import { OrderLinesTable, type OrderLineRow, type TotalRow } from "../components/order-lines";

type Money = (cents: number) => string;

/*
 * The order as picked (ADR 029), for the shopper's order page and the staff order page, in the one
 * order-lines table: each ordered line with what was ordered and what was picked, its old and new
 * amount, the substitute under the line it replaced, and the final amounts. Staff get a "Refused
 * at the door" button per substitute while the order can still be refused (refuseAction).
 */

const kg = (grams: number) => `${Number((grams / 1000).toFixed(3))} kg`;

const orderedText = (item: OrderItem) =>
  item.pricePerKgCents !== null ? `${quantityLabel(item.quantity, item.unit as Unit)} × about ${kg(item.estimatedWeightGrams ?? 0)}` : quantityLabel(item.quantity, item.unit as Unit);

function pickedText(item: OrderItem): string {
  const picked = item.pickedQuantity ?? item.quantity;
  if (picked === 0) return "none";
  const amount = quantityLabel(picked, item.unit as Unit);
  return item.pickedWeightGrams !== null && item.pricePerKgCents !== null ? `${amount}, ${kg(item.pickedWeightGrams)}` : amount;
}

type PickedRow = OrderLineRow & { item: OrderItem; ordered: string; picked: string; wasCents: number | null; change: PickChange | null; replaces: OrderItem | null };

function rowsOf(items: OrderItem[]): PickedRow[] {
  const substitutes = new Map(items.filter((item) => item.substituteForItemId !== null).map((item) => [item.substituteForItemId!, item]));
  return items
    .filter((item) => item.substituteForItemId === null)
    .flatMap((item) => {
      const substitute = substitutes.get(item.id);
      const row: PickedRow = { name: item.name, amountCents: item.chargedCents ?? item.lineTotalCents, item, ordered: orderedText(item), picked: pickedText(item), wasCents: item.lineTotalCents, change: changeOf(item, substitute), replaces: null };
      if (!substitute) return [row];
      const subPicked = substitute.pickedWeightGrams !== null && substitute.pricePerKgCents !== null ? kg(substitute.pickedWeightGrams) : quantityLabel(substitute.quantity, substitute.unit as Unit);
      return [row, { name: substitute.name, amountCents: substitute.refusedAt ? 0 : (substitute.chargedCents ?? 0), item: substitute, ordered: "—", picked: subPicked, wasCents: null, change: null, replaces: item }];
    });
}

function ItemCell({ row, refuseAction }: { row: PickedRow; refuseAction?: (substitute: OrderItem) => string }) {
  if (!row.replaces) {
    return (
      <span id={`picked-line-${row.item.id}`}>
        {row.change ? <span class={`pick-tag ${row.change.kind === "unavailable" ? "pick-tag-no" : "pick-tag-ok"}`}>{CHANGE_LABELS[row.change.kind]}</span> : null}
        {row.name}
      </span>
    );
  }
  return (
    <span id={`picked-line-${row.item.id}`} class="picked-substitute">
      ↳ <a href={`#picked-line-${row.replaces.id}`}>Instead of {row.replaces.name}</a>: <strong>{row.name}</strong>
      {row.item.refusedAt ? <span class="pick-tag pick-tag-no">Refused</span> : null}
      {refuseAction && !row.item.refusedAt ? (
        <form method="post" action={refuseAction(row.item)}>
          <button type="submit" class="button button-small button-quiet">Refused at the door</button>
        </form>
      ) : null}
    </span>
  );
}

export function PickedLines({ order, items, money, refuseAction }: { order: Order; items: OrderItem[]; money: Money; refuseAction?: (substitute: OrderItem) => string }) {
  const outcome = pickOutcome(order, items);
  if (!outcome) return null;
  const totals: TotalRow[] = [
    { label: "Estimated at checkout", amount: money(outcome.estimateCents) },
    { label: "Picked goods", amount: money(order.finalSubtotalCents ?? 0) },
    ...(outcome.discountCents > 0 ? [{ label: `Discount${order.promoCode ? ` (${order.promoCode})` : ""}`, amount: `−${money(outcome.discountCents)}` }] : []),
    ...(outcome.feeCents > 0 ? [{ label: order.fulfilment === "delivery" ? "Delivery" : "Collection", amount: money(outcome.feeCents) }] : []),
    { label: "Final total", amount: money(outcome.amountDueCents), strong: true },
  ];
  return (
    <section class="picked-view" aria-labelledby={`picked-${order.id}`}>
      <h2 id={`picked-${order.id}`}>As picked</h2>
      <div class="table-wrap">
        <OrderLinesTable
          lines={rowsOf(items)}
          columns={[
            { heading: "Item", cell: (row) => <ItemCell row={row} refuseAction={refuseAction} /> },
            { heading: "Ordered", cell: (row) => row.ordered },
            { heading: "Picked", cell: (row) => row.picked },
            { heading: "Was", cell: (row) => (row.wasCents === null ? "—" : money(row.wasCents)), money: true },
            "amount",
          ]}
          headings={{ amount: "Now" }}
          totals={totals}
          money={money}
          stacked
        />
      </div>
    </section>
  );
}
