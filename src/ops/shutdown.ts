/**
 * What must finish before the process may exit: in-flight requests first (the server), then
 * whatever registered here (running jobs, the scheduler, replica sync). Each hook resolves when
 * its work is done; the whole stop is bounded by a timeout.
 */
export class ShutdownHooks {
  private readonly hooks: { name: string; run: () => Promise<void> }[] = [];

  add(name: string, run: () => Promise<void>): void {
    this.hooks.push({ name, run });
  }

  /** Runs every hook concurrently; false when the timeout passed first or a hook failed. */
  async runAll(timeoutMs: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const all = Promise.allSettled(this.hooks.map((hook) => hook.run())).then((results) => {
      results.forEach((result, i) => {
        if (result.status === "rejected") {
          console.error(JSON.stringify({ level: "error", msg: "shutdown hook failed", hook: this.hooks[i]!.name, error: String(result.reason) }));
        }
      });
      return results.every((result) => result.status === "fulfilled");
    });
    try {
      return await Promise.race([all, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
