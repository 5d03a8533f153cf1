import { amountLabel } from "../../src/catalog/units";
import type { FormErrors, FormValues } from "../../src/http/forms";
import type { MomentFormat } from "../../src/http/days";
import { REASON_LABELS, type StockFilter, type StockHistoryEntry, type StockRow } from "../../src/inventory/stock";
import { STOCK_REASONS } from "../../src/db/schema";
import { Field, FilterSearch, FilterSelect, FormError, QuantityField, SelectField } from "../components/form";

const REASON_OPTIONS = STOCK_REASONS.map((reason) => ({ value: reason, label: REASON_LABELS[reason] }));

function levelBadge(row: StockRow) {
  if (row.stock === 0) return <span class="badge badge-out">Out</span>;
  if (row.stock <= row.threshold) return <span class="badge badge-low">Low</span>;
  return <span class="badge badge-in">OK</span>;
}

/** One product's stock with its adjust form; htmx swaps the whole row after a change. */
export function StockRowView({ row, values = {}, errors = {}, saved }: { row: StockRow; values?: FormValues; errors?: FormErrors; saved?: string }) {
  const id = `stock-${row.id}`;
  const action = `/manage/stock/${row.id}/adjust`;
  const problem = Object.keys(errors).length > 0;
  return (
    <tr id={id} class={problem ? "line-problem" : undefined}>
      <td>
        <a href={`/manage/stock/${row.id}`}>{row.name}</a>
        <br />
        <span class="muted small">{row.categoryName}</span>
      </td>
      <td>
        {amountLabel(row.stock, row.unit)}{" "}
        {levelBadge(row)}
      </td>
      <td>{amountLabel(row.threshold, row.unit)}</td>
      <td>
        <form class="stock-form" method="post" action={action} hx-post={action} hx-target={`#${id}`} hx-swap="outerHTML">
          <QuantityField label={`Change for ${row.name} (${row.unit})`} name="change" id={`${id}-change`} signed size={7} placeholder={`± ${row.unit}`} values={values} errors={errors} hideLabel inline />
          <SelectField label="Reason" name="reason" id={`${id}-reason`} options={REASON_OPTIONS} values={values} errors={errors} hideLabel inline />
          <Field label="Note" name="note" id={`${id}-note`} size={12} placeholder="Note" values={values} errors={errors} required={false} hideLabel inline />
          <button type="submit" class="button button-small">Save</button>
          <FormError errors={errors} />
          {saved ? <p class="field-saved" role="status">{saved}</p> : null}
        </form>
      </td>
    </tr>
  );
}

export function StockTable({ rows }: { rows: StockRow[] }) {
  return (
    <div class="table-wrap" id="stock-table">
      {rows.length === 0 ? (
        <p class="empty">No products match.</p>
      ) : (
        <table class="data-table">
          <thead>
            <tr><th scope="col">Product</th><th scope="col">In stock</th><th scope="col">Reorder at</th><th scope="col">Adjust (+ adds, − removes)</th></tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <StockRowView row={row} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function StockPage({ rows, filter, q }: { rows: StockRow[]; filter: StockFilter; q: string }) {
  return (
    <section>
      <h1>Stock</h1>
      <form class="filters" method="get" action="/manage/stock" hx-get="/manage/stock" hx-trigger="input changed delay:300ms, change, submit" hx-select="#stock-table" hx-target="#stock-table" hx-swap="outerHTML" hx-push-url="true">
        <FilterSearch label="Find product" name="q" id="stock-q" value={q} />
        <FilterSelect label="Show" name="filter" id="stock-filter" value={filter} options={[{ value: "all", label: "All products" }, { value: "low", label: "Low stock (at or below reorder level)" }, { value: "out", label: "Out of stock" }]} />
        <button type="submit" class="button button-small">Filter</button>
      </form>
      <StockTable rows={rows} />
    </section>
  );
}

export function StockHistoryPage({ row, history, moment }: { row: StockRow; history: StockHistoryEntry[]; moment: MomentFormat }) {
  return (
    <section>
      <p><a href="/manage/stock">← Stock</a></p>
      <h1>{row.name}: stock history</h1>
      <p>In stock now: <strong>{amountLabel(row.stock, row.unit)}</strong> · reorder at {amountLabel(row.threshold, row.unit)}</p>
      {history.length === 0 ? (
        <p class="empty">No manual changes yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table">
            <thead>
              <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Change</th><th scope="col">Reason</th><th scope="col">Stock after</th></tr>
            </thead>
            <tbody>
              {history.map((entry) => (
                <tr>
                  <td>{moment(entry.createdAt)}</td>
                  <td>{entry.actorName ?? "—"}</td>
                  <td>{entry.delta > 0 ? "+" : "−"}{amountLabel(Math.abs(entry.delta), row.unit)}</td>
                  <td>{REASON_LABELS[entry.reason]}{entry.note ? `: ${entry.note}` : ""}</td>
                  <td>{amountLabel(entry.stockAfter, row.unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
