import type { FormErrors, FormValues } from "../../src/http/forms";
import type { OrderWithItems } from "../../src/orders/queries";
import { orderNumber } from "../../src/orders/queries";
import { LedgerTable, PaymentSummary } from "./payment-summary";
import type { LedgerRow } from "../../src/db/payment-tables";
import { centsToInput } from "../../src/values/money";
import type { MomentFormat } from "../../src/http/days";

import { Field, MoneyField, RadioGroup } from "../components/form";

type Money = (cents: number) => string;

const INSTRUMENTS = [
  { value: "card_terminal", label: "Card terminal" },
  { value: "cash", label: "Cash" },
];

/** The back office's view of an order's money: the ledger, taking payment at handover, refunds. */
export function OrderPaymentPage(props: {
  order: OrderWithItems;
  dueCents: number;
  rows: (LedgerRow & { actorName: string | null })[];
  money: Money;
  moment: MomentFormat;
  values: FormValues;
  errors: FormErrors;
  form?: "collect" | "refund";
}) {
  const { order, money, values, errors } = props;
  const payment = order.payment;
  const owed = props.dueCents - (payment.capturedCents - payment.refundedCents);
  const canCollect = payment.method === "on_delivery" && owed > 0 && order.status !== "cancelled" && order.status !== "awaiting_payment";
  const refundable = payment.capturedCents - payment.refundedCents;
  // The form sent back with its errors keeps what was typed; the other starts afresh.
  const errorsOf = (form: "collect" | "refund") => (props.form === form ? errors : {});
  const collectValues = { instrument: "card_terminal", amount: centsToInput(owed), ...(props.form === "collect" ? values : {}) };
  const refundValues = props.form === "refund" ? values : {};
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
      <LedgerTable rows={props.rows} money={money} moment={props.moment} />
      {canCollect ? (
        <form method="post" action={`/manage/orders/${order.id}/payment`} class="card" id="collect-payment">
          <h2>Take payment at handover</h2>
          <RadioGroup label="How did the shopper pay?" name="instrument" id="collect-instrument" values={collectValues} errors={errorsOf("collect")} options={INSTRUMENTS} />
          <MoneyField label="Amount taken" name="amount" id="collect-amount" values={collectValues} errors={errorsOf("collect")} required={false} />
          <button type="submit" class="button">Record payment</button>
        </form>
      ) : null}
      {refundable > 0 ? (
        <form method="post" action={`/manage/orders/${order.id}/refunds`} class="card" id="refund-payment">
          <h2>Refund</h2>
          <p class="hint">Up to {money(refundable)}: a refused substitute, a complaint, a goodwill gesture. {payment.method === "card" ? "Refunded to the card." : "Give the money back at the counter, then record it here."}</p>
          <MoneyField label="Amount" name="amount" id="refund-amount" values={refundValues} errors={errorsOf("refund")} required={false} />
          <Field label="Reason" name="reason" id="refund-reason" values={refundValues} errors={errorsOf("refund")} maxlength={300} required={false} />
          <button type="submit" class="button button-danger">Refund</button>
        </form>
      ) : null}
    </section>
  );
}
