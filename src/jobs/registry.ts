import type { z } from "zod";
import type { Job } from "../db/schema";
import type { AppDeps } from "../http/env";
import type { Mailer } from "../mail/mailer";

/** What a job handler may use: the app's dependencies and the mail transport. */
export interface JobContext {
  deps: AppDeps;
  mailer: Mailer;
}

export type JobOutcome = void | { resultUrl?: string; payload?: unknown };

export interface JobRun<P> {
  payload: P;
  job: Job;
  context: JobContext;
  /**
   * Gives the thread back between two small pieces of a long job, so shoppers are answered in
   * between (the worker's share of the thread, src/jobs/worker.ts). Free to call often.
   */
  pause(): Promise<void>;
  /**
   * True once the worker has been told to stop (SIGTERM): a job made of steps ends its slice at the
   * next step and queues its continuation, so a stop waits for one step, not a whole slice.
   */
  stopping(): boolean;
  /** Sets the percentage shown on the jobs page. */
  progress(percent: number): Promise<void>;
}

export interface JobHandler<P = unknown> {
  type: string;
  payload: z.ZodType<P>;
  run(work: JobRun<P>): Promise<JobOutcome>;
}

export function defineJob<P>(type: string, payload: z.ZodType<P>, run: (work: JobRun<P>) => Promise<JobOutcome>): JobHandler<P> {
  return { type, payload, run };
}

/** Handlers by job type; a job whose type is unknown fails with a clear error. */
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler<unknown>>();

  constructor(handlers: JobHandler<never>[] = []) {
    for (const handler of handlers) this.register(handler);
  }

  register<P>(handler: JobHandler<P>): this {
    if (this.handlers.has(handler.type)) throw new Error(`Job type ${handler.type} is registered twice.`);
    this.handlers.set(handler.type, handler as unknown as JobHandler<unknown>);
    return this;
  }

  get(type: string): JobHandler<unknown> | undefined {
    return this.handlers.get(type);
  }

  types(): string[] {
    return [...this.handlers.keys()];
  }
}
