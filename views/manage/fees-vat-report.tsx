import type { FeeVatReport } from "../../src/reports/fees-vat";
import { ratePercent } from "../../src/tax/vat";
import { periodLabel } from "./reports";
import { PrepareCsv, type ExportFilters } from "./report-exports";

type Money = (cents: number) => string;

/** "2026-11-20" -> "20 Nov 2026", "2026-11" -> "Nov 2026" (the CSV keeps the ISO period). */
const periodText = (period: string) => (/^\d{4}-\d{2}-\d{2}$/.test(period) ? `${periodLabel(period)} ${period.slice(0, 4)}` : periodLabel(period));

/** Fees and VAT collected per period and rate, from the invoices issued (ADR 038); a table, with CSV. */
export function FeesVatSection(props: { report: FeeVatReport; bucket: string; filters: ExportFilters; money: Money }) {
  const { report, money } = props;
  const periodHeading = props.bucket === "week" ? "Week starting" : props.bucket === "month" ? "Month" : "Day";
  return (
    <>
      <h2 id="fees-vat">Fees and VAT collected</h2>
      <p class="muted">
        From the invoices issued in the period (an order is invoiced when completed; credit notes count against it). Totals: {money(report.totals.grossCents)} billed, of
        which {money(report.totals.feeGrossCents)} fees and {money(report.totals.vatCents)} VAT, {report.totals.documents} documents.
      </p>
      {report.rows.length === 0 ? (
        <p class="empty">No invoices in this period yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table" id="fees-vat-table">
            <thead>
              <tr>
                <th scope="col">{periodHeading}</th>
                <th scope="col">VAT rate</th>
                <th scope="col" class="money">Goods</th>
                <th scope="col" class="money">Fees</th>
                <th scope="col" class="money">VAT</th>
                <th scope="col" class="money">Net</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr>
                  <td>{periodText(row.period)}</td>
                  <td>{ratePercent(row.rateBp)}</td>
                  <td class="money">{money(row.goodsGrossCents)}</td>
                  <td class="money">{money(row.feeGrossCents)}</td>
                  <td class="money">{money(row.vatCents)}</td>
                  <td class="money">{money(row.netCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colspan={2}>Total</th>
                <td class="money">{money(report.totals.goodsGrossCents)}</td>
                <td class="money">{money(report.totals.feeGrossCents)}</td>
                <td class="money">{money(report.totals.vatCents)}</td>
                <td class="money">{money(report.totals.netCents)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <PrepareCsv kind="fees-vat" filters={props.filters} />
    </>
  );
}
