import type { FormErrors, FormValues } from "../../src/http/forms";

export function Field(props: {
  label: string;
  name: string;
  type?: string;
  values: FormValues;
  errors: FormErrors;
  autocomplete?: string;
  hint?: string;
  required?: boolean;
  /** When two forms on a page share a field name; default `field-<name>`. */
  id?: string;
}) {
  const id = props.id ?? `field-${props.name}`;
  const error = props.errors[props.name];
  const keepValue = props.type !== "password";
  return (
    <div class={error ? "field field-invalid" : "field"}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={keepValue ? (props.values[props.name] ?? "") : ""}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : props.hint ? `${id}-hint` : undefined}
      />
      {props.hint && !error ? <p class="hint" id={`${id}-hint`}>{props.hint}</p> : null}
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

export function FormError({ errors }: { errors: { form?: string } }) {
  return errors.form ? <p class="form-error" role="alert">{errors.form}</p> : null;
}
