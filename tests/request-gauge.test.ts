import { expect, test } from "bun:test";
import { Hono } from "hono";
import { Drain } from "../src/ops/drain";
import { RequestGauge } from "../src/ops/request-gauge";

/** The server's fetch as src/server.ts builds it: the drain's wrapper counts on the gauge. */
function served(app: Hono, gauge: RequestGauge) {
  const fetch = new Drain(gauge).wrap((request: Request) => app.fetch(request));
  return (path: string, init?: RequestInit) => fetch(new Request(`http://shop.test${path}`, init));
}

/** Resolves once `count` requests have reached the handler (the gauge has counted them by then). */
function arrivals(count: number) {
  let arrived = 0;
  let all = () => {};
  const reached = new Promise<void>((resolve) => (all = resolve));
  return {
    reached,
    arrive: () => {
      arrived += 1;
      if (arrived === count) all();
    },
  };
}

test("the gauge is busy while a request is answered and shortly after, but not for live event streams", async () => {
  let now = 0;
  const gauge = new RequestGauge(() => now);
  const app = new Hono();
  const request = served(app, gauge);
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const slowArrived = arrivals(1);
  app.get("/slow", async (c) => {
    slowArrived.arrive();
    await held;
    return c.text("done");
  });
  app.get("/stream", (c) => c.text(String(gauge.busy)));
  expect(gauge.busy).toBe(false);
  const slow = request("/slow");
  await slowArrived.reached;
  expect(gauge.busy).toBe(true);
  release();
  expect(await (await slow).text()).toBe("done");
  now += 50;
  expect(gauge.busy).toBe(true);
  now += 100;
  expect(gauge.busy).toBe(false);
  expect(await (await request("/stream", { headers: { accept: "text/event-stream" } })).text()).toBe("false");
  expect(gauge.busy).toBe(false);
});


test("eight requests in flight at once are a queue of shoppers; fewer are not", async () => {
  const gauge = new RequestGauge(() => 0);
  const app = new Hono();
  const request = served(app, gauge);
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const firstSeven = arrivals(7);
  const eighthArrived = arrivals(8);
  app.get("/checkout", async (c) => {
    firstSeven.arrive();
    eighthArrived.arrive();
    await held;
    return c.text("placed");
  });
  const first = Array.from({ length: 7 }, () => request("/checkout"));
  await firstSeven.reached;
  expect(gauge.busy).toBe(true);
  expect(gauge.queueing).toBe(false);
  const eighth = request("/checkout");
  await eighthArrived.reached;
  expect(gauge.queueing).toBe(true);
  release();
  await Promise.all([...first, eighth]);
  expect(gauge.queueing).toBe(false);
});
