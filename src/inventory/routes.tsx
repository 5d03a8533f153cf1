import { quantityLabel } from "../catalog/units";
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { z } from "zod";
import { momentFormatter } from "../http/days";
import type { AppEnv } from "../http/env";
import { readForm } from "../http/forms";
import { redirectAfterPost, renderPage, wantsFragment } from "../http/render";
import { deliverLowStockNotices } from "../notifications/notices";
import { StockHistoryPage, StockPage, StockRowView } from "../../views/manage/stock";
import { ErrorPage } from "../../views/errors";
import { adjustStock, stockForm, stockHistory, stockLevels, stockRow, type StockFilter } from "./stock";

export const stockRoutes = new Hono<AppEnv>();

const listQuery = z.object({ filter: z.enum(["all", "low", "out"]).catch("all"), q: z.string().max(100).catch("") });
const idParam = z.object({ id: z.coerce.number().int().positive() });

const notFound = (c: Parameters<typeof renderPage>[0]) =>
  renderPage(c, "Not found", <ErrorPage heading="No such product" message="That product does not exist." />, { status: 404 });

stockRoutes.get("/", async (c) => {
  const query = listQuery.parse({ filter: c.req.query("filter") ?? "all", q: c.req.query("q") ?? "" });
  const rows = await stockLevels(c.var.deps.database.db, { filter: query.filter as StockFilter, q: query.q });
  return renderPage(c, "Stock", <StockPage rows={rows} filter={query.filter as StockFilter} q={query.q} />);
});

stockRoutes.get("/:id", async (c) => {
  const params = idParam.safeParse(c.req.param());
  const { db } = c.var.deps.database;
  const row = params.success ? await stockRow(db, params.data.id) : null;
  if (!row) return notFound(c);
  return renderPage(c, `${row.name} stock`, <StockHistoryPage row={row} history={await stockHistory(db, row.id)} moment={momentFormatter(c)} />);
});

stockRoutes.post("/:id/adjust", async (c) => {
  const params = idParam.safeParse(c.req.param());
  const { database, clock } = c.var.deps;
  const row = params.success ? await stockRow(database.db, params.data.id) : null;
  if (!row) return notFound(c);
  const form = await readForm(c, stockForm);
  const refuse = (errors: Record<string, string>, status: 404 | 422 = 422) => {
    const view = <StockRowView row={row} values={form.values} errors={errors} />;
    if (wantsFragment(c)) return c.html(view, status);
    return renderPage(c, "Stock not changed", <RowAlone>{view}</RowAlone>, { status });
  };
  if (!form.ok) return refuse(form.errors);
  const now = clock.now();
  const result = await adjustStock(database, {
    productId: row.id,
    delta: form.data.change,
    reason: form.data.reason,
    note: form.data.note || null,
    actorId: c.var.user!.id,
    now,
  });
  if (!result.ok) return refuse({ change: result.message }, result.status);
  await deliverLowStockNotices(database, now);
  const change = form.data.change;
  const done = `${change > 0 ? "Added" : "Removed"} ${quantityLabel(Math.abs(change), row.unit)}: ${result.row.name} now has ${quantityLabel(result.row.stock, result.row.unit)}.`;
  if (wantsFragment(c)) return c.html(<StockRowView row={result.row} saved={done} />);
  return redirectAfterPost(c, "/manage/stock", { kind: "success", text: done });
});

/** A refused change without JavaScript: the one row again with its error, inside a table. */
function RowAlone({ children }: { children: Child }) {
  return (
    <section>
      <h1>Stock not changed</h1>
      <p><a href="/manage/stock">← Back to stock</a></p>
      <div class="table-wrap">
        <table class="data-table">
          <tbody>{children}</tbody>
        </table>
      </div>
    </section>
  );
}
