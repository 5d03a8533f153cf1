import { sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { BoundStatement, DatabaseHandle } from "../db/client";
import type { OrderStatus } from "../db/shop-tables";

/** How far back a shopper's notices reach: older news is not news. */
export const SHOPPER_NOTICE_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;
/** At most this many of each kind per delivery; the next delivery brings the rest. */
const BATCH = 20;

/** "Order GR-000042 is …": each state as the shopper's notice says it (typed, so a new state needs its words). */
const SHOPPER_PHRASES: Record<OrderStatus, string> = {
  awaiting_payment: "waiting for payment",
  placed: "placed",
  picking: "being picked",
  picked: "picked and packed",
  out_for_delivery: "out for delivery",
  ready_for_pickup: "ready to collect",
  completed: "completed",
  cancelled: "cancelled",
};

const statusLabelSql = (column: SQL) => {
  const cases = Object.entries(SHOPPER_PHRASES).map(([status, phrase]) => sql`when ${status} then ${phrase}`);
  return sql`(case ${column} ${sql.join(cases, sql` `)} else replace(${column}, '_', ' ') end)`;
};

const dialect = new SQLiteSyncDialect();
const bound = (query: SQL): BoundStatement => dialect.sqlToQuery(query);

/**
 * The news one shopper's bell shows, written as their own notifications when their bell asks
 * (the stream, every few seconds, and the notifications page), so nothing fans out to every
 * shopper at the moment a manager acts; each notice has a dedupe key, so asking twice writes it once.
 * - order_status: each change of one of their orders made by someone else (the store's staff).
 * - back_in_stock: a stock delivery that brought a product they saved or asked about back from 0.
 * - new_in_aisle: a product added to an aisle they have bought from, after their first order there.
 */
export async function deliverShopperNotices(handle: DatabaseHandle, userId: number, now: Date): Promise<void> {
  const since = now.getTime() - SHOPPER_NOTICE_DAYS * DAY_MS;
  const orderNews = sql`
    insert into notifications (recipient_id, kind, title, body, link, dedupe_key, created_at)
    select ${userId}, 'order_status',
      'Order GR-' || printf('%06d', o.id) || ' is ' || ${statusLabelSql(sql.raw("e.to_status"))},
      case e.to_status
        when 'out_for_delivery' then 'It is on its way to you.'
        when 'ready_for_pickup' then 'You can collect it now.'
        when 'cancelled' then 'Nothing will be charged for the cancelled order.'
        else 'We will tell you when it moves on.' end,
      '/orders/' || o.id, 'order_event:' || e.id, e.created_at
    from order_events e join orders o on o.id = e.order_id
    where o.user_id = ${userId} and e.created_at >= ${since} and (e.actor_id is null or e.actor_id <> ${userId})
    order by e.id desc limit ${BATCH}
    on conflict do nothing`;
  const restocks = sql`
    insert into notifications (recipient_id, kind, title, body, link, dedupe_key, created_at)
    select ${userId}, 'back_in_stock', p.name || ' is back in stock', 'You saved it for later; it is on the shelf again.',
      '/products/' || p.slug, 'back_in_stock:' || a.id || ':' || ${userId}, a.created_at
    from stock_adjustments a join products p on p.id = a.product_id
    where a.created_at >= ${since} and a.stock_after > 0 and a.stock_after - a.delta <= 0 and p.active = 1
      and (exists (select 1 from wishlist_items w where w.user_id = ${userId} and w.product_id = p.id and w.added_at <= a.created_at)
        or exists (select 1 from stock_alerts s where s.user_id = ${userId} and s.product_id = p.id and s.created_at <= a.created_at))
    order by a.id desc limit ${BATCH}
    on conflict do nothing`;
  const newInAisles = sql`
    insert into notifications (recipient_id, kind, title, body, link, dedupe_key, created_at)
    select ${userId}, 'new_in_aisle', 'New in ' || c.name || ': ' || p.name, 'Just arrived in an aisle you buy from.',
      '/products/' || p.slug, 'new_in_aisle:' || p.id || ':' || ${userId}, p.created_at
    from products p join categories c on c.id = p.category_id
    join (
      select pr.category_id, min(o.placed_at) as first_bought
      from orders o join order_items oi on oi.order_id = o.id join products pr on pr.id = oi.product_id
      where o.user_id = ${userId} group by pr.category_id
    ) bought on bought.category_id = p.category_id
    where p.active = 1 and p.created_at >= ${since} and p.created_at > bought.first_bought
    order by p.id desc limit ${BATCH}
    on conflict do nothing`;
  await handle.atomic([bound(orderNews), bound(restocks), bound(newInAisles)]);
}
