/** @jsxImportSource #html-jsx */
import type { Child } from "hono/jsx";
import type { FormErrors, FormValues } from "../../src/http/forms";
import type { DayFormat } from "../../src/values/day-format";

/**
 * Form fields, one per input kind, with the label, hint, error and aria wiring written once here:
 * the error replaces the hint, the control points at whichever shows (`aria-describedby`) and is
 * marked `aria-invalid`. Every form builds on these.
 */
export type FieldProps = {
  /** Text, or text with a detail in it (a product's price beside its name). */
  label: Child;
  name: string;
  values: FormValues;
  errors: FormErrors;
  hint?: string;
  required?: boolean;
  /** When two forms on a page share a field name; default `field-<name>`. */
  id?: string;
  /** The label is read out but not shown (a row of a table, where the column heading says it). */
  hideLabel?: boolean;
  /** Sits in a row with other controls (a table row's form) instead of on a line of its own. */
  inline?: boolean;
  /** The error's id when a page's script or a test names it; default `<id>-error`. */
  errorId?: string;
  /** A class for the field's wrapper beside `field` (how a form lays it out). */
  class?: string;
};

/** The attributes that tie a control to its label, hint and error. */
export function fieldWiring(props: FieldProps) {
  const id = props.id ?? `field-${props.name}`;
  const error = props.errors[props.name];
  const errorId = props.errorId ?? `${id}-error`;
  const note = error ? errorId : props.hint ? `${id}-hint` : undefined;
  return { id, error, errorId, control: { id, name: props.name, "aria-invalid": error ? ("true" as const) : undefined, "aria-describedby": note } };
}

/** The hint, or the error in its place. In a row of controls the hint is read out but not shown (the placeholder shows it). */
function FieldNote({ id, errorId, hint, error, quiet }: { id: string; errorId: string; hint?: string; error?: string; quiet?: boolean }) {
  if (error) return <p class="field-error" id={errorId}>{error}</p>;
  return hint ? <p class={quiet ? "hint visually-hidden" : "hint"} id={`${id}-hint`}>{hint}</p> : null;
}

/** A labelled control with its note underneath; `beside` (a unit, a button) stays on the control's line. */
function FieldFrame({ props, children, beside }: { props: FieldProps; children: Child; beside?: Child }) {
  const { id, error, errorId } = fieldWiring(props);
  const classes = ["field", props.inline ? "field-inline" : "", props.class ?? "", error ? "field-invalid" : ""].filter(Boolean).join(" ");
  return (
    <div class={classes}>
      <label for={id} class={props.hideLabel ? "visually-hidden" : undefined}>{props.label}</label>
      {beside ? <span class="control-row">{children}{beside}</span> : children}
      <FieldNote id={id} errorId={errorId} hint={props.hint} error={error} quiet={props.inline} />
    </div>
  );
}

/** More attributes for a control: a number box's step/min/max, htmx's (post the form when it changes); they win over the wiring's (a row's problem shown elsewhere). */
export type ControlAttributes = Record<string, string | undefined>;

export type TextFieldProps = FieldProps & {
  type?: string;
  autocomplete?: string;
  inputmode?: "text" | "decimal" | "numeric";
  placeholder?: string;
  maxlength?: number;
  size?: number;
  disabled?: boolean;
  attributes?: ControlAttributes;
  /** On the control's line after it: a unit, a button ("Apply"). */
  beside?: Child;
};

/** A text input (or email, password, date, ...: `type`). A password is never sent back. */
export function Field(props: TextFieldProps) {
  const { control } = fieldWiring(props);
  const keepValue = props.type !== "password";
  return (
    <FieldFrame props={props} beside={props.beside}>
      <input
        {...control}
        {...props.attributes}
        disabled={props.disabled}
        type={props.type ?? "text"}
        value={keepValue ? (props.values[props.name] ?? "") : ""}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        placeholder={props.placeholder}
        maxlength={props.maxlength}
        size={props.size}
        required={props.required ?? true}
      />
    </FieldFrame>
  );
}

/**
 * A calendar day. With `pattern` ("dd/mm/yyyy", from src/values/day-format.ts) it is typed and shown
 * as the store's locale writes days, whatever the browser's language; without, the browser's date box.
 */
