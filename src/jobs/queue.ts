import { and, desc, eq, inArray, lte, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { jobs, type Job, type JobStatus } from "../db/schema";

export const LEASE_MS = 5 * 60 * 1000;
const BACKOFF_BASE_MS = 30 * 1000;
const BACKOFF_CAP_MS = 60 * 60 * 1000;

export type EnqueueOptions = { runAt?: Date; maxAttempts?: number };

export async function enqueue(db: Database, type: string, payload: unknown, now: Date, options: EnqueueOptions = {}): Promise<Job> {
  const [job] = await db
    .insert(jobs)
    .values({
      type,
      payload: JSON.stringify(payload ?? {}),
      runAt: options.runAt ?? now,
      maxAttempts: options.maxAttempts ?? 5,
      createdAt: now,
    })
    .returning();
  return job!;
}

/** 30 s, 1 min, 2 min, 4 min ... capped at an hour: the wait before attempt `attempts + 1`. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Claims the next due job with a lease in one UPDATE ... RETURNING, so two workers never get
 * the same row. A running job whose lease ran out (its worker died) is due again.
 */
export async function claimNextJob(db: Database, workerId: string, now: Date, leaseMs = LEASE_MS): Promise<Job | null> {
  const at = now.getTime();
  const due = or(
    and(eq(jobs.status, "queued"), lte(jobs.runAt, now)),
    and(eq(jobs.status, "running"), lte(jobs.lockedUntil, now)),
  );
  // The oldest due queued job and the oldest expired lease, each read in index order, then the
  // earlier of the two: one OR over both sorted every due job, which grew with the queue.
  const queued = sql`select ${jobs.id} as id, ${jobs.runAt} as run_at from ${jobs} where ${jobs.status} = 'queued' and ${jobs.runAt} <= ${at} order by ${jobs.runAt}, ${jobs.id} limit 1`;
  const expired = sql`select ${jobs.id} as id, ${jobs.runAt} as run_at from ${jobs} where ${jobs.status} = 'running' and ${jobs.lockedUntil} <= ${at} order by ${jobs.runAt}, ${jobs.id} limit 1`;
  const next = sql`select id from (select * from (${queued}) union all select * from (${expired})) order by run_at, id limit 1`;
  const rows = await db
    .update(jobs)
    .set({
      status: "running",
      attempts: sql`${jobs.attempts} + 1`,
      lockedBy: workerId,
      lockedUntil: new Date(at + leaseMs),
      progress: 0,
    })
    .where(and(eq(jobs.id, sql`(${next})`), due))
    .returning();
  return rows[0] ?? null;
}

const heldBy = (job: Job) => and(eq(jobs.id, job.id), eq(jobs.lockedBy, job.lockedBy ?? ""), eq(jobs.status, "running"));

export async function completeJob(db: Database, job: Job, now: Date, result: { resultUrl?: string; payload?: unknown } = {}): Promise<void> {
  await db
    .update(jobs)
    .set({
      status: "done",
      progress: 100,
      finishedAt: now,
      lockedUntil: null,
      resultUrl: result.resultUrl ?? null,
      ...(result.payload === undefined ? {} : { payload: JSON.stringify(result.payload) }),
    })
    .where(heldBy(job));
}

/** Records the error; queues the job again after a backoff, or marks it failed after its last attempt. */
export async function failJob(db: Database, job: Job, error: unknown, now: Date): Promise<JobStatus> {
  const message = describeError(error);
  const finalAttempt = job.attempts >= job.maxAttempts;
  await db
    .update(jobs)
    .set(
      finalAttempt
        ? { status: "failed", lastError: message, finishedAt: now, lockedUntil: null }
        : { status: "queued", lastError: message, runAt: new Date(now.getTime() + backoffMs(job.attempts)), lockedUntil: null },
    )
    .where(heldBy(job));
  return finalAttempt ? "failed" : "queued";
}

/** Saves progress and renews the lease, so a long job that reports progress is not taken over. */
export async function reportProgress(db: Database, job: Job, percent: number, now: Date, leaseMs = LEASE_MS): Promise<void> {
  await db
    .update(jobs)
    .set({ progress: Math.max(0, Math.min(99, Math.round(percent))), lockedUntil: new Date(now.getTime() + leaseMs) })
    .where(heldBy(job));
}

/** The admin's "retry": a failed job gets a fresh set of attempts, now. */
export async function retryFailedJob(db: Database, id: number, now: Date): Promise<Job | null> {
  const rows = await db
    .update(jobs)
    .set({ status: "queued", attempts: 0, runAt: now, finishedAt: null, lockedBy: null, progress: 0 })
    .where(and(eq(jobs.id, id), eq(jobs.status, "failed")))
    .returning();
  return rows[0] ?? null;
}

export async function findJob(db: Database, id: number): Promise<Job | null> {
  const rows = await db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function listJobs(db: Database, statuses: readonly JobStatus[], limit = 100): Promise<Job[]> {
  return db.select().from(jobs).where(inArray(jobs.status, [...statuses])).orderBy(desc(jobs.id)).limit(limit);
}

export async function countJobsByStatus(db: Database): Promise<Record<JobStatus, number>> {
  const rows = await db.select({ status: jobs.status, count: sql<number>`count(*)` }).from(jobs).groupBy(jobs.status);
  const counts: Record<JobStatus, number> = { queued: 0, running: 0, failed: 0, done: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}
