import { DataTable } from "../components/data-table";
import { BucketFilter, DayRangeFields } from "../components/form";
import type { DayFormat } from "../../src/values/day-format";
import { METHOD_LABELS, type OutstandingReport, type PaymentsReport } from "../../src/payments/report";
import type { Bucket } from "../../src/reports/sales";
import { STATUS_LABELS } from "../../src/orders/queries";

type Money = (cents: number) => string;

/** /manage/reports/payments: money taken net of refunds per period and method, and pay-on-delivery still owed. */
export function PaymentsReportPage(props: { fromText: string; toText: string; bucket: Bucket; csvQuery: string; report: PaymentsReport; outstanding: OutstandingReport; money: Money; day: DayFormat }) {
  const { report, outstanding, money } = props;
  const periodHeading = props.bucket === "week" ? "Week starting" : props.bucket === "month" ? "Month" : "Day";
  return (
    <section class="reports">
      <p><a href="/manage/reports">← Reports</a></p>
      <h1>Payments</h1>
      <form class="filters" method="get" action="/manage/reports/payments">
        <DayRangeFields prefix="payments" fromText={props.fromText} toText={props.toText} format={props.day} />
        <BucketFilter id="payments-bucket" value={props.bucket} />
        <button type="submit" class="button button-small">Show</button>
      </form>
      <h2 id="payments-taken">Money taken, net of refunds</h2>
      <p class="muted" id="payments-summary">
        From the payments ledger: card payments captured and payments taken at the door or counter, less refunds, on the store's day each was settled. Net{" "}
        <strong>{money(report.totals.netCents)}</strong>: {money(report.totals.takenCents)} taken, {money(report.totals.refundedCents)} refunded.
      </p>
      <h3>By method</h3>
      <DataTable
        id="payments-methods"
        columns={["Method", "Taken", "Refunded", "Net", "Payments", "Refunds"]}
        rows={(["card", "on_delivery"] as const).map((method) => ({ method, ...report.byMethod[method] }))}
        row={(row) => (
          <tr>
            <td>{METHOD_LABELS[row.method]}</td>
            <td class="money">{money(row.takenCents)}</td>
            <td class="money">{money(row.refundedCents)}</td>
            <td class="money">{money(row.netCents)}</td>
            <td>{row.payments}</td>
            <td>{row.refunds}</td>
          </tr>
        )}
      />
      <h3>Per {periodHeading === "Week starting" ? "week" : periodHeading.toLowerCase()}</h3>
      <DataTable
        id="payments-periods"
        columns={[periodHeading, "Method", "Taken", "Refunded", "Net"]}
        rows={report.rows}
        empty={<p class="empty">No money taken or refunded in this period.</p>}
        row={(row) => (
          <tr>
            <td>{row.period}</td>
            <td>{METHOD_LABELS[row.method]}</td>
            <td class="money">{money(row.takenCents)}</td>
            <td class="money">{money(row.refundedCents)}</td>
            <td class="money">{money(row.netCents)}</td>
          </tr>
        )}
      />
      <p><a href={`/manage/reports/payments/taken.csv?${props.csvQuery}`} download>Download CSV</a></p>

      <h2 id="payments-outstanding">Outstanding on delivery or collection</h2>
      <p class="muted">
        Pay-on-delivery orders picked or handed over with no payment (or not all of it) recorded yet, as of now:{" "}
        <strong>{money(outstanding.totalCents)}</strong> on {outstanding.count} order{outstanding.count === 1 ? "" : "s"}.
        {outstanding.count > outstanding.orders.length ? ` The oldest ${outstanding.orders.length} are listed; the CSV has every one.` : null}
      </p>
      <DataTable
        id="payments-outstanding-table"
        columns={["Order", "State", "Due", "Paid", "Outstanding"]}
        rows={outstanding.orders}
        empty={<p class="empty">Nothing outstanding: every order picked or handed over is paid.</p>}
        row={(order) => (
          <tr>
            <td><a href={`/manage/orders/${order.id}/payment`}>{order.number}</a></td>
            <td>{STATUS_LABELS[order.status]}</td>
            <td class="money">{money(order.dueCents)}</td>
            <td class="money">{money(order.paidCents)}</td>
            <td class="money">{money(order.outstandingCents)}</td>
          </tr>
        )}
      />
      <p><a href="/manage/reports/payments/outstanding.csv" download>Download CSV</a></p>
    </section>
  );
}
