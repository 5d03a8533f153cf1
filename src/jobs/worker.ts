import type { Job } from "../db/schema";
import { claimNextJob, completeJob, failJob, reportProgress } from "./queue";
import type { JobContext, JobRegistry } from "./registry";

/** Gives the thread back for one turn of the event loop (timers and I/O first): a pause without a worker's pacing. */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** How a job shares the thread: its pause, and whether the worker is stopping. */
export type JobPace = { pause(): Promise<void>; stopping(): boolean };
const unpaced: JobPace = { pause: nextTurn, stopping: () => false };

/** Claims one due job and runs it; returns the job (after its outcome is saved) or null when none was due. */
export async function runNextJob(context: JobContext, registry: JobRegistry, workerId: string, pace: JobPace = unpaced): Promise<Job | null> {
  const { database, clock } = context.deps;
  const db = database.db;
  const job = await claimNextJob(db, workerId, clock.now());
  if (!job) return null;
  try {
    const handler = registry.get(job.type);
    if (!handler) throw new Error(`No handler is registered for job type "${job.type}".`);
    const payload = handler.payload.parse(JSON.parse(job.payload));
    const outcome = await handler.run({ payload, job, context, pause: pace.pause, stopping: pace.stopping, progress: (percent) => reportProgress(db, job, percent, clock.now()) });
    await completeJob(db, job, clock.now(), outcome ?? {});
  } catch (error) {
    await failJob(db, job, error, clock.now());
  }
  return job;
}

/**
 * Runs due jobs until none is left (bounded): used by tests and by the Workers cron handler.
 * A turn of the event loop between two jobs (`nextTurn`), as the worker loop takes (below).
 */
export async function drainJobs(context: JobContext, registry: JobRegistry, workerId: string, limit = 100): Promise<number> {
  let ran = 0;
  while (ran < limit && (await runNextJob(context, registry, workerId))) {
    ran++;
    await nextTurn();
  }
  if (ran < limit) await context.mailer.rest?.();
  return ran;
}

export interface RunningWorker {
  /** Stops claiming new jobs and resolves once the job in hand (if any) is finished. */
  stop(): Promise<void>;
}

/**
 * The worker's sense of time: how long a job took and how long to wait. The real one is the
 * process's monotonic clock and its timers; tests give a virtual one (ADR 048) so that what the
 * worker does with its share of the time is decided by the code, not by how busy the machine is.
 * A wait ends early, resolved, when `signal` aborts (the worker is stopping).
 */
export type WorkerTimer = { now(): number; sleep(ms: number, signal: AbortSignal): Promise<void> };

export const realTimer: WorkerTimer = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done);
    }),
};

/** The Bun worker loop: one job at a time, polling while idle. */
export type WorkerOptions = {
  workerId: string;
  idleMs?: number;
  /**
   * While `busy()` (requests in flight), the worker takes at most `share` of the thread: after a job
   * of d ms it pauses d·(1/share − 1) ms, so shoppers are answered first and the emails follow,
   * instead of every order waiting behind the previous one's email. While `queueing()` (a rush), it
   * takes nothing for up to `patienceMs`, then its share again, so a rush delays emails by at most
   * that much. Idle, it runs flat out.
   */
  background?: { busy(): boolean; queueing(): boolean; share: number; patienceMs: number };
  /** Defaults to the real clock and timers. */
  timer?: WorkerTimer;
};

const MAX_PAUSE_MS = 1000;
/** How often a worker holding back for a rush looks again. */
export const RUSH_POLL_MS = 25;
/** A rush is over once shoppers have not queued for this long; shorter lulls are part of it. */
export const CALM_MS = 1000;

/**
 * Holds the worker back during a rush, for at most the patience it was given. Between two waves of
 * requests the queue empties for a moment: those lulls do not end the rush, or a rush that never
 * stops would hold the emails back for ever.
 */
function rushWatch(background: WorkerOptions["background"], timer: WorkerTimer) {
  let rushSince: number | null = null;
  let lastQueueing = -Infinity;
  return (): boolean => {
    if (!background) return false;
    const at = timer.now();
    if (background.queueing()) {
      if (rushSince === null || at - lastQueueing > CALM_MS) rushSince = at;
      lastQueueing = at;
    } else if (at - lastQueueing > CALM_MS) {
      rushSince = null;
      return false;
    }
    return rushSince !== null && at - rushSince < background.patienceMs;
  };
}

/**
 * The worker's share of the thread, kept inside a long job too: a job that calls `pause()` between
 * small pieces of work gives the thread back each time, for a turn of the event loop, or while
 * shoppers are being served for as long as its share asks (d·(1/share − 1) for d ms worked since the
 * last pause). After a job, the worker pauses the same way for what the job did since its last pause.
 * A stop ends every wait at once.
 */
function pacer(background: WorkerOptions["background"], timer: WorkerTimer, signal: AbortSignal) {
  let since = timer.now();
  return {
    started: () => void (since = timer.now()),
    stopping: () => signal.aborted,
    pause: async (): Promise<void> => {
      const worked = timer.now() - since;
      if (background?.busy() && !signal.aborted) await timer.sleep(Math.min(MAX_PAUSE_MS, worked * (1 / background.share - 1)), signal);
      else await nextTurn();
      since = timer.now();
    },
  };
}

export function startWorker(context: JobContext, registry: JobRegistry, options: WorkerOptions): RunningWorker {
  const idleMs = options.idleMs ?? 1000;
  const timer = options.timer ?? realTimer;
  const stopping = new AbortController();
  const holdBack = rushWatch(options.background, timer);
  const pace = pacer(options.background, timer, stopping.signal);
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      if (holdBack()) {
        await timer.sleep(RUSH_POLL_MS, stopping.signal);
        continue;
      }
      let job: Job | null = null;
      pace.started();
      try {
        job = await runNextJob(context, registry, options.workerId, pace);
      } catch (error) {
        console.error(JSON.stringify({ level: "error", msg: "job worker error", error: String(error) }));
      }
      // After every job a pause: its share while shoppers are served, else one turn of the event loop.
      // A job whose work is all synchronous underneath (bun:sqlite, the dev outbox) resolves in
      // microtasks alone: going straight on to the next one never let the event loop turn, so
      // requests waited for the whole queue and Bun's garbage collection, which runs from the event
      // loop, did not run either (8,000 outbox emails: 296 MB of garbage on the heap, ADR 071).
      if (job) await pace.pause();
      else {
        await context.mailer.rest?.();
        await timer.sleep(idleMs, stopping.signal);
      }
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
