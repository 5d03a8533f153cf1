import type { MiddlewareHandler } from "hono";

/** Requests this recent still count: with bun:sqlite a request often runs start to finish in one turn of the event loop. */
const RECENT_MS = 100;
/** This many requests in flight at once means shoppers are queueing for the thread, not just browsing. */
export const QUEUEING_REQUESTS = 8;

/**
 * Whether shoppers are being served: a request in flight, or one answered in the last 100 ms; and
 * whether they are queueing. Background work (the job worker) reads it to stay out of their way.
 */
export class RequestGauge {
  private inFlight = 0;
  private lastSeen = -Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  get busy(): boolean {
    return this.inFlight > 0 || this.now() - this.lastSeen < RECENT_MS;
  }

  /** A rush: so many requests at once that every millisecond given to background work delays one of them. */
  get queueing(): boolean {
    return this.inFlight >= QUEUEING_REQUESTS;
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      // A live notification stream stays open for as long as the page does: not a shopper waiting.
      if (c.req.header("accept")?.includes("text/event-stream")) return next();
      this.inFlight++;
      try {
        await next();
      } finally {
        this.inFlight--;
        this.lastSeen = this.now();
      }
    };
  }
}
