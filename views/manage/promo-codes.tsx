import type { FormErrors, FormValues } from "../../src/http/forms";
import type { PromoSummary } from "../../src/promotions/codes";
import type { PromoCode } from "../../src/db/shop-tables";
import { DateField, Field, FormError, MoneyField, RadioGroup } from "../components/form";
import { dayText } from "../../src/values/day";
import type { DayFormat } from "../../src/values/day-format";

type Money = (cents: number) => string;

/** A code's start or end day as the store writes it (both are UTC midnight). */
const typedDay = (date: Date | null, days: DayFormat) => (date ? days.input(dayText(date)) : "");
const shownDay = (date: Date | null, days: DayFormat) => (date ? days.long(dayText(date)) : "");

export function promoValues(promo: PromoCode, days: DayFormat): FormValues {
  const cents = (value: number) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, "0")}`;
  return {
    code: promo.code,
    kind: promo.kind,
    value: promo.kind === "percent" ? String(promo.value) : cents(promo.value),
    starts_on: typedDay(promo.startsAt, days),
    expires_on: typedDay(promo.expiresAt, days),
    min_subtotal: promo.minSubtotalCents ? cents(promo.minSubtotalCents) : "",
    usage_limit: promo.usageLimit === null ? "" : String(promo.usageLimit),
    per_customer_limit: promo.perCustomerLimit === null ? "" : String(promo.perCustomerLimit),
  };
}

function discountLabel(promo: PromoCode, money: Money) {
  return promo.kind === "percent" ? `${promo.value}% off` : `${money(promo.value)} off`;
}

export function PromoRow({ promo, money, days }: { promo: PromoSummary; money: Money; days: DayFormat }) {
  const toggle = promo.active ? "deactivate" : "activate";
  return (
    <tr id={`promo-${promo.id}`}>
      <td><strong>{promo.code}</strong></td>
      <td>{discountLabel(promo, money)}{promo.minSubtotalCents ? ` over ${money(promo.minSubtotalCents)}` : ""}</td>
      <td>{shownDay(promo.startsAt, days) || "—"} → {shownDay(promo.expiresAt, days) || "no end"}</td>
      <td>{promo.uses}{promo.usageLimit !== null ? ` / ${promo.usageLimit}` : ""}{promo.perCustomerLimit !== null ? ` (max ${promo.perCustomerLimit} each)` : ""}</td>
      <td class="money">{money(promo.revenueCents)}</td>
      <td class="money">{money(promo.discountCents)}</td>
      <td><span class={promo.active ? "badge badge-active" : "badge badge-deactivated"}>{promo.active ? "Active" : "Inactive"}</span></td>
      <td>
        <div class="row-actions">
          <a class="button button-small button-quiet" href={`/manage/promo-codes/${promo.id}/edit`}>Edit</a>
          <form method="post" action={`/manage/promo-codes/${promo.id}/${toggle}`} hx-post={`/manage/promo-codes/${promo.id}/${toggle}`} hx-target={`#promo-${promo.id}`} hx-swap="outerHTML">
            <button type="submit" class={promo.active ? "button button-small button-danger" : "button button-small"}>{promo.active ? "Deactivate" : "Activate"}</button>
          </form>
        </div>
      </td>
    </tr>
  );
}

export function PromoListPage({ promos, money, days }: { promos: PromoSummary[]; money: Money; days: DayFormat }) {
  return (
    <section>
      <h1>Promo codes</h1>
      <p><a class="button" href="/manage/promo-codes/new">New promo code</a></p>
      {promos.length === 0 ? (
        <p class="empty">No promo codes yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">Code</th><th scope="col">Discount</th><th scope="col">Valid (UTC)</th><th scope="col">Uses</th>
                <th scope="col">Revenue</th><th scope="col">Discount given</th><th scope="col">Status</th><th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {promos.map((promo) => (
                <PromoRow promo={promo} money={money} days={days} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function PromoFormPage(props: { id?: number; values: FormValues; errors: FormErrors; /** How a day is typed here (dd/mm/yyyy). */ dayPattern: string }) {
  const { values, errors } = props;
  const action = props.id ? `/manage/promo-codes/${props.id}` : "/manage/promo-codes";
  const kind = values.kind ?? "percent";
  return (
    <section class="narrow">
      <p><a href="/manage/promo-codes">← Promo codes</a></p>
      <h1>{props.id ? `Edit ${values.code ?? "promo code"}` : "New promo code"}</h1>
      <form method="post" action={action} novalidate>
        <FormError errors={errors} />
        <Field label="Code" name="code" values={values} errors={errors} hint="Shoppers can type it in any case; it is stored in capitals." />
        <RadioGroup label="Kind of discount" name="kind" values={{ ...values, kind }} errors={errors} options={[{ value: "percent", label: "Percentage off the subtotal" }, { value: "fixed", label: "Fixed amount off" }]} />
        <Field label="Discount (1-100 for a percentage, an amount like 5.00 for a fixed discount)" name="value" values={values} errors={errors} />
        <DateField label="Starts on (optional)" name="starts_on" values={values} errors={errors} required={false} pattern={props.dayPattern} />
        <DateField label="Expires on (optional)" name="expires_on" values={values} errors={errors} required={false} pattern={props.dayPattern} hint={`As ${props.dayPattern}. The code stops working when this day starts (UTC).`} />
        <MoneyField label="Minimum subtotal (optional)" name="min_subtotal" values={values} errors={errors} required={false} />
        <Field label="Total uses allowed (optional)" name="usage_limit" values={values} errors={errors} required={false} />
        <Field label="Uses per customer (optional)" name="per_customer_limit" values={values} errors={errors} required={false} />
        <button type="submit" class="button">{props.id ? "Save changes" : "Create code"}</button>
      </form>
    </section>
  );
}
