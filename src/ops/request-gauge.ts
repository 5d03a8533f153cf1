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

  /** How many requests are being answered now (live event streams are not counted). */
  get inFlightNow(): number {
    return this.inFlight;
  }

  /** A request came in: the server's fetch wrapper (src/ops/drain.ts) counts each one it answers. */
  arrived(): void {
    this.inFlight++;
  }

  answered(): void {
    this.inFlight--;
    this.lastSeen = this.now();
  }
}
