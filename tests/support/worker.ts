import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProcessGroup } from "./process-group";
import { freePort } from "./server";

const ROOT = join(import.meta.dir, "..", "..");
/** wrangler needs Node >= 22, which the npm `node` package (a devDependency) provides. */
export const NODE22 = join(ROOT, "node_modules", "node", "bin", "node");
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

const wranglerEnv = (logPath = join(tmpdir(), "grocer-wrangler-logs")) => ({
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  // wrangler's own logs stay with the test, not in the home folder.
  WRANGLER_LOG_PATH: logPath,
  NO_COLOR: "1",
  FORCE_COLOR: "0",
});

/** Runs wrangler to its end, however long a busy machine makes it take (the test's own timeout bounds it). */
export function wrangler(args: string[]): string {
  const run = spawnSync(NODE22, [WRANGLER, ...args], { cwd: ROOT, env: wranglerEnv(), encoding: "utf8" });
  const output = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed (${run.status}):\n${output}`);
  return output;
}

export type RunningWorker = {
  url: string;
  stateDir: string;
  process: ProcessGroup;
  /** The local D1 database file workerd uses (readable once the worker is stopped). */
  d1File(): string;
  /**
   * workerd's own socket for the worker, behind wrangler's dev proxy (a second workerd that keeps
   * a pool of keep-alive connections to it). Concurrency tests send their bursts here, each on a
   * connection of its own (ADR 049): kj closes a keep-alive connection idle for 5 s, and a request
   * written onto one as it closes is lost (the proxy answers 503 "worker restarted mid-request",
   * workers-sdk#14641), which a loaded machine turns from rare into a third of a burst.
   */
  directUrl(): Promise<string>;
  stop(): Promise<void>;
};

/** Applies the migrations to a fresh local D1 (the same command as for production, with --local). */
export function prepareLocalD1(): string {
  const stateDir = mkdtempSync(join(tmpdir(), "grocer-workerd-"));
  wrangler(["d1", "migrations", "apply", "grocer", "--local", "--persist-to", stateDir]);
  return stateDir;
}

export function localD1File(stateDir: string): string {
  const folder = join(stateDir, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = existsSync(folder) ? readdirSync(folder).find((name) => /^[0-9a-f]{64}\.sqlite$/.test(name)) : undefined;
  if (!file) throw new Error(`no local D1 database under ${folder}`);
  return join(folder, file);
}

/** The real worker (src/worker.ts) in local workerd via `wrangler dev`, on a free port of 127.0.0.1. */
export async function startWorker(stateDir: string, vars: Record<string, string> = {}, readyStatus = 200): Promise<RunningWorker> {
  const port = await freePort();
  const varArgs = Object.entries({ NODE_ENV: "development", ...vars }).flatMap(([key, value]) => ["--var", `${key}:${value}`]);
  const args = [WRANGLER, "dev", "--local", "--port", String(port), "--ip", "127.0.0.1", "--test-scheduled", "--persist-to", stateDir, "--inspector-port", String(await freePort()), "--show-interactive-dev-session=false", ...varArgs];
  // wrangler's debug log of this worker alone: it names the port of workerd's own socket.
  const debugLog = join(stateDir, `wrangler-${port}.log`);
  const group = new ProcessGroup(NODE22, args, { cwd: ROOT, env: wranglerEnv(debugLog) });
  const url = `http://127.0.0.1:${port}`;
  try {
    // Events, not a clock: wrangler says when it listens, then the first request opens the store
    // (checks the configuration, seeds the empty database) and is answered when that is done.
    await group.waitForOutput(/Ready on http:\/\/127\.0\.0\.1:\d+/);
    await firstAnswer(`${url}/healthz`, group, readyStatus);
  } catch (error) {
    await group.stop();
    throw error;
  }
  return {
    url,
    stateDir,
    process: group,
    d1File: () => localD1File(stateDir),
    directUrl: () => userWorkerUrl(debugLog),
    stop: () => group.stop(),
  };
}

/**
 * The first answer of a worker wrangler says is listening, however slow: no time limit (the
 * test's bounds it). Refused connections are retried each time the process says something more,
 * as wrangler does while workerd restarts; an exit fails at once with the output.
 */
async function firstAnswer(url: string, group: ProcessGroup, status: number): Promise<void> {
  for (;;) {
    if (!group.running) throw new Error(`wrangler exited before ${url} answered:\n${group.output().slice(-4000)}`);
    const answer = await fetch(url).catch((error: unknown) => error as Error);
    if (answer instanceof Response) {
      if (answer.status === status) return;
      throw new Error(`${url} answered ${answer.status}, not ${status}: ${await answer.text()}\n${group.output().slice(-4000)}`);
    }
    // Not listening yet: wait for wrangler's next line (e.g. its reload after workerd's start), or its exit.
    await group.nextOutput();
  }
}

/**
 * The user worker's address from wrangler's "reloadComplete" (logged before its proxy serves the
 * first request; the log is appended asynchronously, so a missing line is waited for on the file's
 * change events, not on a clock).
 */
async function userWorkerUrl(debugLog: string): Promise<string> {
  const pattern = /"reloadComplete","proxyData":\{"userWorkerUrl":\{"protocol":"(https?:)","hostname":"([^"]+)","port":"(\d+)"/g;
  const read = () => {
    const found = existsSync(debugLog) ? [...readFileSync(debugLog, "utf8").matchAll(pattern)].at(-1) : undefined;
    return found ? `${found[1]}//${found[2]}:${found[3]}` : null;
  };
  return new Promise((resolve) => {
    const look = () => {
      const url = read();
      if (!url) return;
      watcher.close();
      resolve(url);
    };
    const watcher = watch(debugLog, look);
    look(); // written before the watch began
  });
}

export function removeState(stateDir: string) {
  rmSync(stateDir, { recursive: true, force: true });
}
