import type { Child } from "hono/jsx";
import { quantityLabel } from "../../src/values/quantity";
import type { Unit } from "../../src/db/schema";
import { ratePercent } from "../../src/values/percent";
import { Thumb } from "./thumb";

type Money = (cents: number) => string;

/**
 * One line of an order, an invoice or a credit note as the lines table shows it. A line that is not
 * goods (the delivery fee on an invoice) leaves quantity and price out.
 */
export type OrderLineRow = {
  name: string;
  imageKey?: string | null;
  /** Thousandths of the unit. */
  quantity?: number | null;
  unit?: Unit | null;
  unitPriceCents?: number | null;
  vatRateBp?: number | null;
  amountCents: number;
  /** Shown under the amount: "(after −€0.50 off)". */
  discountCents?: number | null;
};

/** The columns every lines table knows, in the order given; a page may add columns of its own. */
export type LineColumnName = "item" | "quantity" | "price" | "vat" | "amount";
export type CustomLineColumn<L> = { heading: string; cell: (line: L) => Child; money?: boolean };
export type LineColumn<L> = LineColumnName | CustomLineColumn<L>;

/** A row under the lines: a label and an amount (subtotal, discount, delivery, total, VAT). */
export type TotalRow = { label: Child; amount: string; strong?: boolean; class?: string };

const HEADINGS: Record<LineColumnName, string> = { item: "Item", quantity: "Quantity", price: "Price", vat: "VAT", amount: "Amount" };

type Options = { money: Money; thumbs: boolean };

function standardCell(name: LineColumnName, line: OrderLineRow, { money, thumbs }: Options): Child {
  switch (name) {
    case "item":
      return thumbs ? (
        <span class="with-thumb">
          <Thumb imageKey={line.imageKey} name={line.name} />
          {line.name}
        </span>
      ) : (
        line.name
      );
    case "quantity":
      return line.quantity != null && line.unit ? quantityLabel(line.quantity, line.unit) : "";
    case "price":
      return line.unitPriceCents != null ? `${money(line.unitPriceCents)}${line.unit && line.unit !== "each" ? ` / ${line.unit}` : ""}` : "";
    case "vat":
      return line.vatRateBp != null ? ratePercent(line.vatRateBp) : "";
    case "amount":
      return (
        <>
          {money(line.amountCents)}
          {line.discountCents ? <small class="muted"> (after −{money(line.discountCents)} off)</small> : null}
        </>
      );
  }
}

const isMoney = <L,>(column: LineColumn<L>) => (typeof column === "string" ? column === "price" || column === "amount" : column.money === true);
const heading = <L,>(column: LineColumn<L>, headings: Partial<Record<LineColumnName, string>>) =>
  typeof column === "string" ? (headings[column] ?? HEADINGS[column]) : column.heading;

/**
 * The lines of an order, an invoice or a credit note, with the totals underneath: one table for the
 * order page, the invoice sheet and whatever shows lines next. `columns` picks which columns show
 * and in what order; `stacked` turns each line into a small card on phones (each cell with its
 * heading), so the table never scrolls sideways.
 */
export function OrderLinesTable<L extends OrderLineRow>(props: {
  lines: readonly L[];
  columns: LineColumn<L>[];
  totals: TotalRow[];
  money: Money;
  /** Other headings for the standard columns, such as `{ amount: "Total" }`. */
  headings?: Partial<Record<LineColumnName, string>>;
  /** A small picture beside each item's name. */
  thumbs?: boolean;
  stacked?: boolean;
}) {
  const options: Options = { money: props.money, thumbs: props.thumbs ?? false };
  const headings = props.columns.map((column) => heading(column, props.headings ?? {}));
  return (
    <table class={props.stacked ? "data-table stack-table order-lines" : "data-table order-lines"}>
      <thead>
        <tr>
          {headings.map((text, index) => (
            <th scope="col" class={isMoney(props.columns[index]!) ? "money" : undefined}>
              {text}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.lines.map((line) => (
          <tr>
            {props.columns.map((column, index) => (
              <td class={isMoney(column) ? "money" : undefined} data-label={props.stacked && index > 0 ? headings[index] : undefined}>
                {typeof column === "string" ? standardCell(column, line, options) : column.cell(line)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        {props.totals.map((row) => (
          <tr class={row.class}>
            <th scope="row" colspan={props.columns.length - 1}>{row.label}</th>
            <td class="money">{row.strong ? <strong>{row.amount}</strong> : row.amount}</td>
          </tr>
        ))}
      </tfoot>
    </table>
  );
}
