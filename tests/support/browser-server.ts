import { afterAll, beforeAll } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { startServer, type RunningServer } from "./server";

type Env = Record<string, string>;

/**
 * A real server (its own temp database and port) and a real browser for the test file: started
 * before its tests, stopped and cleaned up after. `env` may be worked out first from the server's
 * folder (uploads beside its database) or by starting another real part (an SMTP receiver).
 * `prepare` runs against the server before the browser opens (seed a promo code, sign someone up,
 * open its database).
 */
export function serverAndBrowser(env: Env | ((dir: string) => Env | Promise<Env>) = {}, prepare?: (server: RunningServer) => Promise<void> | void) {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "grocer-server-"));
    server = await startServer(typeof env === "function" ? await env(dir) : env, dir);
    await prepare?.(server);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.cleanup();
  });
  return {
    get server(): RunningServer {
      if (!server) throw new Error("the server is not running (used outside a test?)");
      return server;
    },
    get browser(): Browser {
      if (!browser) throw new Error("the browser is not open (used outside a test?)");
      return browser;
    },
  };
}
