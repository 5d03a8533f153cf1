import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./schema";

/*
 * Delivery and collection: where (zones, collection points, addresses) and when (slots).
 * Same units as schema.ts: cents, epoch milliseconds. Local times of day are minutes after
 * midnight in STORE_TIMEZONE; local dates are ISO (YYYY-MM-DD) in STORE_TIMEZONE.
 * Invariants the database holds itself (drizzle/*_slots.sql): a booking is refused when its window
 * is closed, past its cut-off or full, counting confirmed bookings and unexpired reservations only.
 */

export const SLOT_FULFILMENTS = ["delivery", "collection"] as const;
export type SlotFulfilment = (typeof SLOT_FULFILMENTS)[number];
export const CUTOFF_KINDS = ["day_before", "hours_before"] as const;
export type CutoffKind = (typeof CUTOFF_KINDS)[number];

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** Where click & collect orders are handed over: the store itself and any others. */
export const collectionPoints = sqliteTable("collection_points", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  address: text("address").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
});

/** Per fulfilment: how far ahead shoppers may book and when a window stops taking orders. */
export const slotRules = sqliteTable(
  "slot_rules",
  {
    fulfilment: text("fulfilment", { enum: SLOT_FULFILMENTS }).primaryKey(),
    horizonDays: integer("horizon_days").notNull().default(7),
    /** day_before: cutoffValue is a minute of the previous day (1320 = 22:00); hours_before: a number of hours. */
    cutoffKind: text("cutoff_kind", { enum: CUTOFF_KINDS }).notNull(),
    cutoffValue: integer("cutoff_value").notNull(),
  },
  (t) => [
    check("slot_rules_fulfilment_valid", sql`${t.fulfilment} in ('delivery', 'collection')`),
    check("slot_rules_horizon_valid", sql`${t.horizonDays} between 1 and 60`),
    check(
      "slot_rules_cutoff_valid",
      sql`(${t.cutoffKind} = 'day_before' and ${t.cutoffValue} between 0 and 1439) or (${t.cutoffKind} = 'hours_before' and ${t.cutoffValue} between 0 and 168)`,
    ),
  ],
);

/** The weekly template: a window on a weekday (1 Monday .. 7 Sunday), for delivery or a collection point. */
export const slotTemplates = sqliteTable(
  "slot_templates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    fulfilment: text("fulfilment", { enum: SLOT_FULFILMENTS }).notNull(),
    pointId: integer("point_id").references(() => collectionPoints.id, { onDelete: "cascade" }),
    weekday: integer("weekday").notNull(),
    startMinute: integer("start_minute").notNull(),
    endMinute: integer("end_minute").notNull(),
    capacity: integer("capacity").notNull(),
    feeCents: integer("fee_cents").notNull().default(0),
  },
  (t) => [
    index("slot_templates_day_idx").on(t.fulfilment, t.weekday),
    check("slot_templates_fulfilment_valid", sql`${t.fulfilment} in ('delivery', 'collection')`),
    check("slot_templates_point_matches", sql`(${t.fulfilment} = 'delivery') = (${t.pointId} is null)`),
    check("slot_templates_weekday_valid", sql`${t.weekday} between 1 and 7`),
    check("slot_templates_times_valid", sql`${t.startMinute} between 0 and 1439 and ${t.endMinute} > ${t.startMinute} and ${t.endMinute} <= 1440`),
    check("slot_templates_capacity_valid", sql`${t.capacity} between 0 and 10000`),
    check("slot_templates_fee_valid", sql`${t.feeCents} >= 0`),
  ],
);

