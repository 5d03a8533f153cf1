import type { FormErrors, FormValues } from "../../src/http/forms";
import { CheckboxField, Field, FormError } from "../components/form";

/*
 * The account page's sections: each is one form that posts on its own (303 back to /account) and,
 * with htmx, swaps only itself when it has errors to show.
 */

export type ProofKind = "password" | "code";

/** The "is it really you?" fields: the current password, or a code for an account without one. */
export function ProofFields(props: { kind: ProofKind; errors: FormErrors; idSuffix: string }) {
  return props.kind === "password" ? (
    <Field label="Current password" name="current_password" type="password" autocomplete="current-password" values={{}} errors={props.errors} id={`${props.idSuffix}-current_password`} />
  ) : (
    <Field
      label="Confirmation code"
      name="code"
      autocomplete="one-time-code"
      values={{}}
      errors={props.errors}
      id={`${props.idSuffix}-code`}
      hint="Your account has no password: use “Email me a code” below, or a code from your authenticator app."
    />
  );
}

/** For accounts without a password: a separate small form that emails a code. */
export function SendCodeButton({ kind }: { kind: ProofKind }) {
  if (kind === "password") return null;
  return (
    <form method="post" action="/account/code" class="inline-form">
      <button type="submit" class="button button-quiet button-small">Email me a code</button>
    </form>
  );
}

export type EmailChoice = { kind: string; label: string; on: boolean };

export function ProfileSection(props: { values: FormValues; choices: EmailChoice[]; errors: FormErrors }) {
  return (
    <section class="card narrow settings" id="profile">
      <h2>Name and emails</h2>
      <form method="post" action="/account/profile" hx-post="/account/profile" hx-target="#profile" hx-swap="outerHTML" novalidate>
        <FormError errors={props.errors} />
        <Field label="Name" name="name" autocomplete="name" values={props.values} errors={props.errors} />
        <fieldset class="choices">
          <legend>Optional emails (unsubscribe links in them switch the same setting)</legend>
          {props.choices.map((choice) => (
            <CheckboxField label={choice.label} name={`email_${choice.kind}`} values={{ [`email_${choice.kind}`]: choice.on ? "on" : "" }} errors={props.errors} />
          ))}
        </fieldset>
        <button type="submit" class="button">Save</button>
      </form>
    </section>
  );
}

export function PasswordSection(props: { proof: ProofKind; errors: FormErrors }) {
  const first = props.proof === "code";
  return (
    <section class="card narrow settings" id="password">
      <h2>{first ? "Set a password" : "Change password"}</h2>
      <p class="muted">Every other browser and app signed in to your account is logged out, and we email you about it.</p>
      <form method="post" action="/account/password" hx-post="/account/password" hx-target="#password" hx-swap="outerHTML" novalidate>
        <FormError errors={props.errors} />
        <ProofFields kind={props.proof} errors={props.errors} idSuffix="password" />
        <Field label="New password" name="new_password" type="password" autocomplete="new-password" values={{}} errors={props.errors} hint="At least 10 characters." />
        <button type="submit" class="button">{first ? "Set password" : "Change password"}</button>
      </form>
      <SendCodeButton kind={props.proof} />
    </section>
  );
}

export type PendingEmail = { newEmail: string; expiresAt: string } | null;

export function EmailSection(props: { current: string; pending: PendingEmail; proof: ProofKind; values: FormValues; errors: FormErrors }) {
  return (
    <section class="card narrow settings" id="email">
      <h2>Email address</h2>
      <p>
        Now: <strong>{props.current}</strong>
      </p>
      {props.pending ? (
        <p class="notice" role="status">
          Waiting for {props.pending.newEmail} to confirm (the link we sent works until {props.pending.expiresAt}). Until then nothing changes.
        </p>
      ) : null}
      <form method="post" action="/account/email" hx-post="/account/email" hx-target="#email" hx-swap="outerHTML" novalidate>
        <FormError errors={props.errors} />
        <Field label="New email address" name="new_email" type="email" autocomplete="email" values={props.values} errors={props.errors} />
        <ProofFields kind={props.proof} errors={props.errors} idSuffix="email" />
        <button type="submit" class="button">Send a confirmation link</button>
      </form>
    </section>
  );
}

export type SignInRow = { id: number; device: string; kind: "browser" | "api"; ip: string | null; lastUsed: string; current: boolean };

export function SignInsSection(props: { signIns: SignInRow[] }) {
  const others = props.signIns.filter((row) => !row.current).length;
  return (
    <section class="card narrow settings" id="sign-ins">
      <h2>Where you're logged in</h2>
      <ul class="sign-in-list">
        {props.signIns.map((row) => (
          <li>
            <span>
              <strong>{row.device}</strong>
              {row.current ? <span class="badge badge-active">This browser</span> : null}
              <br />
              <span class="muted">
                {row.kind === "api" ? "App or script (API)" : "Browser"} · {row.ip ?? "address unknown"} · last used {row.lastUsed}
              </span>
            </span>
            {row.current ? null : (
              <form method="post" action={`/account/sign-ins/${row.id}/end`} class="inline-form">
                <button type="submit" class="button button-quiet button-small">Log out</button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <form method="post" action="/account/sign-ins/end-others">
          <button type="submit" class="button button-quiet">Log out everywhere else</button>
        </form>
      ) : (
        <p class="muted">You are logged in only here.</p>
      )}
    </section>
  );
}

export type ExportRow = { id: number; requested: string; ready: boolean; expiresOn: string | null };

export function DataSection(props: { exports: ExportRow[] }) {
  const preparing = props.exports.some((row) => !row.ready);
  return (
    <section class="card narrow settings" id="your-data">
      <h2>Your data</h2>
      <p>A copy of everything we hold about you: your account, orders with their lines, wishlist, notices and email choices (JSON), and your orders as CSV.</p>
      <ul class="sign-in-list">
        {props.exports.map((row) => (
          <li>
            {row.ready ? (
              <span>
                Copy of {row.requested}: <a href={`/account/exports/${row.id}/data.json`}>data.json</a> ·{" "}
                <a href={`/account/exports/${row.id}/orders.csv`}>orders.csv</a>
                <br />
                <span class="muted">kept until {row.expiresOn}</span>
              </span>
            ) : (
              <span>Copy of {row.requested}: being prepared. We email you when it is ready.</span>
            )}
          </li>
        ))}
      </ul>
      {preparing ? null : (
        <form method="post" action="/account/exports">
          <button type="submit" class="button button-quiet">Prepare a copy of my data</button>
        </form>
      )}
      <h2>Close your account</h2>
      <p>
        <a href="/account/close">Close my account</a> <span class="muted">· your personal data is erased; orders are kept without your name for tax law.</span>
      </p>
    </section>
  );
}
