// Issue 18 item 11: a SIGTERM while connections the kernel accepted are still waiting for the
// process (a burst on a busy machine) must not reset them. The server is frozen (SIGSTOP) while the
// connections open and the requests are written, so they are exactly that: accepted by the kernel,
// not yet read by the process. Then SIGTERM, and the server runs again (SIGCONT).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { openConnection, requestOn } from "./support/raw-http";
import { startServer, type RunningServer } from "./support/server";
import { Drain } from "../src/ops/drain";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ SEED_DEMO_DATA: "true" });
}, 120_000);
afterAll(() => server?.cleanup());

test("SIGTERM with a burst waiting unread: every request is answered in full, /readyz turns 503, then exit 0", async () => {
  const port = Number(new URL(server.url).port);
  const host = `127.0.0.1:${port}`;
  const logIn = { origin: server.url, form: { email: "shopper@grocer.local", password: "demo-shopper-pass" } };
  server.process.kill("SIGSTOP");
  let requests: { login: boolean; ready: boolean; sent: Promise<void>; response: ReturnType<typeof requestOn>["response"] }[] = [];
  try {
    const sockets = await Promise.all(Array.from({ length: 24 }, () => openConnection(port)));
    requests = sockets.map((socket, i) => {
      const ready = i === 23;
      const login = !ready && i % 4 === 3;
      const exchange = ready ? requestOn(socket, "/readyz", host) : login ? requestOn(socket, "/login", host, logIn) : requestOn(socket, i % 2 ? "/" : "/search?q=apple", host);
      return { login, ready, ...exchange };
    });
    await Promise.all(requests.map((r) => r.sent));
    server.process.kill("SIGTERM");
  } finally {
    server.process.kill("SIGCONT");
  }
  const responses = await Promise.all(requests.map(async (r) => ({ login: r.login, ready: r.ready, ...(await r.response) })));
  const problems = responses
    .map((r, i) => ({ i, status: r.status, complete: r.complete, error: r.error, ready: r.ready, login: r.login }))
    .filter((r) => !r.complete || (r.ready ? ![200, 503].includes(r.status) : r.status !== (r.login ? 303 : 200)));
  expect(problems).toEqual([]);
  expect(await server.process.exited).toBe(0);
  expect(server.output()).toContain("SIGTERM received");
  // Stopped listening at the end: a new visitor is refused.
  await expect(openConnection(port)).rejects.toThrow();
}, 120_000);

test("while draining, /readyz says not ready, the store keeps answering with Connection: close, and the stop waits for what is in flight", async () => {
  const drain = new Drain();
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let arrived: () => void = () => {};
  const slowArrived = new Promise<void>((resolve) => (arrived = resolve));
  const bun = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: drain.wrap(async (request: Request) => {
      if (new URL(request.url).pathname === "/slow") {
        arrived();
        await held;
      }
      return new Response("fresh basil");
    }),
  });
  try {
    const base = `http://127.0.0.1:${bun.port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const slow = fetch(`${base}/slow`);
    await slowArrived;
    // A quiet period of 0: only the request in flight holds the drain back.
    let quiet = false;
    const stopped = drain.untilQuiet(performance.now() + 60_000, 0).then((result) => (quiet = result));
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "not ready", reason: "shutting down" });
    const page = await fetch(`${base}/`);
    expect(await page.text()).toBe("fresh basil");
    expect(page.headers.get("connection")).toBe("close");
    expect(quiet).toBe(false);
    release();
    expect(await (await slow).text()).toBe("fresh basil");
    await stopped;
    expect(quiet).toBe(true);
  } finally {
    bun.stop(true);
  }
});
