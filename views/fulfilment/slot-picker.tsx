import type { Address, DeliveryZone, SlotFulfilment } from "../../src/db/fulfilment-tables";
import type { FormErrors, FormValues } from "../../src/http/forms";
import { Field, FormError, RadioGroup } from "../components/form";

type Money = (cents: number) => string;

export type PickerWindow = { id: number; time: string; feeCents: number; left: number; status: "open" | "full" | "past_cutoff"; reserved: boolean };
export type PickerDay = { label: string; windows: PickerWindow[] };
export type HeldSlot = { fulfilment: SlotFulfilment; day: string; time: string; until: string; place: string };

export type SlotPickerProps = {
  fulfilment: SlotFulfilment;
  signedIn: boolean;
  days: PickerDay[];
  held: HeldSlot | null;
  addresses: Address[];
  zone: DeliveryZone | null;
  money: Money;
  addressValues: FormValues;
  addressErrors: FormErrors;
};

export function ReservationBar({ held }: { held: HeldSlot }) {
  return (
    <div class="reservation-bar" id="reservation">
      <p>
        <strong>{held.fulfilment === "delivery" ? "Delivery" : `Collection at ${held.place}`}: {held.day}, {held.time}</strong>
        <br />
        Reserved until {held.until}. Checkout confirms it.
      </p>
      <form method="post" action="/slots/release">
        <button type="submit" class="button button-small button-quiet">Give it back</button>
      </form>
    </div>
  );
}

function AddressBook(props: SlotPickerProps) {
  const chosen = props.addresses.find((a) => a.isDefault) ?? null;
  return (
    <section class="form-section" id="address">
      <h2>Where should we deliver?</h2>
      {props.addresses.length > 0 ? (
        <form method="post" action="/slots/address/choose">
          <RadioGroup
            label="Your addresses"
            name="address_id"
            values={{ address_id: chosen ? String(chosen.id) : "" }}
            errors={{}}
            options={props.addresses.map((address) => ({ value: String(address.id), label: `${address.label ? `${address.label}: ` : ""}${address.line1}, ${address.town}, ${address.postcode}` }))}
          />
          <button type="submit" class="button button-small">Deliver here</button>
        </form>
      ) : null}
      {chosen && props.zone ? (
        <p class="hint">
          {props.zone.name}: delivery {props.money(props.zone.feeCents)} on top of the slot's fee
          {props.zone.freeFromCents !== null ? `, free on baskets from ${props.money(props.zone.freeFromCents)}` : ""}; minimum basket {props.money(props.zone.minimumBasketCents)}.
        </p>
      ) : null}
      {chosen && !props.zone ? <p class="form-error" role="alert">We no longer deliver to {chosen.postcode}. Add another address or choose click &amp; collect.</p> : null}
      <details open={props.addresses.length === 0 || Object.keys(props.addressErrors).length > 0}>
        <summary>{props.addresses.length === 0 ? "Add your address" : "Add another address"}</summary>
        <form method="post" action="/slots/address">
          <FormError errors={props.addressErrors} />
          <Field label="Postcode or Eircode" name="postcode" values={props.addressValues} errors={props.addressErrors} autocomplete="postal-code" hint="We check straight away that we deliver there." />
          <Field label="Street and number" name="line1" values={props.addressValues} errors={props.addressErrors} autocomplete="address-line1" />
          <Field label="Flat, floor (optional)" name="line2" values={props.addressValues} errors={props.addressErrors} autocomplete="address-line2" required={false} />
          <Field label="Town or city" name="town" values={props.addressValues} errors={props.addressErrors} autocomplete="address-level2" />
          <Field label="Label (optional)" name="label" values={props.addressValues} errors={props.addressErrors} required={false} hint="Home, Work..." />
          <button type="submit" class="button">Save the address</button>
        </form>
      </details>
    </section>
  );
}

function WindowButton({ window, money, signedIn }: { window: PickerWindow; money: Money; signedIn: boolean }) {
  const label = window.reserved ? "Reserved for you" : window.status === "full" ? "Full" : window.status === "past_cutoff" ? "Closed for orders" : `${window.left} left`;
  return (
    <button
      type="submit"
      name="slot_id"
      value={String(window.id)}
      class={window.reserved ? "slot-option slot-reserved" : "slot-option"}
      disabled={!signedIn || (window.status !== "open" && !(window.reserved && window.status === "full"))}
      aria-pressed={window.reserved ? "true" : undefined}
    >
      <span class="slot-time">{window.time}</span>
      <span class="slot-fee">{window.feeCents === 0 ? "Free" : money(window.feeCents)}</span>
      <span class="slot-left muted">{label}</span>
    </button>
  );
}

export function SlotPickerPage(props: SlotPickerProps) {
  const needsAddress = props.fulfilment === "delivery" && (!props.addresses.some((a) => a.isDefault) || !props.zone);
  return (
    <section class="slot-picker">
      <h1>Book a slot</h1>
      <nav class="tabs" aria-label="Delivery or collection">
        <a class={props.fulfilment === "delivery" ? "tab tab-current" : "tab"} href="/slots?fulfilment=delivery" aria-current={props.fulfilment === "delivery" ? "page" : undefined}>Delivery</a>
        <a class={props.fulfilment === "collection" ? "tab tab-current" : "tab"} href="/slots?fulfilment=collection" aria-current={props.fulfilment === "collection" ? "page" : undefined}>Click &amp; collect</a>
      </nav>
      {props.held ? <ReservationBar held={props.held} /> : null}
      {!props.signedIn ? <p class="notice"><a href="/login?next=/slots">Log in</a> or <a href="/signup">sign up</a> to reserve a slot; it is held while you shop.</p> : null}
      {props.signedIn && props.fulfilment === "delivery" ? <AddressBook {...props} /> : null}
      {needsAddress && props.signedIn ? (
        <p class="hint">Add an address we deliver to, then choose a slot.</p>
      ) : (
        <form method="post" action={`/slots/reserve?fulfilment=${props.fulfilment}`}>
          <h2>{props.fulfilment === "delivery" ? "Delivery slots" : "Collection slots"}</h2>
          {props.days.length === 0 ? <p class="empty">No slots are open for booking yet.</p> : null}
          <ul class="slot-days">
            {props.days.map((day) => (
              <li class="slot-day">
                <h3>{day.label}</h3>
                <div class="slot-options">
                  {day.windows.map((window) => <WindowButton window={window} money={props.money} signedIn={props.signedIn} />)}
                </div>
              </li>
            ))}
          </ul>
        </form>
      )}
    </section>
  );
}
