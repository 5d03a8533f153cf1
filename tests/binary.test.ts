// The production artefact: `bun build --compile` into one executable with public/ and the migrations
// inside. Copied alone into an empty folder, it must start, serve the store, and stop on SIGTERM
// only after answering every request it had already been sent.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProcessGroup } from "./support/process-group";
import { openConnection, requestOn } from "./support/raw-http";
import { freePort } from "./support/server";

const ROOT = join(import.meta.dir, "..");
let buildDir: string;
let storeDir: string;
let scratchDir: string;
let grocer: ProcessGroup;
let port: number;
let url: string;

beforeAll(async () => {
  buildDir = mkdtempSync(join(tmpdir(), "grocer-build-"));
  const build = Bun.spawnSync([process.execPath, "scripts/build-binary.ts", join(buildDir, "grocer")], { cwd: ROOT, stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);

  storeDir = mkdtempSync(join(tmpdir(), "grocer-binary-"));
  // The binary's temporary folder is apart from its own: Bun unpacks an embedded native addon
  // (resvg's, ADR 055) there, which is not something the binary writes into its folder.
  scratchDir = mkdtempSync(join(tmpdir(), "grocer-binary-tmp-"));
  copyFileSync(join(buildDir, "grocer"), join(storeDir, "grocer"));
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // Only what a VM's unit file would set; no path into this repository.
  grocer = new ProcessGroup("./grocer", [], {
    cwd: storeDir,
    env: { PATH: "/usr/bin:/bin", HOME: storeDir, HOST: "127.0.0.1", PORT: String(port), ADMIN_PASSWORD: "binary-admin-password", TMPDIR: scratchDir, LOG_LEVEL: "info" },
  });
  await openedAt(grocer, url);
}, 300_000);

afterAll(async () => {
  await grocer?.stop();
  for (const dir of [buildDir, storeDir, scratchDir]) if (dir) rmSync(dir, { recursive: true, force: true });
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
  }, 120_000);

  test("a bad variable stops a second copy at start with a clear message and exit code 78", async () => {
    // Waits for the exit (an event), not inside a synchronous spawn the test's timeout cannot bound.
    const misconfigured = Bun.spawn(["./grocer"], {
      cwd: storeDir,
      env: { PATH: "/usr/bin:/bin", PORT: "eighty" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, message] = await Promise.all([misconfigured.exited, new Response(misconfigured.stderr).text()]);
    expect(code).toBe(78);
    expect(message).toContain("PORT: must be a port number");
    expect(message).not.toContain("    at ");
  }, 120_000);

  test("logs each request as one JSON line (LOG_LEVEL=info; the default, warn, logs only failures)", async () => {
    const response = await fetch(`${url}/categories/nowhere`);
    const id = response.headers.get("x-request-id")!;
    const [line] = await grocer.waitForOutput(new RegExp(`\\{[^\\n]*"id":"${id}"[^\\n]*\\}`));
    expect(JSON.parse(line)).toMatchObject({ msg: "request", method: "GET", path: "/categories/nowhere", status: 404 });
  }, 120_000);

  test("SIGTERM in the middle of a burst of page loads and log-ins: every request already sent is answered in full, then exit 0", async () => {
    const home = await (await fetch(url)).text();
    const aisles = [...home.matchAll(/href="(\/categories\/[a-z0-9-]+)"/g)].map((m) => m[1]!);
    const pages = ["/", "/search?q=apple", ...aisles];
    const host = `127.0.0.1:${port}`;
    const logIn = { origin: url, form: { email: "shopper@grocer.local", password: "demo-shopper-pass" } };
    // The server is frozen while the connections open and every request is written, then SIGTERM
    // and it runs again: the burst is accepted by the kernel but not yet read by the process, as on
    // a busy machine (stopping to listen at once used to reset all of them). A log-in spends ~50 ms
    // hashing off the main thread, so those are surely still in flight when the signal is handled.
    grocer.child.kill("SIGSTOP");
    let requests: { login: boolean; sent: Promise<void>; response: ReturnType<typeof requestOn>["response"] }[];
    try {
      const sockets = await Promise.all(Array.from({ length: 32 }, () => openConnection(port)));
      requests = sockets.map((socket, i) => ({
        login: i % 4 === 3,
        ...(i % 4 === 3 ? requestOn(socket, "/login", host, logIn) : requestOn(socket, pages[i % pages.length]!, host)),
      }));
      await Promise.all(requests.map((r) => r.sent));
      grocer.child.kill("SIGTERM");
    } finally {
      grocer.child.kill("SIGCONT");
    }

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
  }, 180_000);
});

/**
 * Waits for the binary's own word that it listens (its welcome line, printed once Bun.serve is
 * bound), however slow a busy machine makes the start; an exit before it fails at once with the
 * output. No clock: the test's timeout is the only bound. Then the store must say it is ready.
 */
async function openedAt(group: ProcessGroup, at: string) {
  await group.waitForOutput(new RegExp(`is open at ${at.replaceAll(".", "\\.")}\\b`));
  const ready = await fetch(`${at}/readyz`);
  expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: "ready" } });
}

