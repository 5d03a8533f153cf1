import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db/client";
import { reportExportChunks, reportExportRows, reportExports, type ReportExport } from "../db/report-export-tables";

/*
 * Prepared CSV exports are kept for REPORT_EXPORT_KEEP_HOURS after they finish (ADR 062). Then a
 * scheduled sweep deletes the file (its chunks and any staged rows) and stamps the export as
 * expired, one atomic unit per export: the row stays, so its page says the file expired and the API
 * answers 410 Gone instead of a 404 that would look like a wrong id.
 */

const HOUR_MS = 60 * 60 * 1000;

/** When a finished export's file is deleted; null while it is still being prepared. */
export function exportExpiresAt(row: Pick<ReportExport, "state" | "createdAt" | "finishedAt">, keepHours: number): Date | null {
  if (row.state === "preparing") return null;
  return new Date((row.finishedAt ?? row.createdAt).getTime() + keepHours * HOUR_MS);
}

export const isExpired = (row: Pick<ReportExport, "expiredAt">) => row.expiredAt !== null;

/** Deletes the files of finished (or failed) exports older than `keepHours`; returns how many expired. */
export async function expireOldExports(handle: DatabaseHandle, now: Date, keepHours: number): Promise<number> {
  const cutoff = new Date(now.getTime() - keepHours * HOUR_MS);
  const due = await handle.db
    .select({ id: reportExports.id })
    .from(reportExports)
    .where(and(isNull(reportExports.expiredAt), inArray(reportExports.state, ["done", "failed"]), lte(sql`coalesce(${reportExports.finishedAt}, ${reportExports.createdAt})`, cutoff.getTime())))
    .orderBy(reportExports.id);
  for (const { id } of due) {
    await handle.atomic([
      handle.db.delete(reportExportChunks).where(eq(reportExportChunks.exportId, id)),
      handle.db.delete(reportExportRows).where(eq(reportExportRows.exportId, id)),
      handle.db.update(reportExports).set({ expiredAt: now }).where(and(eq(reportExports.id, id), isNull(reportExports.expiredAt))),
    ]);
  }
  return due.length;
}
