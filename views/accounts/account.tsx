import type { User } from "../../src/db/schema";

const roleNames = { customer: "Shopper", manager: "Store manager", admin: "Admin" } as const;

export function AccountPage({ user }: { user: User }) {
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
    </section>
  );
}
