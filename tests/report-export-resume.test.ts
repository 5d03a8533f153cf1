import { expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { openDatabase } from "../src/db/client";
import { reportExports } from "../src/db/report-export-tables";
import { productSalesCsv } from "../src/reports/csv";
import { startExport } from "../src/reports/exports";
import { salesByProduct } from "../src/reports/sales";
import { startServer } from "./support/server";

/*
 * A real export of a generated store (bench/generate.ts: 4,000 products, 20,000 order lines),
 * stopped with SIGTERM in the middle: the server stops cleanly after the step in hand, the next
 * start goes on from the cursor, and the file is byte for byte the one-shot CSV (no row twice,
 * none lost). The stop waits on the job's own progress line, never on a timer.
 */
test("an export stopped by SIGTERM goes on after a restart and ends equal to a one-shot export", async () => {
  const dir = mkdtempSync(join(tmpdir(), "grocer-export-"));
  const file = join(dir, "grocer.db");
  const generate = Bun.spawn([process.execPath, "bench/generate.ts", "--out", file, "--products", "4000", "--order-items", "20000"], {
    cwd: join(import.meta.dir, ".."),
    stdout: "pipe",
    stderr: "pipe",
  });
  expect(await generate.exited).toBe(0);

  const open = () => openDatabase({ url: `file:${file}`, driver: "bun-sqlite" });
  let handle = await open();
  const started = await startExport(handle.db, "products", { from: "", to: "", category: null, bucket: "day" }, null, new Date());
  await handle.close();

  // Ten rows a chunk: 400 staging steps and 400 writing steps, so the stop lands well inside. Slices
  // of one step: the progress line the stop waits on comes after the first step, however fast the
  // machine (with the default slice, an idle machine finished all 800 inside one and never wrote it).
  const env = { REPORT_EXPORT_CHUNK_ROWS: "10", REPORT_EXPORT_SLICE_MS: "0", SEED_DEMO_DATA: "false" };
  const first = await startServer(env, dir);
  try {
    await first.waitForOutput(`"msg":"report export progress","export":${started.id}`);
    expect(await first.stop("SIGTERM")).toBe(0);
  } finally {
    // Keeps the folder for the restart (cleanup() would remove it).
    if (first.process.exitCode === null) first.process.kill("SIGKILL");
  }

  handle = await open();
  const [stopped] = await handle.db.select().from(reportExports).where(eq(reportExports.id, started.id));
  expect(stopped!.state).toBe("preparing");
  // Stopped part-way, more to come. An all-time export counts its rows before it writes any, so a
  // slow machine may stop it while counting: then the cursor has moved and nothing is written yet.
  expect(stopped!.cursor).not.toBe(started.cursor);
  const phase = (JSON.parse(stopped!.cursor) as { phase: string }).phase;
  // All time is counted by id, then written in the report's order from the totals' index.
  expect(["count", "index"]).toContain(phase);
  if (phase === "count") expect(stopped!.rowsWritten).toBe(0);
  expect(stopped!.progress).toBeLessThan(100);
  await handle.close();

  const second = await startServer(env, dir);
  try {
    await second.waitForOutput(`"msg":"report export done","export":${started.id}`);
    expect(await second.stop("SIGTERM")).toBe(0);
  } finally {
    if (second.process.exitCode === null) second.process.kill("SIGKILL");
  }

  handle = await open();
  try {
    const [done] = await handle.db.select().from(reportExports).where(eq(reportExports.id, started.id));
    expect(done!.state).toBe("done");
    const chunks = await handle.db.all<{ seq: number; body: string }>(sql`select seq, body from report_export_chunks where export_id = ${started.id} order by seq`);
    expect(chunks.map((chunk) => Number(chunk.seq))).toEqual(chunks.map((_, i) => i));
    const exported = chunks.map((chunk) => chunk.body).join("");
    const oneShot = productSalesCsv(await salesByProduct(handle.db, {}));
    expect(exported.split("\n").length).toBe(oneShot.split("\n").length);
    expect(exported).toBe(oneShot);
    expect(done!.rowsWritten).toBe(oneShot.split("\n").length - 2);
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);
