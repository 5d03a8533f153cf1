import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import type { BoundStatement, DatabaseHandle, UnitStatement } from "../db/client";
import type { ReportExport } from "../db/report-export-tables";

/*
 * What every step of a CSV export (ADR 046, 067) writes: a chunk of text with the cursor after it,
 * guarded by the chunk's number, in one atomic unit. Between two statements a step gives the thread
 * back (`Pause`): no statement of an export reads more than READ_ROWS rows.
 */

/** Gives the thread back between two reads (the job worker's pause, src/jobs/worker.ts). */
export type Pause = () => Promise<void>;

/** The most rows one statement of an export reads: about a millisecond or two at 1M products. */
export const READ_ROWS = 50;

/**
 * Where an export's reads run on their own thread (the embedded file's reader, ADR 075), the request
 * thread only waits for their answers: a read may be this many times longer, so the export pays
 * a tenth of the threads' round trips (ADR 092).
 */
const OFF_THREAD_READS = 10;

/** How many times longer this store's export reads may be than on the request thread: 1 or OFF_THREAD_READS. */
export const readScale = (handle: DatabaseHandle) => (handle.reports === handle.db ? 1 : OFF_THREAD_READS);

/** The most rows one read of this store's exports takes. */
export const readRows = (handle: DatabaseHandle) => READ_ROWS * readScale(handle);

const dialect = new SQLiteSyncDialect();
export const bound = (query: SQL): BoundStatement => dialect.sqlToQuery(query);

/** The last row written of a product report: revenue (or minus it), quantity (or minus it), name, product id. */
export const RowKey = z.tuple([z.number(), z.number(), z.string(), z.number()]);
export type RowKey = z.infer<typeof RowKey>;

/** A period: products staged by id, and how many rows that made so far. */
const StagingCursor = z.object({ phase: z.literal("stage"), afterId: z.number().int(), staged: z.number().int().optional() });
/** A period: the staged rows written in the report's order (minus revenue, minus quantity, name, id). */
const WritingCursor = z.object({ phase: z.literal("write"), after: RowKey.nullable() });
/** All time: the listed rows counted by product id first (for the progress bar), a few thousand ids a step. */
const CountingCursor = z.object({ phase: z.literal("count"), afterId: z.number().int(), counted: z.number().int() });
/** All time: read straight from `sales_products` in the report's order, after the last row written. */
const IndexCursor = z.object({ phase: z.literal("index"), after: RowKey.nullable() });
export const Cursor = z.union([StagingCursor, WritingCursor, CountingCursor, IndexCursor]);
export type Cursor = z.infer<typeof Cursor>;

/** The statements that close an export: done, at 100%, its staged rows gone. */
export function finished(row: ReportExport, now: Date, chunk: { seq: number }): UnitStatement[] {
  return [
    { sql: `update report_exports set state = 'done', progress = 100, finished_at = ?, cursor = '{}', rows_total = rows_written where id = ? and chunks = ?`, params: [now.getTime(), row.id, chunk.seq + 1] },
    { sql: `delete from report_export_rows where export_id = ?`, params: [row.id] },
  ];
}

/** A chunk of CSV text and the export's counters after it: the chunk number is its guard. */
export function chunkStatements(row: ReportExport, body: string, rows: number, cursor: Cursor, progress: number): UnitStatement[] {
  const seq = row.chunks;
  return [
    { sql: `insert into report_export_chunks (export_id, seq, body, rows) values (?, ?, ?, ?)`, params: [row.id, seq, body, rows] },
    {
      sql: `update report_exports set cursor = ?, chunks = chunks + 1, rows_written = rows_written + ?, progress = ? where id = ? and chunks = ?`,
      params: [JSON.stringify(cursor), rows, progress, row.id, seq],
    },
  ];
}

export async function run(handle: DatabaseHandle, statements: UnitStatement[]): Promise<void> {
  const [first, ...rest] = statements;
  if (first) await handle.atomic([first, ...rest]);
}

/**
 * Reads up to `want` rows in reads of at most `piece` rows (readRows), pausing between them: each
 * read starts after the key of the last row read (the step's cursor for the first).
 */
export async function readInPieces<Row, Key>(
  start: Key | null,
  want: number,
  piece: number,
  pause: Pause,
  keyOf: (row: Row) => Key,
  next: (after: Key | null, limit: number) => Promise<Row[]>,
): Promise<Row[]> {
  const rows: Row[] = [];
  let after = start;
  while (rows.length < want) {
    if (rows.length > 0) await pause();
    const limit = Math.min(piece, want - rows.length);
    const got = await next(after, limit);
    rows.push(...got);
    const last = got.at(-1);
    if (got.length < limit || last === undefined) break;
    after = keyOf(last);
  }
  return rows;
}