export const EXCEPTION_KINDS = ["closed", "capacity"] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** A date that differs from the template: closed, or every template window with another capacity. */
export const slotExceptions = sqliteTable(
  "slot_exceptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    fulfilment: text("fulfilment", { enum: SLOT_FULFILMENTS }).notNull(),
    date: text("date").notNull(),
    kind: text("kind", { enum: EXCEPTION_KINDS }).notNull(),
    capacity: integer("capacity"),
    note: text("note").notNull().default(""),
  },
  (t) => [
    uniqueIndex("slot_exceptions_day_unique").on(t.fulfilment, t.date),
    check("slot_exceptions_kind_valid", sql`${t.kind} in ('closed', 'capacity')`),
    check("slot_exceptions_capacity_valid", sql`(${t.kind} = 'closed' and ${t.capacity} is null) or (${t.kind} = 'capacity' and ${t.capacity} between 0 and 10000)`),
    check("slot_exceptions_date_valid", sql`${t.date} glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
  ],
);

export const WINDOW_SOURCES = ["template", "one_off"] as const;

/**
 * A bookable window on a real date: written from the template (and its exceptions) for the booking
 * horizon, or added once by a manager. `place` is "delivery" or "point:<id>", one window per start.
 */
export const slotWindows = sqliteTable(
  "slot_windows",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    fulfilment: text("fulfilment", { enum: SLOT_FULFILMENTS }).notNull(),
    pointId: integer("point_id").references(() => collectionPoints.id, { onDelete: "cascade" }),
    place: text("place").notNull(),
    source: text("source", { enum: WINDOW_SOURCES }).notNull(),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
    cutoffAt: integer("cutoff_at", { mode: "timestamp_ms" }).notNull(),
    capacity: integer("capacity").notNull(),
    feeCents: integer("fee_cents").notNull().default(0),
    closed: integer("closed", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    uniqueIndex("slot_windows_place_start_unique").on(t.place, t.startsAt),
    index("slot_windows_start_idx").on(t.fulfilment, t.startsAt),
    check("slot_windows_fulfilment_valid", sql`${t.fulfilment} in ('delivery', 'collection')`),
    check("slot_windows_place_matches", sql`(${t.fulfilment} = 'delivery' and ${t.pointId} is null and ${t.place} = 'delivery') or (${t.fulfilment} = 'collection' and ${t.place} = 'point:' || ${t.pointId})`),
    check("slot_windows_source_valid", sql`${t.source} in ('template', 'one_off')`),
    check("slot_windows_times_valid", sql`${t.endsAt} > ${t.startsAt} and ${t.cutoffAt} <= ${t.startsAt}`),
    check("slot_windows_capacity_valid", sql`${t.capacity} between 0 and 10000`),
    check("slot_windows_fee_valid", sql`${t.feeCents} >= 0`),
  ],
);

/**
 * A place in a window: a shopper's reservation (expires_at set, order_id null) or an order's
 * confirmed booking (order_id set, expires_at null). Only confirmed bookings and unexpired
 * reservations count against capacity, so an expired reservation gives its place back by itself.
 */
export const slotBookings = sqliteTable(
  "slot_bookings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    windowId: integer("window_id")
      .notNull()
      .references(() => slotWindows.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The order this place is booked for (orders.id); null while it is only a reservation. */
    orderId: integer("order_id"),
    reservedAt: integer("reserved_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("slot_bookings_window_idx").on(t.windowId, t.expiresAt),
    uniqueIndex("slot_bookings_order_unique").on(t.orderId),
    uniqueIndex("slot_bookings_one_reservation").on(t.userId).where(sql`${t.orderId} is null`),
    check("slot_bookings_kind", sql`(${t.orderId} is null) = (${t.expiresAt} is not null)`),
  ],
);

/** Delivery zones: postcode / Eircode routing-key prefixes (space separated, upper case, no spaces inside). */
export const deliveryZones = sqliteTable(
  "delivery_zones",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    prefixes: text("prefixes").notNull(),
    feeCents: integer("fee_cents").notNull().default(0),
    /** Baskets of at least this much are delivered free; null: never free. */
    freeFromCents: integer("free_from_cents"),
    minimumBasketCents: integer("minimum_basket_cents").notNull().default(0),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [
    check("delivery_zones_fee_valid", sql`${t.feeCents} >= 0 and ${t.minimumBasketCents} >= 0 and (${t.freeFromCents} is null or ${t.freeFromCents} >= 0)`),
    check("delivery_zones_prefixes_valid", sql`length(trim(${t.prefixes})) > 0 and ${t.prefixes} = upper(${t.prefixes})`),
  ],
);

/** A shopper's address book; one default. */
export const addresses = sqliteTable(
  "addresses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    label: text("label").notNull().default(""),
    line1: text("line1").notNull(),
    line2: text("line2").notNull().default(""),
    town: text("town").notNull(),
    /** Normalised: upper case, single spaces (D02 X285). */
    postcode: text("postcode").notNull(),
    isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index("addresses_user_idx").on(t.userId),
    uniqueIndex("addresses_one_default").on(t.userId).where(sql`${t.isDefault} = 1`),
  ],
);

export type CollectionPoint = typeof collectionPoints.$inferSelect;
export type SlotRule = typeof slotRules.$inferSelect;
export type SlotTemplate = typeof slotTemplates.$inferSelect;
export type SlotException = typeof slotExceptions.$inferSelect;
export type SlotWindow = typeof slotWindows.$inferSelect;
export type SlotBooking = typeof slotBookings.$inferSelect;
export type DeliveryZone = typeof deliveryZones.$inferSelect;
export type Address = typeof addresses.$inferSelect;
