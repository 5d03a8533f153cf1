import { spawn, type ChildProcess } from "node:child_process";

/**
 * A child started in its own process group, so stopping it also stops what it started
 * (wrangler runs workerd underneath). Output is collected for assertions and failure messages.
 */
export class ProcessGroup {
  private log = "";
  /** Called on each chunk of output and when the process exits. */
  private listeners = new Set<() => void>();
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(command: string, args: string[], options: { cwd: string; env: Record<string, string | undefined> }) {
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const heard = (chunk: Buffer) => {
      this.log += chunk.toString();
      for (const listener of [...this.listeners]) listener();
    };
    this.child.stdout!.on("data", heard);
    this.child.stderr!.on("data", heard);
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code) => {
        resolve(code);
        for (const listener of [...this.listeners]) listener();
      }),
    );
  }

  output(): string {
    return this.log;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when the process next writes something, or exits. */
  nextOutput(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const once = () => {
        this.listeners.delete(once);
        resolve();
      };
      this.listeners.add(once);
    });
  }

  /**
   * Resolves when the output matches (looked at as each chunk arrives); fails as soon as the process
   * exits without it, or, only when a time limit is given, once that has passed.
   */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        this.listeners.delete(look);
        clearTimeout(timer);
      };
      const look = () => {
        const match = this.log.match(pattern);
        if (match) {
          done();
          resolve(match);
        } else if (!this.running) {
          done();
          reject(new Error(`the process exited (${this.child.exitCode ?? this.child.signalCode}) without ${pattern} in its output:\n${this.log.slice(-4000)}`));
        }
      };
      this.listeners.add(look);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} in the output within ${timeoutMs} ms:\n${this.log.slice(-4000)}`));
        }, timeoutMs);
      }
      look();
    });
  }

  /** SIGTERM to the whole group, SIGKILL after the grace period. */
  async stop(graceMs = 5000): Promise<void> {
    const pid = this.child.pid;
    if (!pid || !this.running) return;
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-pid, name);
      } catch {
        // the group is already gone
      }
    };
    signal("SIGTERM");
    const stopped = await Promise.race([this.exited.then(() => true), Bun.sleep(graceMs).then(() => false)]);
    // workerd may outlive wrangler by a moment: always clear the group.
    signal("SIGKILL");
    if (!stopped) await this.exited;
  }
}
