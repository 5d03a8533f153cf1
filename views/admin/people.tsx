import { DataTable } from "../components/data-table";
import { FilterSelect } from "../components/form";
import type { User } from "../../src/db/schema";
import type { PeopleAction, PeopleFilter, Person } from "../../src/accounts/people";
import type { MomentFormat } from "../../src/http/days";

const roleNames = { customer: "Shopper", manager: "Manager", admin: "Admin" } as const;
const statusNames = { all: "Any status", active: "Active", pending: "Awaiting approval", deactivated: "Deactivated" } as const;

function statusOf(user: User): string {
  if (user.deactivatedAt) return "Deactivated";
  if (user.role === "manager" && !user.approvedAt) return "Awaiting approval";
  return "Active";
}

function actionsFor(user: User): { action: PeopleAction; label: string; tone?: "danger" }[] {
  if (user.role === "admin") return [];
  const actions: { action: PeopleAction; label: string; tone?: "danger" }[] = [];
  if (user.role === "manager" && !user.approvedAt) actions.push({ action: "approve", label: "Approve" });
  if (user.role === "customer") actions.push({ action: "promote", label: "Promote to manager" });
  if (user.role === "manager") actions.push({ action: "demote", label: user.approvedAt ? "Demote to customer" : "Decline" });
  actions.push(user.deactivatedAt ? { action: "reactivate", label: "Reactivate" } : { action: "deactivate", label: "Deactivate", tone: "danger" });
  return actions;
}

export function PersonRow({ user, moment }: { user: Person; moment: MomentFormat }) {
  return (
    <tr id={`person-${user.id}`}>
      <td>
        <strong>{user.name}</strong>
        <br />
        <span class="muted">{user.email}</span>
      </td>
      <td>{roleNames[user.role]}</td>
      <td>
        <span class={`badge badge-${statusOf(user).toLowerCase().replace(/ /g, "-")}`}>{statusOf(user)}</span>
      </td>
      <td>{user.lastLoginAt ? moment(user.lastLoginAt) : "never"}</td>
      <td>{user.orderCount}</td>
      <td>
        <div class="row-actions">
        {actionsFor(user).map(({ action, label, tone }) => (
          <form method="post" action={`/admin/people/${user.id}/${action}`} hx-post={`/admin/people/${user.id}/${action}`} hx-target={`#person-${user.id}`} hx-swap="outerHTML">
            <button type="submit" class={tone === "danger" ? "button button-small button-danger" : "button button-small"}>
              {label}
            </button>
          </form>
        ))}
        </div>
      </td>
    </tr>
  );
}

/** How many accounts, and managers waiting; htmx replaces it (out of band) after each action on a row. */
export function PeopleSummary({ everyone, oob }: { everyone: Person[]; oob?: boolean }) {
  const pending = everyone.filter((user) => user.role === "manager" && !user.approvedAt && !user.deactivatedAt).length;
  return (
    <p class="muted" id="people-summary" hx-swap-oob={oob ? "true" : undefined}>
      {everyone.length} accounts · {pending} manager{pending === 1 ? "" : "s"} awaiting approval
    </p>
  );
}

export function PeoplePage({ people, everyone, filter = {}, moment }: { people: Person[]; everyone: Person[]; filter?: PeopleFilter; moment: MomentFormat }) {
  return (
    <section>
      <h1>People</h1>
      <PeopleSummary everyone={everyone} />
      <form class="filters" method="get" action="/admin/people" hx-get="/admin/people" hx-trigger="change, submit" hx-select="#people-table" hx-target="#people-table" hx-swap="outerHTML" hx-push-url="true">
        <FilterSelect label="Role" name="role" id="people-role" value={filter.role ?? "all"} options={(["all", "customer", "manager", "admin"] as const).map((role) => ({ value: role, label: role === "all" ? "Any role" : roleNames[role] }))} />
        <FilterSelect label="Status" name="status" id="people-status" value={filter.status ?? "all"} options={(["all", "active", "pending", "deactivated"] as const).map((status) => ({ value: status, label: statusNames[status] }))} />
        <button type="submit" class="button button-small">Filter</button>
      </form>
      <DataTable id="people-table" columns={["Person", "Role", "Status", "Last log in", "Orders", "Actions"]} rows={people} row={(user) => <PersonRow user={user} moment={moment} />} />
    </section>
  );
}
