import type { FormErrors } from "../../src/http/forms";
import { FormError } from "../components/form";
import { ProofFields, SendCodeButton, type ProofKind } from "./settings";

export function CloseAccountPage(props: { proof: ProofKind; blocker: string | null; errors: FormErrors; retentionYears: number }) {
  return (
    <section class="card narrow" id="close-account">
      <h1>Close your account</h1>
      <p>When you close your account:</p>
      <ul class="refusal-list">
        <li>your name, email, password, sign-in providers, wishlist, cart and email choices are erased at once;</li>
        <li>every browser and app signed in to it is logged out;</li>
        <li>
          your past orders and invoices are kept for {props.retentionYears} years, as tax law requires, but no longer name you, and your
          delivery addresses and notes are erased.
        </li>
      </ul>
      <p>This cannot be undone. You can take a copy of your data first, from <a href="/account#your-data">your account page</a>.</p>
      {props.blocker ? (
        <p class="form-error" role="alert">{props.blocker}</p>
      ) : (
        <>
          <form method="post" action="/account/close" hx-post="/account/close" hx-target="#close-account" hx-swap="outerHTML" novalidate>
            <FormError errors={props.errors} />
            <ProofFields kind={props.proof} errors={props.errors} idSuffix="close" />
            <button type="submit" class="button button-danger">Close my account for good</button>
          </form>
          <SendCodeButton kind={props.proof} />
        </>
      )}
      <p>
        <a href="/account">Keep my account</a>
      </p>
    </section>
  );
}

/** The page a link from an email opens: one button, so mail scanners following links change nothing. */
export function EmailLinkPage(props: { kind: "confirm" | "undo"; token: string; detail: string }) {
  const confirm = props.kind === "confirm";
  const action = `/account/email/${props.kind}?token=${encodeURIComponent(props.token)}`;
  return (
    <section class="card narrow">
      <h1>{confirm ? "Use your new email address" : "This wasn't me"}</h1>
      <p>{props.detail}</p>
      <form method="post" action={action}>
        <button type="submit" class={confirm ? "button" : "button button-danger"}>
          {confirm ? "Confirm the new address" : "Stop it and log out everyone"}
        </button>
      </form>
    </section>
  );
}

export function EmailLinkDone(props: { heading: string; message: string; next: { href: string; label: string } }) {
  return (
    <section class="card narrow">
      <h1>{props.heading}</h1>
      <p>{props.message}</p>
      <p>
        <a class="button" href={props.next.href}>{props.next.label}</a>
      </p>
    </section>
  );
}
