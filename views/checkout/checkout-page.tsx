import { Thumb } from "../components/thumb";
import type { CartSummary } from "../../src/cart/summary";
import type { ShortItem } from "../../src/checkout/place-order";
import { quantityLabel } from "../../src/catalog/units";
import type { FormErrors, FormValues } from "../../src/http/forms";
import { PromoForm, Totals } from "../cart/cart-page";
import { FormError, RadioGroup, TextAreaField } from "../components/form";

type Money = (cents: number) => string;

const FULFILMENT_CHOICES = [
  { value: "delivery", label: "Delivery to your door" },
  { value: "pickup", label: "Click & collect at the store" },
];

export type PaymentChoice = { name: string; label: string; explanation: string };

/** How to pay: a choice when the store offers more than one way, else a sentence saying which. */
function PaymentChoices(props: { methods: PaymentChoice[]; chosen?: string; error?: string }) {
  const { methods } = props;
  if (methods.length === 0) return null;
  if (methods.length === 1) {
    return (
      <p class="hint" id="payment-method">
        <input type="hidden" name="payment_method" value={methods[0]!.name} />
        <strong>{methods[0]!.label}.</strong> {methods[0]!.explanation}
        {props.error ? <span class="field-error" role="alert"> {props.error}</span> : null}
      </p>
    );
  }
  return (
    <RadioGroup
      label="How would you like to pay?"
      name="payment_method"
      id="payment-method"
      values={{ payment_method: props.chosen ?? methods[0]!.name }}
      errors={props.error ? { payment_method: props.error } : {}}
      options={methods.map((method) => ({ value: method.name, label: method.label, hint: method.explanation }))}
    />
  );
}

export function OutOfStockNotice({ items }: { items: ShortItem[] }) {
  return (
    <div class="form-error" role="alert">
      <p>
        <strong>Some items ran out while you were shopping:</strong>
      </p>
      <ul>
        {items.map((item) => (
          <li>
            {item.name}: you asked for {quantityLabel(item.wanted, item.unit)},{" "}
            {item.left === 0 ? "none left" : `only ${quantityLabel(item.left, item.unit)} left`}.
          </li>
        ))}
      </ul>
      <p>
        <a href="/cart">Update your cart</a> and place the order again.
      </p>
    </div>
  );
}

/** What stops this cart from being ordered as it stands, said before the shopper fills in the form. */
function CartProblems(props: { summary: CartSummary; money: Money; minimumCents: number; shortOfStock: boolean }) {
  const { summary, money } = props;
  const gone = summary.lines.filter((line) => !line.onSale).map((line) => line.name);
  const short = props.minimumCents - summary.subtotalCents;
  if (gone.length) {
    return (
      <p class="form-error" role="alert">
        No longer sold: {gone.join(", ")}. <a href="/cart">Remove {gone.length === 1 ? "it" : "them"} from your cart</a> to continue.
      </p>
    );
  }
  // Short of stock, the out-of-stock notice comes first: its lines are not in the subtotal yet.
  if (short > 0 && !props.shortOfStock) {
    return (
      <p class="notice" role="status">
        The minimum order is {money(props.minimumCents)}: <a href="/cart">add {money(short)} more</a> to place this order.
      </p>
    );
  }
  return null;
}

function SummaryLine({ line, money }: { line: CartSummary["lines"][number]; money: Money }) {
  return (
    <li class={line.problem ? "line-problem" : undefined}>
      <span class="with-thumb">
        <Thumb imageKey={line.imageKey} name={line.name} />
        <span>
          {quantityLabel(line.quantity, line.unit)} × {line.name}
          {line.problem ? <span class="field-error">{lineProblemText(line)}</span> : null}
        </span>
      </span>
      <span class="money">{line.problem ? "—" : money(line.lineTotalCents)}</span>
    </li>
  );
}

const lineProblemText = (line: CartSummary["lines"][number]) =>
  line.problem === "Not enough in stock" ? `Only ${quantityLabel(line.stock, line.unit)} left` : line.problem;

/** The slot and address checkout will confirm, as src/fulfilment/order-charges.ts priced them. */
export type CheckoutSlot = {
  windowId: number;
  fulfilment: "delivery" | "collection";
  text: string;
  until: string;
  place: string;
  address: { id: number; text: string } | null;
  feeCents: number;
  vatCents: number;
  refusal: string | null;
};

