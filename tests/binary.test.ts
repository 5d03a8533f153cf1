// The production artefact: `bun build --compile` into one executable with public/ and the migrations
// inside. Copied alone into an empty folder, it must start, serve the store, and stop on SIGTERM
// only after answering every request it had already been sent.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProcessGroup, waitForHttp } from "./support/process-group";
import { openConnection, requestOn } from "./support/raw-http";
import { freePort } from "./support/server";

const ROOT = join(import.meta.dir, "..");
let buildDir: string;
let storeDir: string;
let grocer: ProcessGroup;
let port: number;
let url: string;

beforeAll(async () => {
  buildDir = mkdtempSync(join(tmpdir(), "grocer-build-"));
  const build = Bun.spawnSync([process.execPath, "scripts/build-binary.ts", join(buildDir, "grocer")], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);

  storeDir = mkdtempSync(join(tmpdir(), "grocer-binary-"));
  copyFileSync(join(buildDir, "grocer"), join(storeDir, "grocer"));
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // Only what a VM's unit file would set; no path into this repository.
  grocer = new ProcessGroup("./grocer", [], {
    cwd: storeDir,
    env: { PATH: "/usr/bin:/bin", HOME: storeDir, HOST: "127.0.0.1", PORT: String(port), ADMIN_PASSWORD: "binary-admin-password", TMPDIR: storeDir, LOG_LEVEL: "info" },
  });
  await waitForHttp(`${url}/readyz`, grocer, 20_000);
}, 60_000);

afterAll(async () => {
  await grocer?.stop();
  for (const dir of [buildDir, storeDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the compiled binary", () => {
  test("starts from an empty folder: migrates and seeds data/grocer.db, serves pages and embedded static files", async () => {
    expect(grocer.output()).toContain(`is open at ${url}`);
    expect(grocer.output()).toContain("file:data/grocer.db (new store, demo catalog loaded)");
    expect(readdirSync(storeDir).sort()).toEqual(["data", "grocer"]);
    expect(readdirSync(join(storeDir, "data"))).toContain("grocer.db");

    const home = await fetch(url);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Shop by aisle");
    const htmx = await fetch(`${url}/static/vendor/htmx-4.0.1.min.js`);
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get("cache-control")).toContain("immutable");
    expect((await htmx.text()).length).toBeGreaterThan(10_000);
    const styles = await fetch(`${url}/static/styles.css`);
    expect(styles.headers.get("content-type")).toContain("text/css");
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: "ready" });
  });

  test("a bad variable stops a second copy at start with a clear message and exit code 78", async () => {
    const misconfigured = Bun.spawnSync(["./grocer"], {
      cwd: storeDir,
      env: { PATH: "/usr/bin:/bin", PORT: "eighty" },
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(misconfigured.exitCode).toBe(78);
    const message = misconfigured.stderr.toString();
    expect(message).toContain("PORT: must be a port number");
    expect(message).not.toContain("    at ");
  });

  test("logs each request as one JSON line (LOG_LEVEL=info; the default, warn, logs only failures)", async () => {
    const response = await fetch(`${url}/categories/nowhere`);
    const id = response.headers.get("x-request-id")!;
    const [line] = await grocer.waitForOutput(new RegExp(`\\{[^\\n]*"id":"${id}"[^\\n]*\\}`), 5000);
    expect(JSON.parse(line)).toMatchObject({ msg: "request", method: "GET", path: "/categories/nowhere", status: 404 });
  });

  test("SIGTERM in the middle of a burst of page loads and log-ins: every request already sent is answered in full, then exit 0", async () => {
    const home = await (await fetch(url)).text();
    const aisles = [...home.matchAll(/href="(\/categories\/[a-z0-9-]+)"/g)].map((m) => m[1]!);
    const pages = ["/", "/search?q=apple", ...aisles];
    const host = `127.0.0.1:${port}`;
    const logIn = { origin: url, form: { email: "shopper@grocer.local", password: "demo-shopper-pass" } };
    // Connections accepted first, then every request written; SIGTERM follows at once. Page loads
    // render in a few ms; a log-in spends ~50 ms hashing off the main thread, so those are surely
    // still in flight when the signal is handled.
    const sockets = await Promise.all(Array.from({ length: 32 }, () => openConnection(port)));
    const requests = sockets.map((socket, i) => ({
      login: i % 4 === 3,
      ...(i % 4 === 3 ? requestOn(socket, "/login", host, logIn) : requestOn(socket, pages[i % pages.length]!, host)),
    }));
    await Promise.all(requests.map((r) => r.sent));
    grocer.child.kill("SIGTERM");

    const responses = await Promise.all(requests.map(async (r) => ({ login: r.login, ...(await r.response) })));
    const problems = responses
      .map((r, i) => ({ i, login: r.login, status: r.status, complete: r.complete, error: r.error }))
      .filter((r) => r.status !== (r.login ? 303 : 200) || !r.complete);
    expect(problems).toEqual([]);
    for (const r of responses) {
      if (r.login) expect(r.head).toContain("grocer_session=");
      else expect(r.body.toString()).toContain("</html>");
    }

    expect(await grocer.exited).toBe(0);
    expect(grocer.output()).toContain("SIGTERM received: finishing in-flight requests");
    // Stopped listening: a new visitor is refused rather than half-served.
    await expect(openConnection(port)).rejects.toThrow();
  }, 30_000);
});
