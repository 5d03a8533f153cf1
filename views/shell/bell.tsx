import { raw } from "hono/html";

/** Where a bell's notifications live: the staff's page or the shopper's. */
export type NoticeBase = "/manage/notifications" | "/notifications";

export const NOTIFICATION_STREAM = "/manage/notifications/stream";
export const SHOPPER_NOTIFICATION_STREAM = "/notifications/stream";

/** The unread count; public/app.js writes each new count from the bell's stream into it. */
export function BellCount({ count, oob }: { count: number; oob?: boolean }) {
  return (
    <span id="bell-count" class={count > 0 ? "bell-count bell-count-unread" : "bell-count"} hx-swap-oob={oob ? "true" : undefined}>
      {count}
    </span>
  );
}

/**
 * The bell: staff's in the back office, shoppers' in their account. `count` is a number, or the
 * rendered count already (a cached page's slot, src/catalog/shell-template.tsx).
 */
export function Bell({ count, base }: { count: number | string; base: NoticeBase }) {
  return (
    <>
      <a class="bell" href={base} id="bell">
        <svg class="bell-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
        </svg>
        <span class="visually-hidden">Notifications, unread:</span> {typeof count === "number" ? <BellCount count={count} /> : raw(count)}
      </a>
      <span class="bell-feed" hidden data-stream={`${base}/stream`}></span>
    </>
  );
}
