import type { Child } from "hono/jsx";

/**
 * A table of rows with its empty state: `empty` shows instead of the table when there are no rows
 * (leave it out to show the table with no rows). Every list page uses it, so a table looks and
 * scrolls (table-wrap) the same everywhere.
 */
export function DataTable<T>(props: {
  columns: Child[];
  rows: readonly T[];
  row: (item: T) => Child;
  empty?: Child;
  /** Extra classes on the table (data-table is always there). */
  class?: string;
  /** An id on the wrapper, for htmx to swap the whole table. */
  id?: string;
  /** False for a table that sits inside a wrapper of its own. */
  wrap?: boolean;
}) {
  if (props.rows.length === 0 && props.empty !== undefined) return <>{props.empty}</>;
  const table = (
    <table class={props.class ? `data-table ${props.class}` : "data-table"}>
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th scope="col">{column}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.rows.map((item) => props.row(item))}</tbody>
    </table>
  );
  if (props.wrap === false) return table;
  return (
    <div class="table-wrap" id={props.id}>
      {table}
    </div>
  );
}
