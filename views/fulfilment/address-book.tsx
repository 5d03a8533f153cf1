import type { Address } from "../../src/db/fulfilment-tables";
import type { FormErrors, FormValues } from "../../src/http/forms";
import { addressText } from "../../src/fulfilment/addresses";
import { CheckboxField, Field, FormError } from "../components/form";

function AddressFields(props: { values: FormValues; errors: FormErrors; prefix: string }) {
  const id = (name: string) => `${props.prefix}-${name}`;
  return (
    <>
      <Field label="Label (Home, Work)" name="label" id={id("label")} values={props.values} errors={props.errors} required={false} />
      <Field label="Street and number" name="line1" id={id("line1")} values={props.values} errors={props.errors} autocomplete="address-line1" required />
      <Field label="More (apartment, floor)" name="line2" id={id("line2")} values={props.values} errors={props.errors} autocomplete="address-line2" required={false} />
      <Field label="Town or city" name="town" id={id("town")} values={props.values} errors={props.errors} autocomplete="address-level2" required />
      <Field label="Postcode or Eircode" name="postcode" id={id("postcode")} values={props.values} errors={props.errors} autocomplete="postal-code" required />
    </>
  );
}

const valuesOf = (address: Address): FormValues => ({ label: address.label, line1: address.line1, line2: address.line2, town: address.town, postcode: address.postcode });

/** The shopper's address book: each address with edit, make default and delete; and a new one. */
export function AddressBookPage(props: { addresses: Address[]; editing: number | null; values: FormValues; errors: FormErrors }) {
  return (
    <section class="address-book">
      <h1>Your addresses</h1>
      <FormError errors={props.errors} />
      {props.addresses.length === 0 ? <p class="empty">No addresses yet. Add one below; checkout offers it for delivery.</p> : null}
      <ul class="address-list">
        {props.addresses.map((address) => (
          <li id={`address-${address.id}`}>
            <p>
              <strong>{address.label || "Address"}</strong>
              {address.isDefault ? <span class="status-badge"> Default</span> : null}
              <br />
              {addressText(address)}
            </p>
            <details open={props.editing === address.id}>
              <summary class="button button-small button-quiet">Edit</summary>
              <form method="post" action={`/account/addresses/${address.id}`}>
                <AddressFields values={props.editing === address.id ? props.values : valuesOf(address)} errors={props.editing === address.id ? props.errors : {}} prefix={`address-${address.id}`} />
                <button type="submit" class="button button-small">Save</button>
              </form>
            </details>
            <div class="actions-row">
              {address.isDefault ? null : (
                <form method="post" action={`/account/addresses/${address.id}/default`}>
                  <button type="submit" class="button button-small">Make default</button>
                </form>
              )}
              <form method="post" action={`/account/addresses/${address.id}/delete`}>
                <button type="submit" class="button button-small button-danger">Delete</button>
              </form>
            </div>
          </li>
        ))}
      </ul>
      <h2>Add an address</h2>
      <form method="post" action="/account/addresses">
        <AddressFields values={props.editing === null ? props.values : {}} errors={props.editing === null ? props.errors : {}} prefix="new" />
        <CheckboxField label="Make it my default" name="make_default" values={{}} errors={{}} />
        <button type="submit" class="button">Add address</button>
      </form>
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </section>
  );
}
