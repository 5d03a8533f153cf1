import type { DeliveryZone } from "../../src/db/fulfilment-tables";
import type { FormErrors, FormValues } from "../../src/http/forms";
import { centsToInput } from "../../src/values/money";
import { CheckboxField, Field, FormError } from "../components/form";

type Money = (cents: number) => string;

export const zoneValues = (zone: DeliveryZone): FormValues => ({
  name: zone.name,
  prefixes: zone.prefixes,
  fee: centsToInput(zone.feeCents),
  free_from: zone.freeFromCents === null ? "" : centsToInput(zone.freeFromCents),
  minimum_basket: centsToInput(zone.minimumBasketCents),
  active: zone.active ? "on" : "",
});

export function ZoneForm(props: { id?: number; values: FormValues; errors: FormErrors }) {
  const { values, errors } = props;
  return (
    <form method="post" action={props.id ? `/manage/zones/${props.id}` : "/manage/zones"} class="form-section" id="zone-form">
      <h2>{props.id ? "Edit zone" : "Add a zone"}</h2>
      <FormError errors={errors} />
      <Field label="Name" name="name" values={values} errors={errors} />
      <Field label="Postcode / Eircode prefixes" name="prefixes" values={values} errors={errors} hint="Routing keys or longer prefixes, separated by spaces: D01 D02 D04 A94" />
      <Field label="Delivery fee" name="fee" values={values} errors={errors} hint="Added to the slot's fee, e.g. 2.00" />
      <Field label="Free delivery from (optional)" name="free_from" values={values} errors={errors} required={false} hint="Baskets of at least this much pay no delivery" />
      <Field label="Minimum basket" name="minimum_basket" values={values} errors={errors} />
      <CheckboxField label="Delivering to this zone" name="active" values={{ active: values.active !== "" ? "on" : "" }} errors={errors} />
      <input type="hidden" name="active_shown" value="1" />
      <button type="submit" class="button">{props.id ? "Save the zone" : "Add the zone"}</button>
    </form>
  );
}

export function ZonesPage(props: { zones: DeliveryZone[]; money: Money; values: FormValues; errors: FormErrors; editing?: number }) {
  const { money } = props;
  return (
    <section>
      <h1>Delivery zones</h1>
      <nav class="tabs" aria-label="Fulfilment">
        <a class="tab" href="/manage/slots?fulfilment=delivery">Delivery</a>
        <a class="tab" href="/manage/slots?fulfilment=collection">Click &amp; collect</a>
        <a class="tab tab-current" href="/manage/zones" aria-current="page">Delivery zones</a>
      </nav>
      <p class="hint">An address is in the zone with the longest prefix that matches its postcode. Addresses in no zone are told at the first step.</p>
      {props.zones.length === 0 ? (
        <p class="empty">No zones yet: nobody can choose delivery until one is added.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table">
            <thead>
              <tr><th scope="col">Zone</th><th scope="col">Prefixes</th><th scope="col">Fee</th><th scope="col">Free from</th><th scope="col">Minimum</th><th scope="col">Status</th><th scope="col">Actions</th></tr>
            </thead>
            <tbody>
              {props.zones.map((zone) => (
                <tr>
                  <td><strong>{zone.name}</strong></td>
                  <td>{zone.prefixes}</td>
                  <td class="money">{money(zone.feeCents)}</td>
                  <td class="money">{zone.freeFromCents === null ? "—" : money(zone.freeFromCents)}</td>
                  <td class="money">{money(zone.minimumBasketCents)}</td>
                  <td><span class={zone.active ? "badge badge-active" : "badge badge-deactivated"}>{zone.active ? "Delivering" : "Paused"}</span></td>
                  <td><a class="button button-small button-quiet" href={`/manage/zones/${zone.id}/edit#zone-form`}>Edit</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ZoneForm id={props.editing} values={props.values} errors={props.errors} />
    </section>
  );
}
