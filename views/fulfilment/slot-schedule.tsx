import type { FormErrors, FormValues } from "../../src/http/forms";
import type { SlotException, SlotFulfilment, SlotRule, SlotTemplate } from "../../src/db/fulfilment-tables";
import { clockTime } from "../../src/fulfilment/store-time";
import type { DayFormat } from "../../src/values/day-format";
import { DateField, Field, FormError, MoneyField, RadioGroup, SelectField } from "../components/form";

type Money = (cents: number) => string;

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const WEEKDAY_OPTIONS = WEEKDAYS.map((name, i) => ({ value: String(i + 1), label: name }));
const CUTOFF_CHOICES = [
  { value: "day_before", label: "the day before, at the time below" },
  { value: "hours_before", label: "a number of hours before it starts" },
];
const EXCEPTION_CHOICES = [
  { value: "closed", label: "Closed" },
  { value: "capacity", label: "Every window takes the capacity below" },
];
export const FULFILMENT_NAMES: Record<SlotFulfilment, string> = { delivery: "Delivery", collection: "Click & collect" };

export type GridWindow = { id: number; time: string; taken: number; capacity: number; feeCents: number; closed: boolean; pastCutoff: boolean; oneOff: boolean; place: string };
export type GridDay = { date: string; label: string; windows: GridWindow[] };

export type SlotSchedulePageProps = {
  fulfilment: SlotFulfilment;
  timeZone: string;
  days: GridDay[];
  rule: SlotRule;
  templates: SlotTemplate[];
  exceptions: SlotException[];
  money: Money;
  /** Days shown and typed as the store's locale writes them. */
  day: DayFormat;
  forms: { template?: FormValues; exception?: FormValues; rules?: FormValues; oneOff?: FormValues };
  errors: { template?: FormErrors; exception?: FormErrors; rules?: FormErrors; oneOff?: FormErrors };
};

const base = (fulfilment: SlotFulfilment) => `/manage/slots?fulfilment=${fulfilment}`;

