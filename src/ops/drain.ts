import { RequestGauge } from "./request-gauge";

/** How long the server must go without a new request before it stops listening during a drain. */
export const DRAIN_QUIET_MS = 500;

/**
 * A graceful stop for Bun.serve. Closing the listening socket at once resets every connection the
 * kernel has accepted but the process has not yet taken (a burst under load: all of them), and
 * closes kept-alive connections whose request is written but not yet read. So a drain first stops
 * being ready (/readyz answers 503, load balancers stop sending), keeps serving whatever arrives,
 * asks clients to close (`Connection: close`), and stops listening only once nothing is in flight
 * and no request has arrived for DRAIN_QUIET_MS; then the server's own stop waits for the rest.
 */
export class Drain {
  private lastArrival = 0;
  private draining = false;
  private wake: (() => void) | null = null;

  /** The gauge counts the requests in flight, for this drain and for the background work that gives way to them. */
  constructor(
    readonly gauge = new RequestGauge(),
    private readonly now: () => number = () => performance.now(),
  ) {}

  get active(): boolean {
    return this.draining;
  }

  /** Wraps the server's fetch: counts requests on the gauge, and during a drain answers /readyz 503 and closes connections. */
  wrap<A extends unknown[]>(fetch: (request: Request, ...rest: A) => Response | Promise<Response>) {
    return async (request: Request, ...rest: A): Promise<Response> => {
      // A live notification stream stays open as long as its page: it ends with the stop, it does not hold the drain.
      const counted = !request.headers.get("accept")?.includes("text/event-stream");
      if (counted) this.gauge.arrived();
      this.lastArrival = this.now();
      try {
        if (this.draining && new URL(request.url).pathname === "/readyz") {
          return Response.json({ status: "not ready", reason: "shutting down" }, { status: 503, headers: { connection: "close" } });
        }
        const response = await fetch(request, ...rest);
        if (this.draining && !response.headers.has("connection")) {
          try {
            response.headers.set("connection", "close");
          } catch {
            // immutable headers (a fetched response passed through): Bun still closes after stop
          }
        }
        return response;
      } finally {
        if (counted) this.gauge.answered();
        this.lastArrival = this.now();
        this.wake?.();
      }
    };
  }

  /**
   * Starts draining and resolves when the server may stop listening: nothing in flight and quiet for
   * DRAIN_QUIET_MS, or the deadline (performance.now() based) passed. True when it went quiet.
   */
  async untilQuiet(deadline: number, quietMs = DRAIN_QUIET_MS): Promise<boolean> {
    this.draining = true;
    this.lastArrival = Math.max(this.lastArrival, this.now());
    for (;;) {
      const now = this.now();
      if (now >= deadline) return false;
      const quietFor = now - this.lastArrival;
      const inFlight = this.gauge.inFlightNow;
      if (inFlight === 0 && quietFor >= quietMs) return true;
      // Re-check when a request finishes or the quiet period could have passed, whichever is first.
      const wait = inFlight === 0 ? quietMs - quietFor : deadline - now;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(1, Math.min(wait, deadline - now)));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = null;
    }
  }
}
