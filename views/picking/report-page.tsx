import { DayRangeFields } from "../components/form";
import type { DayFormat } from "../../src/values/day-format";
import { rate, type PickDay, type PickerDay, type PickProduct } from "../../src/picking/report";

/** Picking report (/manage/reports/picking): substitution and short-pick rates per day and per product, lines per hour per picker. */

const percent = (part: number, whole: number) => `${(rate(part, whole) * 100).toFixed(1)} %`;

export function PickingReportPage(props: { fromText: string; toText: string; days: PickDay[]; products: PickProduct[]; pickers: PickerDay[]; day: DayFormat }) {
  const total = props.days.reduce((sum, row) => ({ lines: sum.lines + row.lines, substituted: sum.substituted + row.substituted, short: sum.short + row.short }), { lines: 0, substituted: 0, short: 0 });
  return (
    <section class="reports">
      <p><a href="/manage/reports">← Reports</a></p>
      <h1>Picking</h1>
      <form class="filters" method="get" action="/manage/reports/picking">
        <DayRangeFields prefix="picking" fromText={props.fromText} toText={props.toText} format={props.day} />
        <button type="submit" class="button button-small">Show</button>
      </form>
      {total.lines === 0 ? (
        <p class="empty">No lines were picked in this period.</p>
      ) : (
        <>
          <p id="picking-summary">
            <strong>{total.lines}</strong> lines picked · substitution rate <strong>{percent(total.substituted, total.lines)}</strong> · short-pick rate{" "}
            <strong>{percent(total.short, total.lines)}</strong> (short counts lines picked short or not at all)
          </p>
          <h2>Per day</h2>
          <div class="table-wrap">
            <table class="data-table" id="picking-days">
              <thead><tr><th scope="col">Day</th><th scope="col">Lines</th><th scope="col">Substituted</th><th scope="col">Short</th></tr></thead>
              <tbody>
                {props.days.map((row) => (
                  <tr><td>{row.day}</td><td>{row.lines}</td><td>{row.substituted} ({percent(row.substituted, row.lines)})</td><td>{row.short} ({percent(row.short, row.lines)})</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Per product (most substituted or short first)</h2>
          <div class="table-wrap">
            <table class="data-table" id="picking-products">
              <thead><tr><th scope="col">Product</th><th scope="col">Lines</th><th scope="col">Substituted</th><th scope="col">Short</th></tr></thead>
              <tbody>
                {props.products.map((row) => (
                  <tr><td>{row.name}</td><td>{row.lines}</td><td>{percent(row.substituted, row.lines)}</td><td>{percent(row.short, row.lines)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Pickers</h2>
          <div class="table-wrap">
            <table class="data-table" id="picking-pickers">
              <thead><tr><th scope="col">Day</th><th scope="col">Picker</th><th scope="col">Lines</th><th scope="col">Lines per hour</th></tr></thead>
              <tbody>
                {props.pickers.map((row) => (
                  <tr><td>{row.day}</td><td>{row.picker}</td><td>{row.lines}</td><td>{(row.lines / Math.max(1, row.hours)).toFixed(1)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted small">Lines per hour: the lines a picker recorded over the clock hours in which they recorded any.</p>
        </>
      )}
    </section>
  );
}