export const DateField = (props: FieldProps & { pattern?: string; size?: number }) =>
  props.pattern ? <Field {...props} hint={props.hint ?? `As ${props.pattern}.`} inputmode="numeric" placeholder={props.pattern} autocomplete="off" /> : <Field {...props} type="date" />;

/**
 * A day in a filter bar (a GET form: reports, the orders board): the day travels as YYYY-MM-DD (`iso`)
 * and is shown and typed as the store's locale writes it; the route reads it back with the same format.
 */
export const DayFilterField = (props: { label: string; name: string; id: string; iso: string; format: DayFormat; error?: string }) => (
  <DateField label={props.label} name={props.name} id={props.id} values={{ [props.name]: props.format.input(props.iso) }} errors={props.error ? { [props.name]: props.error } : {}} pattern={props.format.pattern} size={10} required={false} inline />
);

/** A file to upload (the form is multipart); a browser never shows a chosen file again, so there is no value. */
export function FileField(props: FieldProps & { accept?: string; multiple?: boolean }) {
  const { control } = fieldWiring(props);
  return (
    <FieldFrame props={props}>
      <input {...control} type="file" accept={props.accept} multiple={props.multiple} required={props.required ?? true} />
    </FieldFrame>
  );
}

/** From and To days in a filter bar (`prefix`-from, `prefix`-to), as `DayFilterField`s. */
export const DayRangeFields = (props: { prefix: string; fromText: string; toText: string; format: DayFormat }) => (
  <>
    <DayFilterField label="From" name="from" id={`${props.prefix}-from`} iso={props.fromText} format={props.format} />
    <DayFilterField label="To" name="to" id={`${props.prefix}-to`} iso={props.toText} format={props.format} />
  </>
);

/** The day, week or month a report groups by. */
export const BucketFilter = (props: { id: string; value: string }) => (
  <FilterSelect label="Group by" name="bucket" id={props.id} value={props.value} options={[{ value: "day", label: "Day" }, { value: "week", label: "Week" }, { value: "month", label: "Month" }]} />
);

/** A choice in a bar of controls (a filter bar, a bulk-action bar): beside its label, never required, its value from the query. */
export const FilterSelect = (props: { label: string; name: string; id: string; value: string; options: Option[]; blank?: string }) => (
  <SelectField label={props.label} name={props.name} id={props.id} values={{ [props.name]: props.value }} errors={{}} options={props.options} blank={props.blank} required={false} inline />
);

/** A search box in a filter bar. */
export const FilterSearch = (props: { label: string; name: string; id: string; value: string; placeholder?: string }) => (
  <Field type="search" label={props.label} name={props.name} id={props.id} values={{ [props.name]: props.value }} errors={{}} placeholder={props.placeholder} required={false} inline />
);

/** An amount of money typed as text, such as 3.20 (read by src/values/money.ts). */
export const MoneyField = (props: TextFieldProps) => <Field {...props} inputmode="decimal" />;

/** The unit written after an amount: "kg", "l"; nothing for items sold each. */
const UNIT_AFTER: Record<string, string> = { each: "" };

/**
 * An amount in a product's unit, such as 0.25 (read by src/values/quantity.ts), with the unit beside
 * it (`unit`: "kg"; none for "each"); `signed` for changes like -1.5. A number box in the product's
 * step when `attributes` give step/min/max and `type` is "number".
 */
export function QuantityField(props: TextFieldProps & { signed?: boolean; unit?: string }) {
  const unit = props.unit === undefined ? "" : (UNIT_AFTER[props.unit] ?? props.unit);
  const beside = unit || props.beside ? <>{unit ? <span class="unit">{unit}</span> : null}{props.beside}</> : undefined;
  return <Field {...props} inputmode={props.signed ? "text" : "decimal"} beside={beside} />;
}

/** `hint` explains a choice beside its label (radio groups). */
export type Option = { value: string; label: string; hint?: string };

