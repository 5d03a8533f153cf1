import type { FormErrors, FormValues } from "../../src/http/forms";
import { Field, FormError } from "../components/form";

export function ForgotPasswordForm(props: { values: FormValues; errors: FormErrors }) {
  return (
    <section class="card narrow" id="forgot-form">
      <h1>Forgot your password?</h1>
      <p>Enter the email of your account. We'll send a code to choose a new password.</p>
      <form method="post" action="/forgot-password" hx-post="/forgot-password" hx-target="#forgot-form" hx-swap="outerHTML" novalidate>
        <FormError errors={props.errors} />
        <Field label="Email" name="email" type="email" autocomplete="email" values={props.values} errors={props.errors} />
        <button type="submit" class="button">Send me a code</button>
      </form>
      <p class="muted">
        Remembered it? <a href="/login">Log in</a>
      </p>
    </section>
  );
}

export function ResetPasswordForm(props: { values: FormValues; errors: FormErrors; sent?: boolean }) {
  return (
    <section class="card narrow" id="reset-form">
      <h1>Choose a new password</h1>
      {props.sent ? (
        <p class="notice" role="status">
          If an account uses that email, we sent it an 8-digit code. It works for 15 minutes.
        </p>
      ) : null}
      <form method="post" action="/reset-password" hx-post="/reset-password" hx-target="#reset-form" hx-swap="outerHTML" novalidate>
        <FormError errors={props.errors} />
        <Field label="Email" name="email" type="email" autocomplete="email" values={props.values} errors={props.errors} />
        <Field label="Code from the email" name="code" autocomplete="one-time-code" values={{}} errors={props.errors} hint="8 digits" />
        <Field label="New password" name="password" type="password" autocomplete="new-password" values={props.values} errors={props.errors} hint="At least 10 characters." />
        <button type="submit" class="button">Save my new password</button>
      </form>
      <p class="muted">
        No email? <a href="/forgot-password">Ask for a new code</a>
      </p>
    </section>
  );
}

export function EmailConfirmed({ ok }: { ok: boolean }) {
  return (
    <section class="card narrow">
      <h1>{ok ? "Email confirmed" : "This link does not work"}</h1>
      <p>{ok ? "Thank you: your email address is confirmed." : "The link is wrong, was already used, or has expired. You can ask for a new one from your account page."}</p>
      <p>
        <a href={ok ? "/" : "/account"}>{ok ? "Back to the shop" : "My account"}</a>
      </p>
    </section>
  );
}
