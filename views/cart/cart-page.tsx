import { Thumb } from "../components/thumb";
import { Field, QuantityField } from "../components/form";
import type { CartSummary, SummaryLine } from "../../src/cart/summary";
import { fromMilli, quantityLabel, unitPriceLabel } from "../../src/catalog/units";
import { UnitPriceNote } from "../catalog/food-info/unit-price";
import { CartLineSubstitution, type SubstitutionProblem } from "../picking/substitute-preferences";

type Money = (cents: number) => string;

export function CartCount({ count, oob }: { count: number; oob?: boolean }) {
  return (
    <span class="cart-count" id="cart-count" hx-swap-oob={oob ? "true" : undefined}>
      {count}
    </span>
  );
}

/** A short message in the page's live region, sent alongside an htmx response. */
export function Toast({ text, kind, quiet }: { text: string; kind: "success" | "error"; quiet?: boolean }) {
  // `quiet`: the page already shows the change where it happened; the message is for screen readers.
  return (
    <div id="toast" class={`toast toast-${kind}${quiet ? " toast-quiet" : ""}`} role={kind === "error" ? "alert" : "status"} hx-swap-oob="true">
      {text}
    </div>
  );
}

export type LineError = { productId: number; message: string };

/** `substituteDefault`: the line's substitution choice when it has none of its own (the shopper's, else the store's). */
type LineOptions = { substituteDefault: boolean; substitutionProblem?: SubstitutionProblem };

function LineRow({ line, money, error, options }: { line: SummaryLine; money: Money; error?: string; options: LineOptions }) {
  const action = `/cart/items/${line.productId}`;
  return (
    <tr id={`line-${line.productId}`} class={line.problem ? "line-problem" : undefined}>
      <td>
        <div class="with-thumb">
          <Thumb imageKey={line.imageKey} name={line.name} />
          <div>
            <a href={`/products/${line.slug}`}>{line.name}</a>
            <br />
            <span class="muted">{unitPriceLabel(money(line.priceCents), line.unit)}</span> <UnitPriceNote product={line} money={money} />
          </div>
        </div>
        {line.problem ? (
          <p class="field-error">
            {line.problem}
            {line.problem === "Not enough in stock" ? ` (only ${quantityLabel(line.stock, line.unit)} left)` : ""}
          </p>
        ) : null}
        <CartLineSubstitution
          line={{ productId: line.productId, name: line.name, allowSubstitute: line.allowSubstitute ?? options.substituteDefault, substituteNote: line.substituteNote }}
          problem={options.substitutionProblem?.productId === line.productId ? options.substitutionProblem : undefined}
        />
      </td>
      <td>
        <form method="post" action={action} hx-post={action} hx-target="#cart" hx-swap="outerHTML" class="quantity-form">
          <QuantityField
            label="Quantity"
            name="quantity"
            id={`qty-${line.productId}`}
            errorId={`qty-error-${line.productId}`}
            type="number"
            unit={line.unit}
            values={{ quantity: String(fromMilli(line.quantity)) }}
            errors={error ? { quantity: error } : {}}
            attributes={{ min: "0", step: String(fromMilli(line.step)), "hx-post": action, "hx-trigger": "change", "hx-target": "#cart", "hx-swap": "outerHTML" }}
            beside={<button type="submit" class="button button-small button-quiet">Update</button>}
            required={false}
            hideLabel
            inline
          />
        </form>
      </td>
      <td class="money" data-label="Total">{line.problem ? "—" : money(line.lineTotalCents)}</td>
      <td>
        <form method="post" action={`${action}/remove`} hx-post={`${action}/remove`} hx-target="#cart" hx-swap="outerHTML">
          <button type="submit" class="link-button">Remove</button>
        </form>
      </td>
    </tr>
  );
}

/**
 * "Promo code" and "Apply". In the cart htmx swaps the cart; at checkout (`at="/checkout"`) the
 * forms are plain posts that come back to the checkout page.
 */
export function PromoForm({ summary, error, at = "/cart" }: { summary: CartSummary; error?: string; at?: "/cart" | "/checkout" }) {
  const problem = error ?? summary.promoProblem;
  const swap = (action: string) => (at === "/cart" ? { "hx-post": action, "hx-target": "#cart", "hx-swap": "outerHTML" } : {});
  return (
    <div class="promo">
      {summary.promoCode ? (
        <div class="promo-applied">
          <span>
            Code <strong>{summary.promoCode}</strong>
            {summary.promo ? " applied" : ""}
          </span>
          <form method="post" action={`${at}/promo/remove`} {...swap(`${at}/promo/remove`)}>
            <button type="submit" class="link-button">Remove code</button>
          </form>
        </div>
      ) : null}
      <form method="post" action={`${at}/promo`} {...swap(`${at}/promo`)} class="promo-form">
        <Field
          label="Promo code"
          name="code"
          id="promo-code"
          errorId="promo-error"
          autocomplete="off"
          values={{}}
          errors={problem ? { code: problem } : {}}
          beside={<button type="submit" class="button button-small">Apply</button>}
          required={false}
        />
      </form>
    </div>
  );
}

export function Totals({ summary, money }: { summary: CartSummary; money: Money }) {
  return (
    <dl class="totals">
      <dt>Subtotal</dt>
      <dd>{money(summary.subtotalCents)}</dd>
      {/* A discount line only when a code is applied (a "Discount €0.00" on every cart said nothing). */}
      {summary.promo || summary.discountCents ? (
        <>
          <dt>Discount{summary.promo ? ` (${summary.promo.code})` : ""}</dt>
          <dd>{summary.discountCents ? `−${money(summary.discountCents)}` : money(0)}</dd>
        </>
      ) : null}
      <dt class="total">Total</dt>
      <dd class="total">{money(summary.totalCents)}</dd>
    </dl>
  );
}

export function CartPage(props: { summary: CartSummary; money: Money; promoError?: string; minimumCents: number; lineError?: LineError } & LineOptions) {
  const { summary, money } = props;
  if (summary.lines.length === 0) {
    return (
      <section id="cart" class="card narrow">
        <h1>Your cart is empty</h1>
        <p>Browse the aisles and add what you need.</p>
        <p>
          <a class="button" href="/">Start shopping</a>
        </p>
      </section>
    );
  }
  const short = props.minimumCents - summary.subtotalCents;
  return (
    <section id="cart">
      <h1>Your cart</h1>
      <div class="cart-layout">
        <div class="table-wrap">
          <table class="data-table cart-table">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Quantity</th>
                <th scope="col">Total</th>
                <th scope="col"><span class="visually-hidden">Remove</span></th>
              </tr>
            </thead>
            <tbody>
              {summary.lines.map((line) => (
                <LineRow
                  line={line}
                  money={money}
                  error={props.lineError?.productId === line.productId ? props.lineError.message : undefined}
                  options={{ substituteDefault: props.substituteDefault, substitutionProblem: props.substitutionProblem }}
                />
              ))}
            </tbody>
          </table>
        </div>
        <aside class="card cart-side">
          <Totals summary={summary} money={money} />
          <PromoForm summary={summary} error={props.promoError} />
          {short > 0 ? (
            <p class="notice">The minimum order is {money(props.minimumCents)}: add {money(short)} more to check out.</p>
          ) : (
            <a class="button button-wide" href="/checkout">
              Checkout
            </a>
          )}
        </aside>
      </div>
    </section>
  );
}
