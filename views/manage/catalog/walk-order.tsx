import type { CategoryRow } from "../../../src/catalog/categories/categories";
import type { FormValues } from "../../../src/http/forms";

/** Aisles in walk order: placed ones by their place, then the rest by name (as the picking list sorts them). */
export const inWalkOrder = (aisles: CategoryRow[]) =>
  [...aisles].sort((a, b) => (a.walkOrder ?? Number.MAX_SAFE_INTEGER) - (b.walkOrder ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name));

/** One form for the whole walk: each active aisle's place, typed as a number (empty: walked last). */
export function WalkOrderForm({ aisles, values, problem }: { aisles: CategoryRow[]; values?: FormValues; problem?: string }) {
  const active = inWalkOrder(aisles.filter((aisle) => aisle.status === "active"));
  const action = "/manage/categories/walk-order";
  return (
    <section aria-labelledby="walk-order-heading" class="panel" id="walk-order">
      <h2 id="walk-order-heading">Walk order</h2>
      <p class="muted" id="walk-order-hint">The order pickers walk the aisles in: 1 first. Picking lists follow it; aisles left empty come last.</p>
      <form method="post" action={action} hx-post={action} hx-target="#catalog-categories" hx-swap="outerHTML">
        {problem ? <p class="form-error" role="alert">{problem}</p> : null}
        <ol class="walk-order">
          {active.map((aisle) => {
            const name = `walk_order_${aisle.id}`;
            return (
              <li>
                <label for={`walk-${aisle.id}`}>{aisle.name}</label>
                <input id={`walk-${aisle.id}`} name={name} value={values?.[name] ?? (aisle.walkOrder === null ? "" : String(aisle.walkOrder))} inputmode="numeric" maxlength={4} size={4} aria-describedby="walk-order-hint" />
              </li>
            );
          })}
        </ol>
        <button type="submit" class="button">Save walk order</button>
      </form>
    </section>
  );
}
