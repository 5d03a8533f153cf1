import type { FormErrors, FormValues } from "../../src/http/forms";
import type { OrderWithItems } from "../../src/orders/queries";
import { orderNumber } from "../../src/orders/queries";
import { LedgerTable, PaymentSummary } from "./payment-summary";
import type { LedgerRow } from "../../src/db/payment-tables";
import { centsToInput } from "../../src/values/money";

type Money = (cents: number) => string;

/** The back office's view of an order's money: the ledger, taking payment at handover, refunds. */
export function OrderPaymentPage(props: {
  order: OrderWithItems;
  dueCents: number;
  rows: (LedgerRow & { actorName: string | null })[];
  money: Money;
  values: FormValues;
  errors: FormErrors;
  form?: "collect" | "refund";
}) {
  const { order, money, values, errors } = props;
  const payment = order.payment;
  const owed = props.dueCents - (payment.capturedCents - payment.refundedCents);
  const canCollect = payment.method === "on_delivery" && owed > 0 && order.status !== "cancelled" && order.status !== "awaiting_payment";
  const refundable = payment.capturedCents - payment.refundedCents;
  const err = (form: "collect" | "refund", name: string) => (props.form === form ? errors[name] : undefined);
  const val = (form: "collect" | "refund", name: string, fallback = "") => (props.form === form ? (values[name] ?? fallback) : fallback);
  return (
    <section>
      <p><a href={`/manage/orders/${order.id}`}>← Order {orderNumber(order)}</a></p>
      <h1>Payment of {orderNumber(order)}</h1>
      <PaymentSummary payment={payment} money={money} orderId={order.id} awaiting={false} />
      <p>
        {payment.method === "card" ? "Paid by card online." : "Paid on delivery or collection."} Amount due: <strong>{money(props.dueCents)}</strong>
        {owed > 0 && payment.capturedCents > 0 ? `, still owed ${money(owed)}` : ""}.
      </p>
      <h2>Ledger</h2>
      <LedgerTable rows={props.rows} money={money} />
      {canCollect ? (
        <form method="post" action={`/manage/orders/${order.id}/payment`} class="card" id="collect-payment">
          <h2>Take payment at handover</h2>
          <fieldset class="choices">
            <legend>How did the shopper pay?</legend>
            <label><input type="radio" name="instrument" value="card_terminal" checked={val("collect", "instrument", "card_terminal") === "card_terminal"} /> Card terminal</label>
            <label><input type="radio" name="instrument" value="cash" checked={val("collect", "instrument") === "cash"} /> Cash</label>
            {err("collect", "instrument") ? <p class="field-error">{err("collect", "instrument")}</p> : null}
          </fieldset>
          <div class={err("collect", "amount") ? "field field-invalid" : "field"}>
            <label for="collect-amount">Amount taken</label>
            <input id="collect-amount" name="amount" inputmode="decimal" value={val("collect", "amount", centsToInput(owed))} />
            {err("collect", "amount") ? <p class="field-error">{err("collect", "amount")}</p> : null}
          </div>
          <button type="submit" class="button">Record payment</button>
        </form>
      ) : null}
      {refundable > 0 ? (
        <form method="post" action={`/manage/orders/${order.id}/refunds`} class="card" id="refund-payment">
          <h2>Refund</h2>
          <p class="hint">Up to {money(refundable)}: a refused substitute, a complaint, a goodwill gesture. {payment.method === "card" ? "Refunded to the card." : "Give the money back at the counter, then record it here."}</p>
          <div class={err("refund", "amount") ? "field field-invalid" : "field"}>
            <label for="refund-amount">Amount</label>
            <input id="refund-amount" name="amount" inputmode="decimal" value={val("refund", "amount")} />
            {err("refund", "amount") ? <p class="field-error">{err("refund", "amount")}</p> : null}
          </div>
          <div class={err("refund", "reason") ? "field field-invalid" : "field"}>
            <label for="refund-reason">Reason</label>
            <input id="refund-reason" name="reason" value={val("refund", "reason")} maxlength={300} />
            {err("refund", "reason") ? <p class="field-error">{err("refund", "reason")}</p> : null}
          </div>
          <button type="submit" class="button button-danger">Refund</button>
        </form>
      ) : null}
    </section>
  );
}
