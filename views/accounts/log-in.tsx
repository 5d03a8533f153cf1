import type { FormErrors, FormValues } from "../../src/http/forms";
import { Field, FormError } from "../components/form";

export type ProviderButton = { id: string; label: string };

export function LogInForm(props: { values: FormValues; errors: FormErrors; providers?: ProviderButton[] }) {
  const providers = props.providers ?? [];
  const next = props.values.next ? `?next=${encodeURIComponent(props.values.next)}` : "";
  return (
    <section class="card narrow" id="login-form">
      <h1>Log in</h1>
      <form method="post" action="/login" hx-post="/login" hx-target="#login-form" hx-swap="outerHTML" novalidate>
        <FormError errors={props.errors} />
        <input type="hidden" name="next" value={props.values.next ?? ""} />
        <Field label="Email" name="email" type="email" autocomplete="email" values={props.values} errors={props.errors} />
        <Field label="Password" name="password" type="password" autocomplete="current-password" values={props.values} errors={props.errors} />
        <button type="submit" class="button">Log in</button>
      </form>
      {providers.length ? (
        <>
          <p class="or-divider">or</p>
          <div class="provider-buttons">
            {providers.map((provider) => (
              <a class="button button-quiet button-wide" href={`/auth/${provider.id}/start${next}`}>
                Continue with {provider.label}
              </a>
            ))}
          </div>
        </>
      ) : null}
      <p class="muted">
        <a href="/forgot-password">Forgot your password?</a>
      </p>
      <p class="muted">
        New here? <a href="/signup">Create an account</a>
      </p>
    </section>
  );
}
