import type { ReportExport, ReportExportKind } from "../../src/db/report-export-tables";
import type { MomentFormat } from "../../src/http/days";
import { grouped } from "../../src/values/count";

/** What each export is called on the page. */
export const EXPORT_LABELS: Record<ReportExportKind, string> = {
  products: "Sales by product",
  categories: "Sales by category",
  "over-time": "Sales over time",
  "fees-vat": "Fees and VAT",
};
const PREPARE_LABELS: Record<ReportExportKind, string> = {
  products: "Prepare sales by product CSV",
  categories: "Prepare sales by category CSV",
  "over-time": "Prepare sales over time CSV",
  "fees-vat": "Prepare fees and VAT CSV",
};

/** The report's filters, carried by each "Prepare" form. */
export type ExportFilters = { from: string; to: string; category: number | null; bucket: string };

function HiddenFilters({ filters }: { filters: ExportFilters }) {
  return (
    <>
      <input type="hidden" name="from" value={filters.from} />
      <input type="hidden" name="to" value={filters.to} />
      <input type="hidden" name="category" value={filters.category ? String(filters.category) : ""} />
      <input type="hidden" name="bucket" value={filters.bucket} />
    </>
  );
}

const stateText = (row: ReportExport) =>
  row.expiredAt ? "Expired" : row.state === "done" ? "Ready" : row.state === "failed" ? "Failed" : `Preparing, ${row.progress}%`;

/**
 * A report's CSV, prepared in the background with the report's filters (ADR 046): the only way to
 * get one since the one-shot downloads went (ADR 062). Without JavaScript the form posts and the
 * manager lands on the export's page.
 */
export function PrepareCsv({ kind, filters }: { kind: ReportExportKind; filters: ExportFilters }) {
  return (
    <div class="export-actions">
      <form method="post" action="/manage/reports/exports" class="inline-form">
        <input type="hidden" name="kind" value={kind} />
        <HiddenFilters filters={filters} />
        <button type="submit" class="button button-quiet button-small">{PREPARE_LABELS[kind]}</button>
      </form>
    </div>
  );
}

/** On the reports page: the CSVs prepared lately (each report's section has its Prepare button). */
export function ExportsSection(props: { recent: ReportExport[] }) {
  return (
    <>
      <h2 id="exports">Downloads prepared in the background</h2>
      <p class="muted">Each report's "Prepare … CSV" button writes its file in the background with the filters above, and the shop goes on serving shoppers meanwhile. A file can be downloaded for a while once it is ready, then it expires.</p>
      {props.recent.length > 0 && (
        <ul class="export-list">
          {props.recent.map((row) => (
            <li>
              <a href={`/manage/reports/exports/${row.id}`}>{EXPORT_LABELS[row.kind]} #{row.id}</a>: {stateText(row)}
              {row.state === "done" && !row.expiredAt && (
                <>
                  {" "}
                  · <a href={`/manage/reports/exports/${row.id}/download`} download>Download CSV</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * One export's progress: polled by htmx while it is prepared, a "Check again" link without JavaScript.
 * When the file expires or expired (ADR 062) is told on the store's clock: "6 Dec 2026, 14:00" (`moment`).
 */
export function ExportStatus({ row, expiresAt, moment }: { row: ReportExport; expiresAt: Date | null; moment: MomentFormat }) {
  const self = `/manage/reports/exports/${row.id}`;
  const preparing = row.state === "preparing";
  return (
    <section class="report-export" id="report-export" hx-get={preparing ? self : undefined} hx-trigger={preparing ? "every 1s" : undefined} hx-swap={preparing ? "outerHTML" : undefined}>
      <h1>{EXPORT_LABELS[row.kind]} CSV</h1>
      <p>
        <label for="export-progress">{stateText(row)}</label>{" "}
        <progress id="export-progress" max="100" value={String(row.progress)}>
          {row.progress}%
        </progress>
      </p>
      <p class="muted" aria-live="polite">
        {grouped(row.rowsWritten)} rows written{row.rowsTotal !== null ? ` of ${grouped(row.rowsTotal)}` : ""}.
      </p>
      {row.state === "done" && !row.expiredAt && (
        <p>
          <a class="button" href={`${self}/download`} download>
            Download CSV
          </a>{" "}
          {expiresAt && <span class="muted">The file can be downloaded until {moment(expiresAt)}, then it is deleted.</span>}
        </p>
      )}
      {row.expiredAt && <p>This file expired on {moment(row.expiredAt)} and was deleted. Prepare it again from the reports page.</p>}
      {preparing && (
        <p>
          <a href={self}>Check again</a>
        </p>
      )}
      {row.state === "failed" && <p class="field-error">This export failed. Prepare it again from the reports page.</p>}
      <p>
        <a href="/manage/reports">← Reports</a>
      </p>
    </section>
  );
}
