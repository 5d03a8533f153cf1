import type { User } from "../../src/db/schema";

const roleNames = { customer: "Shopper", manager: "Store manager", admin: "Admin" } as const;

export type LinkedSignIn = { id: number; label: string; email: string | null };

export function AccountPage(props: {
  user: User;
  linked: LinkedSignIn[];
  linkable: { id: string; label: string }[];
  canUnlink: boolean;
  twoFactorOn: boolean;
}) {
  const { user } = props;
  const pending = user.role === "manager" && !user.approvedAt;
  return (
    <section class="card narrow">
      <h1>My account</h1>
      <dl class="facts">
        <dt>Name</dt>
        <dd>{user.name}</dd>
        <dt>Email</dt>
        <dd>
          {user.email} {user.emailVerifiedAt ? <span class="badge badge-active">Confirmed</span> : <span class="badge">Not confirmed</span>}
        </dd>
        <dt>Account type</dt>
        <dd>{roleNames[user.role]}</dd>
      </dl>
      {user.emailVerifiedAt ? null : (
        <form method="post" action="/verify-email/resend">
          <button type="submit" class="button button-small">Send the confirmation link again</button>
        </form>
      )}
      {pending ? (
        <p class="notice" role="status">
          Your manager account is waiting for the admin's approval. You can shop as usual meanwhile; the back office
          opens once you are approved.
        </p>
      ) : null}
      {user.role !== "customer" && !pending ? (
        <p>
          <a class="button" href="/manage">Open the back office</a>
        </p>
      ) : null}
      <h2>Addresses</h2>
      <p>
        <a href="/account/addresses">Your address book</a>: add, edit, choose the default, delete.
      </p>
      <h2>Ways to sign in</h2>
      <ul class="linked-list">
        {user.passwordHash ? <li>Email and password</li> : null}
        {props.linked.map((identity) => (
          <li>
            <span>
              {identity.label}
              {identity.email ? <span class="muted"> · {identity.email}</span> : null}
            </span>
            {props.canUnlink ? (
              <form class="inline-form" method="post" action={`/account/identities/${identity.id}/unlink`}>
                <button type="submit" class="button button-quiet button-small">Unlink</button>
              </form>
            ) : (
              <span class="muted">your only way in</span>
            )}
          </li>
        ))}
      </ul>
      {props.linkable.map((provider) => (
        <form class="inline-form" method="post" action={`/auth/${provider.id}/link`}>
          <button type="submit" class="button button-quiet button-small">Link {provider.label}</button>
        </form>
      ))}
      <h2>Two-step sign-in</h2>
      <p>
        {props.twoFactorOn ? "On: logging in asks for a code from your authenticator app." : "Off: logging in needs only your password or provider."}{" "}
        <a href="/account/two-factor">{props.twoFactorOn ? "Manage" : "Set it up"}</a>
      </p>
    </section>
  );
}
