import { describe, expect, test } from "bun:test";
import { startServer } from "./support/server";

describe("the Bun server", () => {
  test("first start migrates, seeds and prints where to go and how to log in; a restart keeps the data", async () => {
    const server = await startServer({ ADMIN_PASSWORD: "" });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const out = server.output();
      expect(out).toContain(`is open at ${server.url}`);
      expect(out).toContain("demo catalog loaded");
      expect(out).toMatch(/admin\s+admin@grocer\.local \/ \S{16}\s+\(generated now and shown once/);
      expect(out).toContain("shopper  shopper@grocer.local / demo-shopper-pass");

      const home = await (await fetch(server.url)).text();
      expect(home).toContain("Shop by aisle");

      const htmx = await fetch(`${server.url}/static/vendor/htmx-4.0.1.min.js`);
      expect(htmx.status).toBe(200);
      expect(htmx.headers.get("cache-control")).toContain("immutable");
      expect((await fetch(`${server.url}/static/styles.css`)).status).toBe(200);
      const missing = await fetch(`${server.url}/no-such-aisle`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain("Page not found");

      expect(await server.stop("SIGTERM")).toBe(0);
      expect(server.output()).toContain("SIGTERM received");

      const again = await startServer({ ADMIN_PASSWORD: "" }, server.dir);
      try {
        expect(again.output()).not.toContain("demo catalog loaded");
        expect(again.output()).toContain("the password printed at first start");
        expect(await again.stop("SIGINT")).toBe(0);
      } finally {
        again.cleanup();
      }
    } finally {
      server.cleanup();
    }
  });

  test("a bad variable stops the start with a clear message naming it", async () => {
    const child = Bun.spawn([process.execPath, "src/server.ts"], {
      cwd: `${import.meta.dir}/..`,
      env: { ...process.env, PORT: "not-a-port", DATABASE_URL: "postgres://nope" },
      stderr: "pipe",
      stdout: "pipe",
    });
    const code = await child.exited;
    const err = await new Response(child.stderr).text();
    expect(code).toBe(78);
    expect(err).toContain("PORT: must be a port number");
    expect(err).toContain("DATABASE_URL: must start with file:, libsql:, http: or https:");
  });
});
