/**
 * Copies the write-ahead log back into the database file on a worker thread, so requests never
 * wait for it. SQLite's automatic checkpoint runs inside whichever commit crosses the threshold,
 * with two fsyncs: at checkout's rate that cost the request thread 0.7 ms per order (BENCHMARKS.md).
 * PASSIVE never blocks a writer. Every 10 ms: a copy that small often finishes between two commits,
 * and then the next commit starts the log over. At 50 ms a rush of orders never left such a gap, the
 * log grew to the safety net, and the commit that crossed it checkpointed on the request thread
 * (30-130 ms stalls, the checkout's p99; BENCHMARKS.md). The main connection keeps a high automatic
 * threshold as that safety net. With nothing new in the log it takes no lock at all: a checkpoint
 * every 10 ms on an idle log made readers wait on its locks (anonymous aisle pages 10-15% slower).
 */
const WORKER_SOURCE = `
import { Database } from "bun:sqlite";
import { closeSync, openSync, readSync } from "node:fs";
import { endianness } from "node:os";
let db = null;
let timer = null;
let shm = null;
// The wal-index header in the -shm file (https://www.sqlite.org/walformat.html): mxFrame, the last
// frame in the log, at byte 16; nBackfill, the last frame copied back, at byte 96; native byte order.
const header = Buffer.alloc(100);
const readU32 = endianness() === "LE" ? (at) => header.readUInt32LE(at) : (at) => header.readUInt32BE(at);
function logHasNewFrames() {
  try {
    shm ??= openSync(db.filename + "-shm", "r");
    if (readSync(shm, header, 0, 100, 0) < 100) return true;
    return readU32(16) !== readU32(96);
  } catch {
    return true;
  }
}
self.onmessage = (event) => {
  if (event.data.stop) {
    clearTimeout(timer);
    if (shm !== null) closeSync(shm);
    db?.close();
    postMessage({ stopped: true });
    return;
  }
  db = new Database(event.data.path);
  db.exec("PRAGMA busy_timeout = 1000");
  const checkpoint = db.query("PRAGMA wal_checkpoint(PASSIVE)");
  const { intervalMs, idleMs } = event.data;
  let wait = intervalMs;
  const look = () => {
    // A checkpoint takes locks that readers wait on: run one only when there is something to copy,
    // which a plain read of the -shm header tells without any lock.
    if (logHasNewFrames()) {
      wait = intervalMs;
      try {
        checkpoint.get();
      } catch (error) {
        postMessage({ error: String(error) });
      }
    } else {
      // Nothing written since the last look: look again later and later, up to idleMs.
      wait = Math.min(wait * 2, idleMs);
    }
    timer = setTimeout(look, wait);
  };
  timer = setTimeout(look, wait);
  postMessage({ started: true });
};
`;
export type Checkpointer = { stop(): Promise<void> };

/**
 * `intervalMs` between looks while writes keep coming; after a look that finds nothing to copy the
 * wait doubles, up to `idleMs`. Waking every 10 ms cost the server 9 ms of CPU a second with
 * nothing to do, charged to every read it answered (ADR 063); a rush of orders is noticed within
 * `idleMs` and then looked at every 10 ms again.
 */
export async function startCheckpointer(path: string, intervalMs = 10, idleMs = 160): Promise<Checkpointer> {
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "application/javascript" }));
  const worker = new Worker(url);
  (worker as Worker & { unref(): void }).unref();
  const next = () => new Promise<Record<string, unknown>>((resolve) => worker.addEventListener("message", (event) => resolve(event.data), { once: true }));
  worker.addEventListener("message", (event) => {
    if (event.data?.error) console.error(JSON.stringify({ level: "warn", msg: "background checkpoint failed", error: event.data.error }));
  });
  const started = next();
  worker.postMessage({ path, intervalMs, idleMs });
  await started;
  return {
    async stop() {
      const stopped = next();
      worker.postMessage({ stop: true });
      await Promise.race([stopped, Bun.sleep(2000)]);
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