/** Runs a copy of the binary in a folder of its own with the variables; resolves with its exit code and output. */
async function runOnce(env: Record<string, string>, folder = mkdtempSync(join(tmpdir(), "grocer-binary-config-"))) {
  copyFileSync(join(buildDir, "grocer"), join(folder, "grocer"));
  const child = Bun.spawn(["./grocer"], { cwd: folder, env: { PATH: "/usr/bin:/bin", HOME: folder, TMPDIR: folder, HOST: "127.0.0.1", PORT: String(await freePort()), ...env }, stdout: "pipe", stderr: "pipe" });
  const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  rmSync(folder, { recursive: true, force: true });
  return { code, output: out + err };
}

/** A local port nothing listens on: the "remote" database refuses every connection. */
const refusingAddress = async () => `127.0.0.1:${await freePort()}`;

// Issue 18 item 10: each database configuration docs/deploy.md documents, run by the binary alone.
describe("the compiled binary's database configurations", () => {
  for (const scheme of ["http", "https", "libsql"]) {
    test(`a remote ${scheme}:// DATABASE_URL uses the HTTP client (no native module): a refusing address fails with a clear message`, async () => {
      const address = await refusingAddress();
      const { code, output } = await runOnce({ DATABASE_URL: `${scheme}://${address}`, DATABASE_AUTH_TOKEN: "turso-token" });
      expect(code).toBe(69);
      expect(output).toContain(`Cannot open the database ${scheme}://${address}:`);
      expect(output).toMatch(/ECONNREFUSED|Unable to connect|Connection refused/);
      expect(output).not.toContain("Cannot find module");
      expect(output).not.toContain("    at ");
    }, 180_000);
  }

  test("DATABASE_DRIVER=libsql on a file, or an embedded replica, without the native module: a message saying what to put beside the binary", async () => {
    for (const env of <Record<string, string>[]>[
      { DATABASE_DRIVER: "libsql", DATABASE_URL: "file:data/grocer.db" },
      { DATABASE_URL: "file:data/replica.db", DATABASE_SYNC_URL: `libsql://${await refusingAddress()}` },
    ]) {
      const { code, output } = await runOnce(env);
      expect(code).toBe(69);
      expect(output).toContain("needs libSQL's native module @libsql/linux-x64-gnu");
      expect(output).toContain("beside the binary");
    }
  }, 180_000);

  test("with the native module beside it: DATABASE_DRIVER=libsql serves the store, and a replica whose primary refuses says so", async () => {
    const folder = mkdtempSync(join(tmpdir(), "grocer-binary-native-"));
    cpSync(join(ROOT, "node_modules", "@libsql", "linux-x64-gnu"), join(folder, "node_modules", "@libsql", "linux-x64-gnu"), { recursive: true });
    copyFileSync(join(buildDir, "grocer"), join(folder, "grocer"));
    const nativePort = await freePort();
    const native = new ProcessGroup("./grocer", [], {
      cwd: folder,
      env: { PATH: "/usr/bin:/bin", HOME: folder, TMPDIR: folder, HOST: "127.0.0.1", PORT: String(nativePort), DATABASE_DRIVER: "libsql", SEED_DEMO_DATA: "false", ADMIN_PASSWORD: "binary-admin-password" },
    });
    try {
      await openedAt(native, `http://127.0.0.1:${nativePort}`);
      expect((await fetch(`http://127.0.0.1:${nativePort}/`)).status).toBe(200);
    } finally {
      await native.stop();
    }
    const replica = Bun.spawn(["./grocer"], {
      cwd: folder,
      env: { PATH: "/usr/bin:/bin", HOME: folder, TMPDIR: folder, HOST: "127.0.0.1", PORT: String(await freePort()), DATABASE_URL: "file:data/replica.db", DATABASE_SYNC_URL: `libsql://${await refusingAddress()}` },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, err] = await Promise.all([replica.exited, new Response(replica.stderr).text()]);
    rmSync(folder, { recursive: true, force: true });
    expect(code).toBe(69);
    expect(err).toContain("(replica of libsql://");
    expect(err).toContain("Connection refused");
    expect(err).not.toContain("Cannot find module");
  }, 300_000);
});