/** A choice from a list; `blank` is a first option with no value ("Choose ..."). */
export function SelectField(props: FieldProps & { options: Option[]; blank?: string }) {
  const { control } = fieldWiring(props);
  const chosen = props.values[props.name];
  return (
    <FieldFrame props={props}>
      <select {...control} required={props.required ?? true}>
        {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
        {props.options.map((option) => <option value={option.value} selected={chosen === option.value}>{option.label}</option>)}
      </select>
    </FieldFrame>
  );
}

/** Several lines of text. */
export function TextAreaField(props: FieldProps & { rows?: number; maxlength?: number; autocomplete?: string }) {
  const { control } = fieldWiring(props);
  return (
    <FieldFrame props={props}>
      <textarea {...control} rows={props.rows ?? 3} maxlength={props.maxlength} autocomplete={props.autocomplete} required={props.required ?? false}>{props.values[props.name] ?? ""}</textarea>
    </FieldFrame>
  );
}

/** A yes/no box, its label beside it; ticked when the value is "on" (or `value`). */
export function CheckboxField(props: FieldProps & { value?: string }) {
  const { id, error, errorId, control } = fieldWiring(props);
  const value = props.value ?? "on";
  return (
    <div class={error ? "field field-check field-invalid" : "field field-check"}>
      <label for={id}>
        <input {...control} type="checkbox" value={value} checked={props.values[props.name] === value} /> {props.label}
      </label>
      <FieldNote id={id} errorId={errorId} hint={props.hint} error={error} />
    </div>
  );
}

/** One box of a `CheckboxGroup`: its own field name, posted as "on" when ticked. */
export type CheckOption = { name: string; label: string };

/**
 * Several yes/no boxes under one heading (a product's dietary labels): a fieldset whose legend is the
 * label and whose id is the field's; `name` is where the group's error is (one problem for the lot).
 */
export function CheckboxGroup(props: FieldProps & { options: CheckOption[] }) {
  const { id, error, errorId } = fieldWiring(props);
  const note = error ? errorId : props.hint ? `${id}-hint` : undefined;
  return (
    <fieldset class={["choices", props.class ?? "", error ? "field-invalid" : ""].filter(Boolean).join(" ")} id={id} aria-describedby={note}>
      <legend>{props.label}</legend>
      <ul class="filter-options">
        {props.options.map((option) => (
          <li>
            <label>
              <input type="checkbox" name={option.name} checked={props.values[option.name] !== undefined} /> {option.label}
            </label>
          </li>
        ))}
      </ul>
      <FieldNote id={id} errorId={errorId} hint={props.hint} error={error} />
    </fieldset>
  );
}

/** One choice of a few, shown at once: a fieldset whose legend is the label (and whose id is the field's). */
export function RadioGroup(props: FieldProps & { options: Option[] }) {
  const { id, error, errorId } = fieldWiring(props);
  const chosen = props.values[props.name];
  const note = error ? errorId : props.hint ? `${id}-hint` : undefined;
  return (
    <fieldset class={error ? "choices field-invalid" : "choices"} id={id} aria-describedby={note}>
      <legend>{props.label}</legend>
      {props.options.map((option) => (
        <label>
          <input type="radio" name={props.name} value={option.value} checked={chosen === option.value} /> {option.label}
          {option.hint ? <span class="hint"> {option.hint}</span> : null}
        </label>
      ))}
      <FieldNote id={id} errorId={errorId} hint={props.hint} error={error} />
    </fieldset>
  );
}

/** A choice shown as a card: its main line (a time) and a detail under it (the fee, what is left). */
export type CardOption = { value: string; label: Child; detail?: Child; current?: boolean };

/**
 * One choice of many shown as cards in groups under a heading each (a day's slots): the cards look
 * like the shopper's slot grid. `chosen` is the value ticked; `groupHint` is read out before each
 * card's label ("Mon 7 Dec, 10:00–12:00") because the heading is not part of the label.
 */
export function RadioCards(props: { legend: string; name: string; chosen: string; groups: { heading: string; options: CardOption[] }[]; class?: string }) {
  return (
    <fieldset class={["choices", props.class ?? ""].filter(Boolean).join(" ")}>
      <legend>{props.legend}</legend>
      <ul class="slot-days">
        {props.groups.map((group) => (
          <li class="slot-day">
            <h3>{group.heading}</h3>
            <div class="slot-options">
              {group.options.map((option) => (
                <label class={option.current ? "slot-option slot-current" : "slot-option"}>
                  <span class="slot-time">
                    <input type="radio" name={props.name} value={option.value} checked={props.chosen === option.value} />{" "}
                    <span class="visually-hidden">{group.heading}, </span>
                    {option.label}
                  </span>
                  {option.detail ? <span class="slot-fee">{option.detail}</span> : null}
                </label>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function FormError({ errors }: { errors: { form?: string } }) {
  return errors.form ? <p class="form-error" role="alert">{errors.form}</p> : null;
}
