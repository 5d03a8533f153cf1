import { quantityLabel } from "../../src/catalog/units";
import type { Unit } from "../../src/db/schema";
import type { AddCandidate } from "../../src/orders/change-additions";
import type { ChangePreview } from "../../src/orders/changes";
import { thousandthsToInput } from "../../src/values/quantity";
import { Field, QuantityField, RadioCards } from "../components/form";

type Money = (cents: number) => string;
/** A window the order can move to: `day` and `time` as the store writes them ("Mon 7 Dec", "10:00–12:00"). */
export type ChangeSlot = { id: number; day: string; time: string; feeCents: number; left: number; current: boolean };
export type ChangeLineField = { productId: number; name: string; unit: Unit; quantity: number; priceCents: number };
/**
 * Where the form posts and where "keep it" / the order lead: the shopper's /orders/:id (default) or
 * the staff's /manage/orders/:id, where staff change it on the shopper's behalf (`onBehalf`).
 */
export type ChangePaths = { action: string; order: string; onBehalf?: boolean };
const shopperPaths = (orderId: number): ChangePaths => ({ action: `/orders/${orderId}/change`, order: `/orders/${orderId}` });

const signed = (money: Money, cents: number) => (cents > 0 ? `+${money(cents)}` : cents < 0 ? `−${money(-cents)}` : money(0));

/** Step one: the order's lines and the windows with room, as one form (works without JavaScript). */
const perUnit = (money: Money, line: { priceCents: number; unit: Unit }) => `${money(line.priceCents)}${line.unit === "each" ? "" : ` / ${line.unit}`}`;