function SlotBox({ slot, money }: { slot: CheckoutSlot | null; money: Money }) {
  if (!slot) {
    return (
      <div class="reservation-bar" id="checkout-slot">
        <p><strong>No slot booked yet.</strong> <a href="/slots">Book a delivery or collection slot</a> to choose when.</p>
      </div>
    );
  }
  return (
    <div class="reservation-bar" id="checkout-slot">
      <p>
        <strong>{slot.fulfilment === "delivery" ? "Delivery" : `Collection at ${slot.place}`}: {slot.text}</strong>
        <br />
        Reserved until {slot.until}. {slot.address ? `To ${slot.address.text}. ` : ""}Fee {slot.feeCents === 0 ? "free" : money(slot.feeCents)}.
        {slot.refusal ? <span class="field-error"> {slot.refusal}</span> : null}
      </p>
      <a class="button button-small button-quiet" href="/slots">Change</a>
    </div>
  );
}

export function CheckoutPage(props: {
  slot?: CheckoutSlot | null;
  summary: CartSummary;
  money: Money;
  values: FormValues;
  errors: FormErrors;
  idempotencyKey: string;
  shortItems: ShortItem[];
  minimumCents: number;
  promoError?: string;
  /** The ways to pay this store offers (src/payments/methods.ts). */
  paymentMethods?: PaymentChoice[];
}) {
  const { summary, money, values, errors } = props;
  const slot = props.slot ?? null;
  const fulfilment = values.fulfilment ?? (slot ? (slot.fulfilment === "delivery" ? "delivery" : "pickup") : "delivery");
  const feeCents = slot && !slot.refusal ? slot.feeCents : 0;
  return (
    <section id="checkout">
      <h1>Checkout</h1>
      {props.shortItems.length ? <OutOfStockNotice items={props.shortItems} /> : null}
      {errors.form ? null : <CartProblems summary={summary} money={money} minimumCents={props.minimumCents} shortOfStock={props.shortItems.length > 0} />}
      <div class="cart-layout">
        <form method="post" action="/checkout" class="card" novalidate>
          <FormError errors={{ form: errors.form ?? errors.idempotency_key ?? errors.cart_version }} />
          <input type="hidden" name="idempotency_key" value={props.idempotencyKey} />
          {summary.cartVersion === null ? null : <input type="hidden" name="cart_version" value={String(summary.cartVersion)} />}
          <SlotBox slot={slot} money={money} />
          {slot ? <input type="hidden" name="slot_id" value={String(slot.windowId)} /> : null}
          {slot?.address ? <input type="hidden" name="address_id" value={String(slot.address.id)} /> : null}
          <RadioGroup label="How would you like your groceries?" name="fulfilment" values={{ fulfilment }} errors={errors} options={FULFILMENT_CHOICES} />
          {slot?.address ? null : (
            <TextAreaField label="Delivery address" name="delivery_address" id="delivery-address" autocomplete="street-address" values={values} errors={errors} hint="Not needed for click & collect." />
          )}
          <PaymentChoices methods={props.paymentMethods ?? []} chosen={values.payment_method} error={errors.payment_method} />
          <TextAreaField label="Note for the picker (optional)" name="note" id="order-note" values={values} errors={errors} />
          <button type="submit" class="button button-wide">
            Place order · {money(summary.totalCents + feeCents)}
          </button>
        </form>
        <aside class="card cart-side">
          <h2>Your order</h2>
          <ul class="plain-list">
            {summary.lines.map((line) => (
              <SummaryLine line={line} money={money} />
            ))}
          </ul>
          <Totals summary={summary} money={money} />
          {slot && !slot.refusal ? (
            <dl class="totals" id="checkout-fee">
              <dt>{slot.fulfilment === "delivery" ? "Delivery" : "Collection"}</dt>
              <dd class="money">{feeCents === 0 ? "Free" : money(feeCents)}</dd>
              <dt><strong>To pay</strong></dt>
              <dd class="money"><strong>{money(summary.totalCents + feeCents)}</strong></dd>
              <dt class="muted">Including VAT</dt>
              <dd class="money muted">{money(slot.vatCents)}</dd>
            </dl>
          ) : null}
          <PromoForm summary={summary} error={props.promoError} at="/checkout" />
          <a href="/cart">Change your cart</a>
        </aside>
      </div>
    </section>
  );
}
