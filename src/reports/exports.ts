import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database, DatabaseHandle } from "../db/client";
import { reportExportChunks, reportExports, type ReportExport, type ReportExportKind } from "../db/report-export-tables";
import { enqueue } from "../jobs/queue";
import { defineJob } from "../jobs/registry";
import { exportStep, firstCursor, type ExportQuery } from "./export-steps";

/*
 * CSV exports as downloads prepared in the job queue (ADR 046, 067). A manager asks for one; a job
 * runs steps (src/reports/export-steps.ts) for about a slice of time, then queues its own
 * continuation, so other jobs get their turn; a stop (SIGTERM) ends the slice at the next step.
 * Inside a slice, no statement reads more than a few hundred rows, and the job pauses between any
 * two (the worker's share of the thread while shoppers are served); the reads run on the reports'
 * own thread where the store has one (ADR 092), so an aisle page waits only for a chunk's write,
 * elsewhere for one small read. Every step commits its chunk with its cursor: a server stopped
 * or killed mid-export goes on from the last committed chunk when it runs again.
 */

export const REPORT_EXPORT = "report-export";

export async function startExport(db: Database, kind: ReportExportKind, query: ExportQuery, requestedBy: number | null, now: Date): Promise<ReportExport> {
  const [row] = await db
    .insert(reportExports)
    .values({ kind, query: JSON.stringify(query), cursor: JSON.stringify(firstCursor(kind)), requestedBy, createdAt: now })
    .returning();
  await enqueue(db, REPORT_EXPORT, { exportId: row!.id }, now);
  return row!;
}

export async function findExport(db: Database, id: number): Promise<ReportExport | null> {
  const rows = await db.select().from(reportExports).where(eq(reportExports.id, id)).limit(1);
  return rows[0] ?? null;
}

/** The newest exports, for the reports page. */
export const recentExports = (db: Database, limit = 10) => db.select().from(reportExports).orderBy(desc(reportExports.id)).limit(limit);

/** The finished file, read a chunk at a time as it is sent (memory: one chunk). */
export function exportBody(db: Database, row: ReportExport): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let seq = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (seq >= row.chunks) return controller.close();
      const [chunk] = await db
        .select({ body: reportExportChunks.body })
        .from(reportExportChunks)
        .where(and(eq(reportExportChunks.exportId, row.id), eq(reportExportChunks.seq, seq)))
        .limit(1);
      if (!chunk) return controller.error(new Error(`export ${row.id} has no chunk ${seq}`));
      seq += 1;
      controller.enqueue(encoder.encode(chunk.body));
    },
  });
}

/** The export as the page and the API show it. */
export function exportStatus(row: ReportExport) {
  return { id: row.id, kind: row.kind, state: row.state, progress: row.progress, rowsWritten: row.rowsWritten, rowsTotal: row.rowsTotal, createdAt: row.createdAt, finishedAt: row.finishedAt };
}

async function markFailed(handle: DatabaseHandle, id: number) {
  await handle.atomic([{ sql: `update report_exports set state = 'failed' where id = ? and state = 'preparing'`, params: [id] }]);
}

/** The job: steps for one slice, then its continuation (the steps' own guards make a second runner harmless). */
export function reportExportJob() {
  return defineJob(REPORT_EXPORT, z.object({ exportId: z.number().int().positive() }), async ({ payload, job, context, progress, pause, stopping }) => {
    const { database, clock, config } = context.deps;
    const started = performance.now();
    let row = await findExport(database.db, payload.exportId);
    try {
      for (;;) {
        if (!row) return;
        const done = await exportStep(database, row, clock.now(), config.REPORT_EXPORT_CHUNK_ROWS, pause);
        row = await findExport(database.db, payload.exportId);
        if (done || !row || row.state !== "preparing") break;
        // A slice (REPORT_EXPORT_SLICE_MS, its pauses included) ends with the next job queued, so other jobs get in.
        if (performance.now() - started >= config.REPORT_EXPORT_SLICE_MS || stopping()) {
          await progress(row.progress);
          console.log(JSON.stringify({ level: "info", msg: "report export progress", export: row.id, progress: row.progress, rows: row.rowsWritten }));
          await enqueue(database.db, REPORT_EXPORT, payload, clock.now());
          return { payload: { ...payload, progress: row.progress } };
        }
        await pause();
      }
    } catch (error) {
      if (job.attempts >= job.maxAttempts) await markFailed(database, payload.exportId);
      throw error;
    }
    console.log(JSON.stringify({ level: "info", msg: "report export done", export: payload.exportId, rows: row?.rowsWritten ?? 0 }));
    return { resultUrl: `/manage/reports/exports/${payload.exportId}/download`, payload };
  });
}
