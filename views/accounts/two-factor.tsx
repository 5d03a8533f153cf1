import type { FormErrors } from "../../src/http/forms";
import { Field, FormError } from "../components/form";

const codeField = (errors: FormErrors, label = "Code from your authenticator app") => (
  <Field label={label} name="code" autocomplete="one-time-code" values={{}} errors={errors} />
);

export function SecondStepForm({ errors }: { errors: FormErrors }) {
  return (
    <section class="card narrow" id="second-step">
      <h1>Two-step sign-in</h1>
      <p class="muted">Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
      <form method="post" action="/login/two-factor" hx-post="/login/two-factor" hx-target="#second-step" hx-swap="outerHTML" novalidate>
        <FormError errors={errors} />
        <Field label="Code" name="code" autocomplete="one-time-code" hint="6 digits, or a recovery code like abcde-fghij." values={{}} errors={errors} />
        <button type="submit" class="button">Continue</button>
      </form>
    </section>
  );
}

export function TwoFactorSetupPage(props: { qrDataUri: string; secret: string; next: string; required: boolean; errors: FormErrors }) {
  return (
    <section class="card narrow" id="two-factor-setup">
      <h1>Set up two-step sign-in</h1>
      {props.required ? (
        <p class="notice" role="status">
          Store managers and the admin protect the back office with an authenticator app. Set it up once to continue.
        </p>
      ) : null}
      <ol class="steps">
        <li>Open an authenticator app (Google Authenticator, Aegis, 1Password, ...) and scan this code.</li>
        <li>Then type the 6-digit code it shows.</li>
      </ol>
      <img class="qr-code" src={props.qrDataUri} alt="QR code for your authenticator app" width="200" height="200" />
      <p class="muted">
        Can't scan? Enter this key by hand: <code class="totp-secret">{keyInGroups(props.secret)}</code>
      </p>
      <form method="post" action="/account/two-factor/enable" novalidate>
        <FormError errors={props.errors} />
        <input type="hidden" name="next" value={props.next} />
        {codeField(props.errors)}
        <button type="submit" class="button">Turn on two-step sign-in</button>
      </form>
    </section>
  );
}

export function TwoFactorOnPage(props: { canTurnOff: boolean; recoveryCodesLeft: number; errors: FormErrors }) {
  return (
    <section class="card narrow" id="two-factor-on">
      <h1>Two-step sign-in is on</h1>
      <FormError errors={props.errors} />
      <p>
        You have {props.recoveryCodesLeft} unused recovery code{props.recoveryCodesLeft === 1 ? "" : "s"}.
      </p>
      <form method="post" action="/account/two-factor/recovery-codes" novalidate>
        {codeField(props.errors)}
        <button type="submit" class="button button-quiet">Make new recovery codes</button>
        {props.canTurnOff ? (
          <button type="submit" class="button button-quiet" formaction="/account/two-factor/disable">
            Turn off two-step sign-in
          </button>
        ) : null}
      </form>
      <p>
        <a href="/account">Back to my account</a>
      </p>
    </section>
  );
}

/** The key in groups of four ("ABCD EFGH …"): easier to type, and a line only wraps between groups. */
const keyInGroups = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

/** The codes as the .txt file the page offers (a data: link, so it downloads with JavaScript off). */
const codesFile = (codes: string[]) => `Grocer recovery codes: each opens your account once if you lose your phone.\n\n${codes.join("\n")}\n`;

export function RecoveryCodesPage(props: { codes: string[]; next: string; justEnabled: boolean }) {
  return (
    <section class="card narrow" id="recovery-codes">
      <h1>{props.justEnabled ? "Two-step sign-in is on" : "New recovery codes"}</h1>
      <p>
        Keep these recovery codes somewhere safe. Each opens your account once if you lose your phone. They are shown
        only now{props.justEnabled ? "" : "; your old codes no longer work"}.
      </p>
      <ul class="recovery-codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p class="recovery-actions">
        <a class="button button-quiet" href={`data:text/plain;charset=utf-8,${encodeURIComponent(codesFile(props.codes))}`} download="recovery-codes.txt">
          Download as a text file
        </a>
        <button type="button" class="button button-quiet" data-copy={props.codes.join("\n")} hidden>
          Copy the codes
        </button>
      </p>
      <p>
        <a class="button" href={props.next}>I have saved them, continue</a>
      </p>
    </section>
  );
}
