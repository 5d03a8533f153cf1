import type { NotificationView } from "../../src/notifications/notify";
import type { NoticeBase } from "../shell/bell";

import type { NotificationKind } from "../../src/db/schema";
import type { MomentFormat } from "../../src/http/days";

const kindLabels: Record<NotificationKind, string> = {
  low_stock: "Low stock",
  pending_approval: "Needs approval",
  decision: "Decision",
  new_order: "New order",
  order_status: "Your order",
  back_in_stock: "Back in stock",
  new_in_aisle: "New in",
  payments: "Payments",
};

/** Where a person's notifications live: staff in the back office, shoppers in their account. */
export type { NoticeBase } from "../shell/bell";

export function NotificationRow({ item, base, moment }: { item: NotificationView; base: NoticeBase; moment: MomentFormat }) {
  return (
    <li id={`notification-${item.id}`} class={item.readAt ? "notice" : "notice notice-unread"}>
      <div>
        <span class={`badge badge-${item.kind.replace(/_/g, "-")}`}>{kindLabels[item.kind]}</span>{" "}
        {item.link ? <a href={item.link}><strong>{item.title}</strong></a> : <strong>{item.title}</strong>}
        {item.body ? <p class="muted">{item.body}</p> : null}
        <p class="muted small">{moment(item.createdAt)}</p>
      </div>
      {item.readAt ? (
        <span class="muted small">Read</span>
      ) : (
        <form method="post" action={`${base}/${item.id}/read`} hx-post={`${base}/${item.id}/read`} hx-target={`#notification-${item.id}`} hx-swap="outerHTML">
          <button type="submit" class="button button-small button-quiet">Mark read</button>
        </form>
      )}
    </li>
  );
}

export function NotificationsPage({ items, unreadOnly, base, moment }: { items: NotificationView[]; unreadOnly: boolean; base: NoticeBase; moment: MomentFormat }) {
  return (
    <section>
      <h1>Notifications</h1>
      <div class="actions-row">
        <a href={unreadOnly ? base : `${base}?show=unread`}>{unreadOnly ? "Show all" : "Show unread only"}</a>
        <form method="post" action={`${base}/read-all`}>
          <button type="submit" class="button button-small">Mark all read</button>
        </form>
      </div>
      {items.length === 0 ? (
        <p class="empty">{unreadOnly ? "You're all caught up." : "No notifications yet."}</p>
      ) : (
        <ul class="notice-list">
          {items.map((item) => (
            <NotificationRow item={item} base={base} moment={moment} />
          ))}
        </ul>
      )}
    </section>
  );
}