function WeekGrid({ days, money }: { days: GridDay[]; money: Money }) {
  return (
    <div class="table-wrap">
      <table class="data-table slot-grid">
        <caption class="visually-hidden">Windows of the coming week: booked / capacity</caption>
        <thead>
          <tr><th scope="col">Day</th><th scope="col">Windows (booked / capacity, fee)</th></tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr>
              <th scope="row">{day.label}</th>
              <td>
                {day.windows.length === 0 ? <span class="muted">No windows</span> : null}
                <ul class="slot-chips">
                  {day.windows.map((w) => (
                    <li class={`slot-chip${w.closed ? " slot-closed" : w.taken >= w.capacity ? " slot-full" : ""}`}>
                      <strong>{w.time}</strong> <span>{w.taken} / {w.capacity}</span> <span class="muted">{money(w.feeCents)}</span>
                      {w.closed ? <span class="badge">Closed</span> : w.taken >= w.capacity ? <span class="badge badge-out">Full</span> : null}
                      {w.pastCutoff && !w.closed ? <span class="badge">Picking</span> : null}
                      {w.oneOff ? <span class="badge badge-new-order">One-off</span> : null}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RulesForm({ props }: { props: SlotSchedulePageProps }) {
  const { rule } = props;
  const values = props.forms.rules ?? {
    horizon_days: String(rule.horizonDays),
    cutoff_kind: rule.cutoffKind,
    cutoff_time: rule.cutoffKind === "day_before" ? clockTime(rule.cutoffValue) : "22:00",
    cutoff_hours: rule.cutoffKind === "hours_before" ? String(rule.cutoffValue) : "2",
  };
  const errors = props.errors.rules ?? {};
  return (
    <form method="post" action={`/manage/slots/rules?fulfilment=${props.fulfilment}`} class="form-section">
      <h2>Horizon and cut-off</h2>
      <FormError errors={errors} />
      <input type="hidden" name="fulfilment" value={props.fulfilment} />
      <Field label="Shoppers may book up to (days ahead)" name="horizon_days" type="number" values={values} errors={errors} />
      <RadioGroup label="Orders for a window close" name="cutoff_kind" values={values} errors={errors} options={CUTOFF_CHOICES} />
      <div class="field-pair">
        <Field label="Time the day before" name="cutoff_time" values={values} errors={errors} required={false} hint="Store time, e.g. 22:00" />
        <Field label="Hours before" name="cutoff_hours" type="number" values={values} errors={errors} required={false} />
      </div>
      <button type="submit" class="button">Save the rules</button>
    </form>
  );
}

function TemplateSection({ props }: { props: SlotSchedulePageProps }) {
  const values = props.forms.template ?? { weekday: "6", starts: "08:00", ends: "10:00", capacity: "20", fee: "4.99" };
  const errors = props.errors.template ?? {};
  return (
    <section class="form-section" id="template">
      <h2>Weekly template</h2>
      {props.templates.length === 0 ? <p class="empty">No windows yet: add the first below.</p> : null}
      <ul class="plain-list">
        {props.templates.map((t) => (
          <li class="inline-form">
            <span><strong>{WEEKDAYS[t.weekday - 1]}</strong> {clockTime(t.startMinute)}–{t.endMinute === 1440 ? "24:00" : clockTime(t.endMinute)} · {t.capacity} orders · {props.money(t.feeCents)}</span>
            <form method="post" action={`/manage/slots/template/${t.id}/remove?fulfilment=${props.fulfilment}`}>
              <button type="submit" class="button button-small button-danger">Remove</button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={`/manage/slots/template?fulfilment=${props.fulfilment}`}>
        <h3>Add a window</h3>
        <FormError errors={errors} />
        <input type="hidden" name="fulfilment" value={props.fulfilment} />
        <SelectField label="Day" name="weekday" options={WEEKDAY_OPTIONS} values={values} errors={errors} />
        <Field label="Starts" name="starts" type="time" values={values} errors={errors} />
        <Field label="Ends" name="ends" type="time" values={values} errors={errors} />
        <Field label="Capacity (orders)" name="capacity" type="number" values={values} errors={errors} />
        <MoneyField label="Fee" name="fee" values={values} errors={errors} hint="e.g. 4.99 at peak, 1.99 off-peak, 0 for free" />
        <button type="submit" class="button">Add to the template</button>
      </form>
    </section>
  );
}

function ExceptionSection({ props }: { props: SlotSchedulePageProps }) {
  const values = props.forms.exception ?? { kind: "closed" };
  const errors = props.errors.exception ?? {};
  return (
    <section class="form-section" id="exceptions">
      <h2>Exceptions by date</h2>
      <ul class="plain-list">
        {props.exceptions.map((e) => (
          <li class="inline-form">
            <span><strong>{props.day.long(e.date)}</strong> {e.kind === "closed" ? "closed" : `capacity ${e.capacity} per window`}{e.note ? ` · ${e.note}` : ""}</span>
            <form method="post" action={`/manage/slots/exceptions/${e.id}/remove?fulfilment=${props.fulfilment}`}>
              <button type="submit" class="button button-small button-quiet">Remove</button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={`/manage/slots/exceptions?fulfilment=${props.fulfilment}`}>
        <h3>Close a day or change its capacity</h3>
        <FormError errors={errors} />
        <input type="hidden" name="fulfilment" value={props.fulfilment} />
        <DateField id="exception-date" label="Date" name="date" pattern={props.day.pattern} size={10} values={values} errors={errors} />
        <RadioGroup label="That day" name="kind" id="exception-kind" values={{ kind: values.kind === "capacity" ? "capacity" : "closed" }} errors={errors} options={EXCEPTION_CHOICES} />
        <Field id="exception-capacity" label="Capacity per window" name="capacity" type="number" values={values} errors={errors} required={false} />
        <Field label="Note (optional)" name="note" values={values} errors={errors} required={false} />
        <button type="submit" class="button">Save the exception</button>
      </form>
    </section>
  );
}

function OneOffSection({ props }: { props: SlotSchedulePageProps }) {
  const values = props.forms.oneOff ?? { starts: "18:00", ends: "20:00", capacity: "10", fee: "0" };
  const errors = props.errors.oneOff ?? {};
  return (
    <form method="post" action={`/manage/slots/one-off?fulfilment=${props.fulfilment}`} class="form-section" id="one-off">
      <h2>One-off window</h2>
      <FormError errors={errors} />
      <input type="hidden" name="fulfilment" value={props.fulfilment} />
      <DateField id="one-off-date" label="Date" name="date" pattern={props.day.pattern} size={10} values={values} errors={errors} />
      <Field id="one-off-starts" label="Starts" name="starts" type="time" values={values} errors={errors} />
      <Field id="one-off-ends" label="Ends" name="ends" type="time" values={values} errors={errors} />
      <Field id="one-off-capacity" label="Capacity (orders)" name="capacity" type="number" values={values} errors={errors} />
      <MoneyField id="one-off-fee" label="Fee" name="fee" values={values} errors={errors} />
      <button type="submit" class="button">Add the window</button>
    </form>
  );
}

export function SlotSchedulePage(props: SlotSchedulePageProps) {
  return (
    <section class="slot-schedule">
      <h1>Delivery and collection slots</h1>
      <nav class="tabs" aria-label="Fulfilment">
        {(["delivery", "collection"] as const).map((f) => (
          <a class={f === props.fulfilment ? "tab tab-current" : "tab"} href={base(f)} aria-current={f === props.fulfilment ? "page" : undefined}>{FULFILMENT_NAMES[f]}</a>
        ))}
        <a class="tab" href="/manage/zones">Delivery zones</a>
      </nav>
      <h2>The coming week</h2>
      <p class="hint">Times in {props.timeZone}. “Picking”: past its cut-off, locked for picking.</p>
      <WeekGrid days={props.days} money={props.money} />
      <div class="cart-layout">
        <TemplateSection props={props} />
        <div>
          <RulesForm props={props} />
          <ExceptionSection props={props} />
          <OneOffSection props={props} />
        </div>
      </div>
    </section>
  );
}
