import { afterAll, beforeAll } from "bun:test";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser";
import { startServer, type RunningServer } from "./server";

/**
 * A real server (its own temp database and port) and a real browser for the test file: started
 * before its tests, stopped and cleaned up after. `prepare` runs against the server before the
 * browser opens (seed a promo code, sign someone up).
 */
export function serverAndBrowser(env: Record<string, string> = {}, prepare?: (server: RunningServer) => Promise<void> | void) {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer(env);
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
