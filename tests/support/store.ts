import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bunPasswordHasher } from "../../src/accounts/passwords";
import { createApp } from "../../src/app";
import { prepareStore } from "../../src/bootstrap";
import { fixedClock, type Clock } from "../../src/clock";
import { setUpTwoFactor } from "./two-factor";
import { loadConfig } from "../../src/config";
import { openDatabase, type DriverName } from "../../src/db/client";
import { addDemoPictures } from "../../src/demo/add-pictures";
import { localDiskStorage } from "../../src/media/local-storage";
import type { ImageStorage } from "../../src/media/storage";

export const ADMIN = { email: "admin@test.local", password: "admin-password-123" };
export const ORIGIN = "http://localhost";

/** A whole store on a real database file in a fresh temporary folder. */
export async function createTestStore(options: { seed?: boolean; pictures?: boolean; driver?: DriverName; env?: Record<string, string>; storage?: ImageStorage } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "grocer-test-"));
  const configured = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: `file:${join(dir, "grocer.db")}`,
    DATABASE_DRIVER: options.driver ?? "auto",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_DEMO_DATA: options.seed === false ? "false" : "true",
    LOG_LEVEL: "warn",
    ...options.env,
  });
  const clock = fixedClock(new Date("2026-11-20T10:00:00Z"));
  const database = await openDatabase({ url: configured.DATABASE_URL, driver: configured.DATABASE_DRIVER });
  const { config } = await prepareStore(database, configured, bunPasswordHasher, clock.now());
  const storage = options.storage ?? localDiskStorage(join(dir, "uploads"));
  // The demo illustrations, as `npm start` adds them; opt-in so other tests keep their image-free cards.
  if (options.pictures) await addDemoPictures(database, storage, clock.now());
  const deps = { config, database, clock, passwords: bunPasswordHasher, storage };
  const app = createApp(deps);
  return {
    dir,
    config,
    clock,
    database,
    db: database.db,
    app,
    deps,
    agent: () => new Agent(app),
    close() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestStore = Awaited<ReturnType<typeof createTestStore>>;

/** An Agent that talks real HTTP to a running server (Bun binary, workerd) instead of app.request(). */
export function httpAgent(baseUrl: string): Agent {
  return new Agent({ request: (input, init) => fetch(input, init) }, "203.0.113.7", baseUrl);
}

type Fetcher = { request(input: string, init?: RequestInit, env?: { clientIp?: string }): Response | Promise<Response> };

const enrolledByApp = new WeakMap<Fetcher, Map<string, { secret: string; recoveryCodes: string[] }>>();

function enrolledStaff(app: Fetcher) {
  let enrolled = enrolledByApp.get(app);
  if (!enrolled) enrolledByApp.set(app, (enrolled = new Map()));
  return enrolled;
}

/** The same client against a real server over HTTP. */
export function httpFetcher(): Fetcher {
  return { request: (input, init) => fetch(input, init) };
}

/**
 * A browser-like client: keeps cookies and sends our Origin on posts. Over app.request() by
 * default, or over real HTTP with `httpFetcher()` and the server's origin.
 */
export class Agent {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly app: Fetcher,
    public ip = "203.0.113.7",
    /** The site's own origin: sent on posts and used to build request URLs (a real server's address for e2e). */
    readonly origin = ORIGIN,
  ) {}

  async get(path: string, headers: Record<string, string> = {}) {
    return this.send(path, { method: "GET", headers });
  }

  async post(path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) {
    return this.send(path, {
      method: "POST",
      headers: { origin: this.origin, "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  async send(path: string, init: RequestInit & { headers?: Record<string, string> }) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const headers = { ...(cookie ? { cookie } : {}), ...init.headers };
    const response = await this.app.request(`${this.origin}${path}`, { ...init, headers, redirect: "manual" }, { clientIp: this.ip });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return response;
  }

  async signUp(account: { name: string; email: string; password: string }, path = "/signup") {
    return this.post(path, account);
  }

  async logIn(email: string, password: string) {
    return this.post("/login", { email, password });
  }

  /**
   * Logs a manager or the admin in the way staff must: with an authenticator. The first time an
   * account is used in a store it is set up through the real pages; later log-ins answer the
   * second step with one of its recovery codes (a frozen clock would make TOTP codes repeat).
   */
  async logInAsStaff(email: string, password: string, clock: Clock) {
    const enrolled = enrolledStaff(this.app);
    const response = await this.logIn(email, password);
    if (response.headers.get("location") === "/login/two-factor") {
      const code = enrolled.get(email)?.recoveryCodes.shift();
      if (!code) throw new Error(`${email} has two-step sign-in on but this test never set it up`);
      return this.post("/login/two-factor", { code });
    }
    const probe = await this.get("/manage");
    if (probe.status === 303 && probe.headers.get("location")?.startsWith("/account/two-factor")) {
      enrolled.set(email, await setUpTwoFactor(this, clock));
    }
    return response;
  }
}

/** A response body with the HTML escapes for quotes and ampersands turned back into characters. */
export async function textOf(response: Response): Promise<string> {
  return (await response.text()).replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}
