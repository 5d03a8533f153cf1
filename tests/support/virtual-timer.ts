import type { WorkerTimer } from "../../src/jobs/worker";

/**
 * Virtual time for the job worker (ADR 048). Time moves only when a job says it spent some
 * (`spend`) or when the test lets the worker's wait run out (`runUntil`, `runUntilIdle`), so what
 * the worker does with its share of the time is the same on a quiet and on a loaded machine. The
 * test follows the worker by events: each wait the worker starts is announced, nothing is polled.
 */
export class VirtualTimer implements WorkerTimer {
  private at = 0;
  private waiting: { until: number; resolve: () => void } | null = null;
  private heard: (() => void) | null = null;

  now = (): number => this.at;

  sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const wait = { until: this.at + ms, resolve };
      this.waiting = wait;
      signal.addEventListener("abort", () => {
        if (this.waiting === wait) this.waiting = null;
        resolve();
      });
      this.heard?.();
    });

  /** A job's handler keeps the thread this long. */
  spend(ms: number) {
    this.at += ms;
  }

  /** Resolves with the worker's wait once it has started one (at once if it is waiting already). */
  private nextWait(): Promise<{ until: number; resolve: () => void }> {
    if (this.waiting) return Promise.resolve(this.waiting);
    return new Promise((resolve) => {
      this.heard = () => {
        this.heard = null;
        resolve(this.waiting!);
      };
    });
  }

  /**
   * Lets the worker run until virtual time `until`: each time it waits, its wait runs out (time
   * jumps to its end) unless that end is past `until`. Returns with the worker waiting.
   */
  async runUntil(until: number) {
    for (;;) {
      const wait = await this.nextWait();
      if (wait.until > until) {
        this.at = Math.max(this.at, until);
        return;
      }
      this.at = wait.until;
      this.waiting = null;
      wait.resolve();
    }
  }

  /** Lets the worker run until it waits `idleMs` (it found no job), ending every shorter wait on the way. */
  async runUntilIdle(idleMs: number) {
    for (;;) {
      const wait = await this.nextWait();
      if (wait.until - this.at === idleMs) return;
      this.at = wait.until;
      this.waiting = null;
      wait.resolve();
    }
  }
}