/** Products to add: the shop's search (a button of the same form, so it works without JavaScript) and a quantity for each. */
function AddProducts(props: { additions: { chosen: AddCandidate[]; found: AddCandidate[] }; values: Record<string, string>; money: Money }) {
  const { chosen, found } = props.additions;
  const searched = (props.values.add_q ?? "").trim() !== "";
  return (
    <fieldset class="change-add">
      <legend>Add a product</legend>
      <Field
        type="search"
        label="Search the shop"
        name="add_q"
        id="add-q"
        values={props.values}
        errors={{}}
        maxlength={100}
        autocomplete="off"
        required={false}
        beside={<button type="submit" name="find" value="1" class="button button-small button-quiet">Find</button>}
      />
      {searched && found.length === 0 && chosen.length === 0 ? <p class="muted">Nothing found that isn't already in your order.</p> : null}
      {[...chosen, ...found].map((product) => (
        <QuantityField
          label={<>{product.name} <span class="muted">({perUnit(props.money, product)}){product.soldOut ? " · sold out" : ""}</span></>}
          name={`add_${product.productId}`}
          id={`add-${product.productId}`}
          values={props.values}
          errors={{}}
          unit={product.unit}
          placeholder={thousandthsToInput(product.step)}
          size={6}
          disabled={product.soldOut}
          required={false}
          class="field-amount"
        />
      ))}
      {found.length || chosen.length ? <p class="muted small">Leave a quantity empty to add none.</p> : null}
    </fieldset>
  );
}

/** The windows by day, as the slot grid shows them: one radio card per window, the order's own marked. */
function SlotChoices(props: { slots: ChangeSlot[]; chosen: string; money: Money }) {
  const days = new Map<string, ChangeSlot[]>();
  for (const slot of props.slots) days.set(slot.day, [...(days.get(slot.day) ?? []), slot]);
  const chosen = props.chosen || String(props.slots.find((slot) => slot.current)?.id ?? "");
  const groups = [...days].map(([heading, slots]) => ({
    heading,
    options: slots.map((slot) => ({ value: String(slot.id), label: slot.time, current: slot.current, detail: `${slot.feeCents ? props.money(slot.feeCents) : "free"} · ${slot.current ? "your slot" : `${slot.left} left`}` })),
  }));
  return <RadioCards legend="Slot" name="slot_id" chosen={chosen} groups={groups} class="change-slots" />;
}

export function ChangeOrderPage(props: {
  orderId: number;
  orderNumber: string;
  cutoffText: string | null;
  lines: ChangeLineField[];
  slots: ChangeSlot[];
  additions: { chosen: AddCandidate[]; found: AddCandidate[] };
  values: Record<string, string>;
  error?: string;
  money: Money;
  paths?: ChangePaths;
}) {
  const { money } = props;
  const paths = props.paths ?? shopperPaths(props.orderId);
  return (
    <section class="change-order" id="change-order">
      <h1>Change order {props.orderNumber}</h1>
      {props.cutoffText ? (
        <p class="muted">
          {paths.onBehalf ? "It can be changed" : "You can change it"} until {props.cutoffText}; after that it is locked for picking.
        </p>
      ) : null}
      {props.error ? (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action={paths.action} hx-post={paths.action} hx-target="#change-order" hx-swap="outerHTML">
        <fieldset>
          <legend>Items (0 removes one)</legend>
          {props.lines.map((line) => (
            <QuantityField
              label={<>{line.name} <span class="muted">({perUnit(money, line)})</span></>}
              name={`qty_${line.productId}`}
              id={`qty-${line.productId}`}
              values={{ [`qty_${line.productId}`]: props.values[`qty_${line.productId}`] ?? thousandthsToInput(line.quantity) }}
              errors={{}}
              unit={line.unit}
              size={6}
              required={false}
              class="field-amount"
            />
          ))}
        </fieldset>
        <AddProducts additions={props.additions} values={props.values} money={money} />
        {props.slots.length ? <SlotChoices slots={props.slots} chosen={props.values.slot_id ?? ""} money={money} /> : null}
        <p class="actions-row">
          <button type="submit" class="button">
            See the difference
          </button>
          <a href={paths.order}>Keep the order as it is</a>
        </p>
      </form>
    </section>
  );
}

/** Step two: what changes and what it costs, then confirm (the same fields, with confirm=1). */
export function ConfirmChangePage(props: {
  orderId: number;
  orderNumber: string;
  preview: ChangePreview;
  slotText: string | null;
  values: Record<string, string>;
  money: Money;
  /** The card must be authorised again for this change (ADR 042): said before the shopper confirms. */
  cardAgain?: { heldCents: number; neededCents: number } | null;
  paths?: ChangePaths;
}) {
  const { preview, money } = props;
  const paths = props.paths ?? shopperPaths(props.orderId);
  return (
    <section class="change-order" id="change-order">
      <h1>Confirm the change to {props.orderNumber}</h1>
      <ul class="change-lines">
        {preview.lines.map((line) => (
          <li>
            {line.name}: {line.before === 0 ? `add ${quantityLabel(line.after, line.unit)}` : `${quantityLabel(line.before, line.unit)} → ${line.after === 0 ? "removed" : quantityLabel(line.after, line.unit)}`} ({signed(money, line.lineTotalAfter - line.lineTotalBefore)})
          </li>
        ))}
        {preview.window.changed && props.slotText ? <li>Slot: {props.slotText}</li> : null}
      </ul>
      <table class="data-table">
        <tbody>
          <tr>
            <th scope="row">Groceries</th>
            <td class="money">{money(preview.before.totalCents)} → {money(preview.after.totalCents)}</td>
          </tr>
          <tr>
            <th scope="row">Fee</th>
            <td class="money">{money(preview.before.deliveryFeeCents)} → {money(preview.after.deliveryFeeCents)}</td>
          </tr>
          <tr>
            <th scope="row">To pay</th>
            <td class="money">
              <strong id="change-difference">
                {money(preview.before.amountDueCents)} → {money(preview.after.amountDueCents)} ({signed(money, preview.differenceCents)})
              </strong>
            </td>
          </tr>
        </tbody>
      </table>
      {props.cardAgain ? (
        <p class="notice" id="card-authorised-again">
          <strong>
            {paths.onBehalf ? "The shopper's" : "Your"} card will be authorised again for {money(props.cardAgain.neededCents)}
          </strong>
          , the most this order may now cost (weighed items can come out a little heavier), above the {money(props.cardAgain.heldCents)} it holds now.{" "}
          {paths.onBehalf ? "The shopper is" : "You are"} charged only what is picked; the current authorisation is released once the new one succeeds. If the card
          refuses, the order stays as it was.
        </p>
      ) : null}
      <form method="post" action={paths.action} hx-post={paths.action} hx-target="#change-order" hx-swap="outerHTML">
        {Object.entries(props.values).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirm" value="1" />
        <p class="actions-row">
          <button type="submit" class="button">
            Confirm the change
          </button>
          <a href={paths.action}>Back</a>
        </p>
      </form>
    </section>
  );
}
