/**
 * Copies the write-ahead log back into the database file on a worker thread, so requests never
 * wait for it. SQLite's automatic checkpoint runs inside whichever commit crosses the threshold,
 * with two fsyncs: at checkout's rate that cost the request thread 0.7 ms per order (BENCHMARKS.md).
 * PASSIVE never blocks a writer. Every 10 ms: a copy that small often finishes between two commits,
 * and then the next commit starts the log over. At 50 ms a rush of orders never left such a gap, the
 * log grew to the safety net, and the commit that crossed it checkpointed on the request thread
 * (30-130 ms stalls, the checkout's p99; BENCHMARKS.md). The main connection keeps a high automatic
 * threshold as that safety net.
 */
const WORKER_SOURCE = `
import { Database } from "bun:sqlite";
let db = null;
let timer = null;
self.onmessage = (event) => {
  if (event.data.stop) {
    clearInterval(timer);
    db?.close();
    postMessage({ stopped: true });
    return;
  }
  db = new Database(event.data.path);
  db.exec("PRAGMA busy_timeout = 1000");
  const checkpoint = db.query("PRAGMA wal_checkpoint(PASSIVE)");
  timer = setInterval(() => {
    try {
      checkpoint.get();
    } catch (error) {
      postMessage({ error: String(error) });
    }
  }, event.data.intervalMs);
  postMessage({ started: true });
};
`;

export type Checkpointer = { stop(): Promise<void> };

export async function startCheckpointer(path: string, intervalMs = 10): Promise<Checkpointer> {
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "application/javascript" }));
  const worker = new Worker(url);
  (worker as Worker & { unref(): void }).unref();
  const next = () => new Promise<Record<string, unknown>>((resolve) => worker.addEventListener("message", (event) => resolve(event.data), { once: true }));
  worker.addEventListener("message", (event) => {
    if (event.data?.error) console.error(JSON.stringify({ level: "warn", msg: "background checkpoint failed", error: event.data.error }));
  });
  const started = next();
  worker.postMessage({ path, intervalMs });
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
