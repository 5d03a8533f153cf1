import type { LedgerRow } from "../../src/db/payment-tables";
import { PAYMENT_STATUS_LABELS, type PaymentState } from "../../src/payments/state";
import type { MomentFormat } from "../../src/http/days";

type Money = (cents: number) => string;

const KIND_LABELS: Record<LedgerRow["kind"], string> = {
  authorisation: "Card authorised",
  capture: "Card charged",
  void: "Authorisation released",
  refund: "Refund",
  collection: "Paid at handover",
};

/** The order's payment, as the shopper and staff see it: status, and what was authorised, taken and refunded. */
export function PaymentSummary(props: { payment: PaymentState; money: Money; orderId: number; awaiting: boolean }) {
  const { payment, money } = props;
  return (
    <div class="reservation-bar" id="order-payment">
      <p>
        <strong>Payment: {PAYMENT_STATUS_LABELS[payment.status]}</strong>
        {payment.authorisedCents > 0 && payment.capturedCents === 0 ? ` · authorised ${money(payment.authorisedCents)}, charged after picking for what you get` : null}
        {payment.capturedCents > 0 ? ` · paid ${money(payment.capturedCents)}` : null}
        {payment.refundedCents > 0 ? ` · refunded ${money(payment.refundedCents)}` : null}
      </p>
      {props.awaiting ? (
        <form method="post" action={`/orders/${props.orderId}/pay`}>
          <p>Your order and its slot are held while you pay.</p>
          <button type="submit" class="button">Pay by card</button>
        </form>
      ) : null}
    </div>
  );
}

/** The ledger rows, newest last, with who and why: the back office's order page. */
export function LedgerTable(props: { rows: (LedgerRow & { actorName?: string | null })[]; money: Money; moment: MomentFormat }) {
  if (props.rows.length === 0) return <p class="muted">No payment recorded yet.</p>;
  return (
    <div class="table-wrap">
      <table class="data-table" id="payment-ledger">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Status</th>
            <th scope="col" class="money">Amount</th>
            <th scope="col">Who / why</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <td data-label="When">{props.moment(row.createdAt)}</td>
              <td data-label="What">
                {KIND_LABELS[row.kind]}
                {row.instrument ? ` (${row.instrument === "cash" ? "cash" : "card terminal"})` : ""}
              </td>
              <td data-label="Status">{row.status}{row.failure ? `: ${row.failure}` : ""}</td>
              <td data-label="Amount" class="money">{props.money(row.amountCents)}</td>
              <td data-label="Who / why">{[row.actorName, row.reason].filter(Boolean).join(": ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
