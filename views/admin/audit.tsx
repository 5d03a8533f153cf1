import { DataTable } from "../components/data-table";
import { FilterSelect } from "../components/form";
import type { AuditEntry } from "../../src/audit/log";
import type { MomentFormat } from "../../src/http/days";

function detailsOf(entry: AuditEntry): string {
  if (!entry.details) return "";
  try {
    const details = JSON.parse(entry.details) as Record<string, unknown>;
    return Object.entries(details)
      .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
      .join(" · ");
  } catch {
    return entry.details;
  }
}

function olderLink(action: string, olderThan: number): string {
  const query = new URLSearchParams({ before: String(olderThan) });
  if (action) query.set("action", action);
  return `/admin/audit?${query}`;
}

export function AuditPage(props: { entries: AuditEntry[]; olderThan: number | null; actions: string[]; action: string; moment: MomentFormat }) {
  return (
    <section>
      <h1>Audit log</h1>
      <p class="muted">Who changed what in the back office and in people's accounts, newest first.</p>
      <form method="get" action="/admin/audit" class="filters">
        <FilterSelect label="Kind" name="action" id="audit-action" value={props.action} blank="Everything" options={props.actions.map((name) => ({ value: name, label: name }))} />
        <button type="submit" class="button button-small button-quiet">Show</button>
      </form>
      <DataTable
        columns={["When", "Who", "What", "Subject", "Details"]}
        rows={props.entries}
        row={(entry) => (
          <tr>
            <td data-label="When">{props.moment(entry.createdAt)}</td>
            <td data-label="Who">{entry.actorName ?? (entry.actorEmail ? entry.actorEmail : "the store")}</td>
            <td data-label="What">{entry.action}</td>
            <td data-label="Subject">
              {entry.subjectType}
              {entry.subjectId !== null ? ` #${entry.subjectId}` : ""}
            </td>
            <td data-label="Details">{detailsOf(entry)}</td>
          </tr>
        )}
        empty={<p class="muted">Nothing recorded{props.action ? ` of the kind ${props.action}` : ""} yet.</p>}
      />
      {props.olderThan !== null ? (
        <p>
          <a href={olderLink(props.action, props.olderThan)}>Older entries →</a>
        </p>
      ) : null}
    </section>
  );
}
