import type { FormErrors, FormValues } from "../../src/http/forms";
import { SUBSTITUTE_NOTE_MAX, type ShopperDefaultChoice } from "../../src/picking/substitution-preferences";
import { Field, FormError, RadioGroup } from "../components/form";

/*
 * The shopper's substitution wishes (ADR 028, 050): the account's default for new cart lines, and
 * per cart line "allow a substitute" with a note for the picker. Plain forms (POST, then 303);
 * htmx only swaps the section or the cart in place.
 */

/** The account page's section: follow the store, always allow, or never allow substitutes. */
export function SubstitutesSection(props: { choice: ShopperDefaultChoice; storeAllows: boolean; errors: FormErrors }) {
  const store = props.storeAllows ? "substitutes allowed" : "no substitutes";
  return (
    <section class="card narrow settings" id="substitutes">
      <h2>Substitutes</h2>
      <p class="muted">If something you ordered is out of stock, the picker can bring a similar item instead. You never pay more for a substitute, and you can refuse it at the door. Each cart line can say otherwise.</p>
      <form method="post" action="/account/substitutes" hx-post="/account/substitutes" hx-target="#substitutes" hx-swap="outerHTML" novalidate>
        <FormError errors={props.errors} />
        <RadioGroup
          label="For new cart lines"
          name="substitutes"
          values={{ substitutes: props.choice }}
          errors={props.errors}
          options={[
            { value: "store", label: "Follow the store", hint: `(now: ${store})` },
            { value: "allow", label: "Allow a substitute" },
            { value: "forbid", label: "No substitutes" },
          ]}
        />
        <button type="submit" class="button">Save</button>
      </form>
    </section>
  );
}

export type LineSubstitution = { productId: number; name: string; allowSubstitute: boolean; substituteNote: string | null };
/** What the shopper typed and what was wrong, when a line's form comes back (422). */
export type SubstitutionProblem = { productId: number; values: FormValues; errors: FormErrors };

export const substitutionAction = (productId: number) => `/cart/items/${productId}/substitution`;

/** A cart line's wish in a few words, and its form folded beneath it (open when it has an error). */
export function CartLineSubstitution({ line, problem }: { line: LineSubstitution; problem?: SubstitutionProblem }) {
  const action = substitutionAction(line.productId);
  const values = problem?.values ?? { allow_substitute: line.allowSubstitute ? "true" : "false", substitute_note: line.substituteNote ?? "" };
  const errors = problem?.errors ?? {};
  const id = (name: string) => `sub-${line.productId}-${name}`;
  return (
    <details class="line-substitution" id={`substitution-${line.productId}`} open={problem ? true : undefined}>
      <summary>
        {line.allowSubstitute ? "Substitute OK" : "No substitute"}
        {line.substituteNote ? <span class="muted"> · “{line.substituteNote}”</span> : null}
      </summary>
      <form method="post" action={action} hx-post={action} hx-target="#cart" hx-swap="outerHTML" novalidate>
        <FormError errors={errors} />
        <RadioGroup
          label={`If ${line.name} is out of stock`}
          name="allow_substitute"
          id={id("allow")}
          values={values}
          errors={errors}
          options={[
            { value: "true", label: "Allow a substitute" },
            { value: "false", label: "No substitute" },
          ]}
        />
        <Field label="Note for the picker" name="substitute_note" id={id("note")} values={values} errors={errors} required={false} maxlength={SUBSTITUTE_NOTE_MAX} placeholder="a green one, please" autocomplete="off" />
        <button type="submit" class="button button-small">Save</button>
      </form>
    </details>
  );
}
