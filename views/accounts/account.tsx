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
        <dd>{user.email}</dd>
        <dt>Account type</dt>
        <dd>{roleNames[user.role]}</dd>
      </dl>
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
