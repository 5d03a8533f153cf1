import type { FormErrors, FormValues } from "../../src/http/forms";
import { Field, FormError } from "../components/form";

export type SignUpKind = "customer" | "manager";

const copy = {
  customer: {
    heading: "Create your account",
    intro: "Save your cart, check out faster and see your orders.",
    action: "/signup",
    button: "Create account",
  },
  manager: {
    heading: "Sell with us",
    intro: "Run your shop on Grocer. Sign up as a store manager; the admin approves new managers before the back office opens.",
    action: "/sell",
    button: "Apply as a manager",
  },
};

export function SignUpForm(props: { kind: SignUpKind; values: FormValues; errors: FormErrors }) {
  const text = copy[props.kind];
  return (
    <section class="card narrow" id="signup-form">
      <h1>{text.heading}</h1>
      <p class="muted">{text.intro}</p>
      <form method="post" action={text.action} hx-post={text.action} hx-target="#signup-form" hx-swap="outerHTML" novalidate>
        <FormError errors={props.errors} />
        <Field label="Name" name="name" autocomplete="name" values={props.values} errors={props.errors} />
        <Field label="Email" name="email" type="email" autocomplete="email" values={props.values} errors={props.errors} />
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete="new-password"
          hint="At least 10 characters."
          values={props.values}
          errors={props.errors}
        />
        <p class="hint">
          What we keep about you and why: <a href="/privacy">Privacy</a>.
        </p>
        <button type="submit" class="button">{text.button}</button>
      </form>
      <p class="muted">
        Already have an account? <a href="/login">Log in</a>
        {props.kind === "customer" ? <> · Running a shop? <a href="/sell">Sell with us</a></> : null}
      </p>
    </section>
  );
}
