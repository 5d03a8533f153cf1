import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export type RunningServer = {
  url: string;
  dir: string;
  process: Subprocess<"ignore", "pipe", "pipe">;
  output: () => string;
  /** Resolves once the server's output contains `text` (it is written, not guessed by a timer). */
  waitForOutput(text: string): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number>;
  cleanup(): void;
};

/** Starts the real store (`bun src/server.ts`) on a free port with its own database folder. */
export async function startServer(env: Record<string, string> = {}, dir = mkdtempSync(join(tmpdir(), "grocer-server-"))): Promise<RunningServer> {
  const port = await freePort();
  const child = Bun.spawn([process.execPath, "src/server.ts"], {
    cwd: join(import.meta.dir, "..", ".."),
    env: {
      ...process.env,
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, "grocer.db")}`,
      ADMIN_PASSWORD: "admin-password-123",
      ...env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  let log = "";
  const waiters = new Set<() => void>();
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      log += decoder.decode(value, { stream: true });
      for (const wake of waiters) wake();
    }
  };
  const waitForOutput = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (log.includes(text)) {
          waiters.delete(check);
          resolve();
        } else if (child.exitCode !== null) {
          waiters.delete(check);
          reject(new Error(`server exited before writing ${JSON.stringify(text)}:\n${log}`));
        }
      };
      waiters.add(check);
      void child.exited.then(check);
      check();
    });
  void collect(child.stdout);
  void collect(child.stderr);
  const url = `http://127.0.0.1:${port}`;
  // Ready once the banner's last line is out (printed after Bun.serve is bound; the whole banner is
  // there for tests to read), however slow a busy machine makes migrating and seeding a new store.
  // An exit before it fails at once; the test's own timeout is the only bound (no clock here).
  await waitForOutput("Mail goes");
  const health = await fetch(`${url}/healthz`);
  if (!health.ok) throw new Error(`/healthz answered ${health.status} once the server said it was open:\n${log}`);
  return {
    url,
    dir,
    process: child,
    output: () => log,
    waitForOutput,
    async stop(signal = "SIGTERM") {
      child.kill(signal);
      return child.exited;
    },
    cleanup() {
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
