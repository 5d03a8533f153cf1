import type { ImportPlan } from "../../../src/catalog/food-info/catalog-csv";
import { CSV_COLUMNS } from "../../../src/catalog/food-info/catalog-csv";
import { FileField } from "../../components/form";

export function CatalogImportPage({ problem }: { problem?: string }) {
  return (
    <section>
      <h1>Catalog import and export</h1>
      {problem ? <p class="form-error" role="alert">{problem}</p> : null}
      <p>
        <a class="button" href="/admin/catalog/export.csv">Export the catalog (CSV)</a>
      </p>
      <h2>Import a CSV file</h2>
      <p>
        Rows are matched by <code>sku</code> (or else <code>gtin</code>): a match is updated, any other row adds a product. Columns left out of the file keep their values. You see every change and every problem before anything is saved; the file is then applied all together or not at all.
      </p>
      <p class="muted">Columns: {CSV_COLUMNS.join(", ")}. Lists (contains, may_contain, diet) are separated by semicolons.</p>
      <form method="post" action="/admin/catalog/preview" enctype="multipart/form-data" class="stack-form">
        <FileField label="CSV file (up to 8 MB)" name="file" id="catalog-file" accept=".csv,text/csv" values={{}} errors={{}} />
        <button type="submit" class="button">Check the file</button>
      </form>
    </section>
  );
}

export function ImportPreview({ plan, csv, file }: { plan: ImportPlan; csv: string; file: string }) {
  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const row of plan.rows) counts[row.action]++;
  return (
    <section>
      <p>
        <a href="/admin/catalog">Catalog import</a>
      </p>
      <h1>Preview of {file}</h1>
      {plan.errors.length ? (
        <>
          <p class="form-error" role="alert">
            {plan.errors.length} problem{plan.errors.length === 1 ? "" : "s"}: nothing will be imported until the file is corrected.
          </p>
          <table class="import-errors">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {plan.errors.map((error) => (
                <tr>
                  <td>{error.row}</td>
                  <td>{error.column}</td>
                  <td>{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <form method="post" action="/admin/catalog/apply">
          <p role="status">
            {counts.create} new, {counts.update} changed, {counts.unchanged} unchanged. Applied as one unit, in the background (progress on the jobs page).
          </p>
          <input type="hidden" name="csv" value={csv} />
          <input type="hidden" name="name" value={file} />
          <button type="submit" class="button">Import {plan.rows.length} rows</button>
        </form>
      )}
      <table class="import-preview">
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">SKU</th>
            <th scope="col">Product</th>
            <th scope="col">What happens</th>
          </tr>
        </thead>
        <tbody>
          {plan.rows.map((row) => (
            <tr>
              <td>{row.row}</td>
              <td>{row.sku}</td>
              <td>{row.name}</td>
              <td>
                {row.action === "create" ? "New product" : row.action === "unchanged" ? "No change" : null}
                {row.action === "update" ? (
                  <ul>
                    {row.changes.map((change) => (
                      <li>
                        {change.field}: {change.from || "(empty)"} → {change.to || "(empty)"}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
