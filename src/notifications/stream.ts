import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { findSessionUser } from "../accounts/sessions";
import { backOfficeAccess } from "../accounts/middleware";
import type { AppEnv } from "../http/env";
import type { User } from "../db/schema";
import { deliverPendingNotices } from "./notices";
import { unreadCount } from "./notify";
import { deliverShopperNotices } from "./shopper-notices";

/** Whose bell: staff (the back office's, re-checked for a second factor) or a shopper's. */
export type BellAudience = "staff" | "shopper";

/** How often the stream looks at the database; the database is shared, so every instance agrees. */
export const STREAM_POLL_MS = 1000;
/** Comments keep proxies and Bun's idle timeout (10 s) from closing a quiet stream. */
const HEARTBEAT_MS = 5000;
/**
 * The client reconnects on its own. A short life keeps a graceful shutdown (which waits for
 * in-flight responses) from being held up by open bells for long.
 */
const STREAM_LIFETIME_MS = 30 * 1000;
const SESSION_RECHECK_MS = 15_000;

/**
 * The bell's live feed: an unnamed SSE message carrying the unread count whenever it changes
 * (htmx's SSE extension swaps it into the bell). Sent once on connect so a reconnect catches up.
 * Staff's feed delivers the store's pending notices; a shopper's writes their own news
 * (src/notifications/shopper-notices.ts) every few seconds while the bell is open.
 */
export function notificationStream(c: Context<AppEnv>, audience: BellAudience) {
  const { database, clock } = c.var.deps;
  const token = c.var.sessionToken;
  let user = c.var.user!;
  c.header("Cache-Control", "no-store");
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (stream) => {
    let open = true;
    stream.onAbort(() => {
      open = false;
    });
    c.req.raw.signal.addEventListener("abort", () => {
      open = false;
    });
    let last = -1;
    let elapsed = 0;
    let sinceHeartbeat = 0;
    let sinceSessionCheck = 0;
    while (open && elapsed < STREAM_LIFETIME_MS) {
      if (sinceSessionCheck >= SESSION_RECHECK_MS) {
        sinceSessionCheck = 0;
        const current = token ? await findSessionUser(database.db, token, clock.now()) : null;
        if (!current || (audience === "staff" && (await backOfficeAccess(database, current)) !== "staff")) break;
        user = current;
      }
      if (elapsed % (STREAM_POLL_MS * 5) === 0) await deliverNews(c, audience, user);
      const count = await unreadCount(database.db, user);
      if (count !== last) {
        last = count;
        await stream.writeSSE({ data: String(count), id: String(elapsed) });
        sinceHeartbeat = 0;
      } else if (sinceHeartbeat >= HEARTBEAT_MS) {
        await stream.write(": still here\n\n");
        sinceHeartbeat = 0;
      }
      if (!open) break;
      await stream.sleep(STREAM_POLL_MS);
      elapsed += STREAM_POLL_MS;
      sinceHeartbeat += STREAM_POLL_MS;
      sinceSessionCheck += STREAM_POLL_MS;
    }
  });
}

function deliverNews(c: Context<AppEnv>, audience: BellAudience, user: User): Promise<void> {
  const { database, clock } = c.var.deps;
  return audience === "staff" ? deliverPendingNotices(database, clock.now()) : deliverShopperNotices(database, user.id, clock.now());
}
