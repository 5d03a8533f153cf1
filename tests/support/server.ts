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
  // Ready when /healthz answers; the bound only turns a server that never starts into a clear
  // failure (a busy machine can take well over 20 s to migrate and seed a new store).
  const deadline = Date.now() + 120_000;
  for (let ready = false; !ready; ) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not answer /healthz within 120 s:\n${log}`);
    }
    ready = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (!ready) await Bun.sleep(100);
  }
  // The banner's last line is written after the server listens: tests read the whole banner.
  await waitForOutput("Mail goes");
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
