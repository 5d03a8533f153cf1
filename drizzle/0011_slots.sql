CREATE TABLE `addresses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`line1` text NOT NULL,
	`line2` text DEFAULT '' NOT NULL,
	`town` text NOT NULL,
	`postcode` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `addresses_user_idx` ON `addresses` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `addresses_one_default` ON `addresses` (`user_id`) WHERE "addresses"."is_default" = 1;--> statement-breakpoint
CREATE TABLE `collection_points` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `delivery_zones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`prefixes` text NOT NULL,
	`fee_cents` integer DEFAULT 0 NOT NULL,
	`free_from_cents` integer,
	`minimum_basket_cents` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	CONSTRAINT "delivery_zones_fee_valid" CHECK("delivery_zones"."fee_cents" >= 0 and "delivery_zones"."minimum_basket_cents" >= 0 and ("delivery_zones"."free_from_cents" is null or "delivery_zones"."free_from_cents" >= 0)),
	CONSTRAINT "delivery_zones_prefixes_valid" CHECK(length(trim("delivery_zones"."prefixes")) > 0 and "delivery_zones"."prefixes" = upper("delivery_zones"."prefixes"))
);
--> statement-breakpoint
CREATE TABLE `slot_bookings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`window_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`order_id` integer,
	`reserved_at` integer NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`window_id`) REFERENCES `slot_windows`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "slot_bookings_kind" CHECK(("slot_bookings"."order_id" is null) = ("slot_bookings"."expires_at" is not null))
);
--> statement-breakpoint
CREATE INDEX `slot_bookings_window_idx` ON `slot_bookings` (`window_id`,`expires_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `slot_bookings_order_unique` ON `slot_bookings` (`order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `slot_bookings_one_reservation` ON `slot_bookings` (`user_id`) WHERE "slot_bookings"."order_id" is null;--> statement-breakpoint
CREATE TABLE `slot_exceptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fulfilment` text NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`capacity` integer,
	`note` text DEFAULT '' NOT NULL,
	CONSTRAINT "slot_exceptions_kind_valid" CHECK("slot_exceptions"."kind" in ('closed', 'capacity')),
	CONSTRAINT "slot_exceptions_capacity_valid" CHECK(("slot_exceptions"."kind" = 'closed' and "slot_exceptions"."capacity" is null) or ("slot_exceptions"."kind" = 'capacity' and "slot_exceptions"."capacity" between 0 and 10000)),
	CONSTRAINT "slot_exceptions_date_valid" CHECK("slot_exceptions"."date" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `slot_exceptions_day_unique` ON `slot_exceptions` (`fulfilment`,`date`);--> statement-breakpoint
CREATE TABLE `slot_rules` (
	`fulfilment` text PRIMARY KEY NOT NULL,
	`horizon_days` integer DEFAULT 7 NOT NULL,
	`cutoff_kind` text NOT NULL,
	`cutoff_value` integer NOT NULL,
	CONSTRAINT "slot_rules_fulfilment_valid" CHECK("slot_rules"."fulfilment" in ('delivery', 'collection')),
	CONSTRAINT "slot_rules_horizon_valid" CHECK("slot_rules"."horizon_days" between 1 and 60),
	CONSTRAINT "slot_rules_cutoff_valid" CHECK(("slot_rules"."cutoff_kind" = 'day_before' and "slot_rules"."cutoff_value" between 0 and 1439) or ("slot_rules"."cutoff_kind" = 'hours_before' and "slot_rules"."cutoff_value" between 0 and 168))
);
--> statement-breakpoint
CREATE TABLE `slot_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fulfilment` text NOT NULL,
	`point_id` integer,
	`weekday` integer NOT NULL,
	`start_minute` integer NOT NULL,
	`end_minute` integer NOT NULL,
	`capacity` integer NOT NULL,
	`fee_cents` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`point_id`) REFERENCES `collection_points`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "slot_templates_fulfilment_valid" CHECK("slot_templates"."fulfilment" in ('delivery', 'collection')),
	CONSTRAINT "slot_templates_point_matches" CHECK(("slot_templates"."fulfilment" = 'delivery') = ("slot_templates"."point_id" is null)),
	CONSTRAINT "slot_templates_weekday_valid" CHECK("slot_templates"."weekday" between 1 and 7),
	CONSTRAINT "slot_templates_times_valid" CHECK("slot_templates"."start_minute" between 0 and 1439 and "slot_templates"."end_minute" > "slot_templates"."start_minute" and "slot_templates"."end_minute" <= 1440),
	CONSTRAINT "slot_templates_capacity_valid" CHECK("slot_templates"."capacity" between 0 and 10000),
	CONSTRAINT "slot_templates_fee_valid" CHECK("slot_templates"."fee_cents" >= 0)
);
--> statement-breakpoint
CREATE INDEX `slot_templates_day_idx` ON `slot_templates` (`fulfilment`,`weekday`);--> statement-breakpoint
CREATE TABLE `slot_windows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fulfilment` text NOT NULL,
	`point_id` integer,
	`place` text NOT NULL,
	`source` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`cutoff_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`fee_cents` integer DEFAULT 0 NOT NULL,
	`closed` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`point_id`) REFERENCES `collection_points`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "slot_windows_fulfilment_valid" CHECK("slot_windows"."fulfilment" in ('delivery', 'collection')),
	CONSTRAINT "slot_windows_place_matches" CHECK(("slot_windows"."fulfilment" = 'delivery' and "slot_windows"."point_id" is null and "slot_windows"."place" = 'delivery') or ("slot_windows"."fulfilment" = 'collection' and "slot_windows"."place" = 'point:' || "slot_windows"."point_id")),
	CONSTRAINT "slot_windows_source_valid" CHECK("slot_windows"."source" in ('template', 'one_off')),
	CONSTRAINT "slot_windows_times_valid" CHECK("slot_windows"."ends_at" > "slot_windows"."starts_at" and "slot_windows"."cutoff_at" <= "slot_windows"."starts_at"),
	CONSTRAINT "slot_windows_capacity_valid" CHECK("slot_windows"."capacity" between 0 and 10000),
	CONSTRAINT "slot_windows_fee_valid" CHECK("slot_windows"."fee_cents" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `slot_windows_place_start_unique` ON `slot_windows` (`place`,`starts_at`);--> statement-breakpoint
CREATE INDEX `slot_windows_start_idx` ON `slot_windows` (`fulfilment`,`starts_at`);--> statement-breakpoint
ALTER TABLE `products` ADD `vat_class` text DEFAULT 'standard' NOT NULL CONSTRAINT "products_vat_class_valid" CHECK(`vat_class` in ('standard', 'reduced', 'second_reduced', 'zero'));--> statement-breakpoint
INSERT INTO `slot_rules` (`fulfilment`, `horizon_days`, `cutoff_kind`, `cutoff_value`) VALUES ('delivery', 7, 'day_before', 1320), ('collection', 7, 'hours_before', 2);--> statement-breakpoint
INSERT INTO `collection_points` (`name`, `address`) VALUES ('The store', 'Collect at the shop counter');--> statement-breakpoint
-- Capacity is held here: a booking is refused when its window is closed, past its cut-off, or has as
-- many confirmed bookings and unexpired reservations as places. reserved_at is the booking's "now"
-- (the app's clock), so an expired reservation stops counting without any job deleting it.
CREATE TRIGGER `slot_bookings_within_capacity` BEFORE INSERT ON `slot_bookings`
BEGIN
  SELECT RAISE(ABORT, 'slot_window_closed') FROM `slot_windows` w WHERE w.`id` = NEW.`window_id` AND w.`closed` = 1;
  SELECT RAISE(ABORT, 'slot_past_cutoff') FROM `slot_windows` w WHERE w.`id` = NEW.`window_id` AND NEW.`reserved_at` >= w.`cutoff_at`;
  SELECT RAISE(ABORT, 'slot_full') FROM `slot_windows` w
   WHERE w.`id` = NEW.`window_id`
     AND w.`capacity` <= (SELECT count(*) FROM `slot_bookings` b
                          WHERE b.`window_id` = NEW.`window_id` AND (b.`order_id` IS NOT NULL OR b.`expires_at` > NEW.`reserved_at`));
END;--> statement-breakpoint
CREATE TRIGGER `slot_bookings_fixed` BEFORE UPDATE OF `window_id`, `reserved_at` ON `slot_bookings`
BEGIN
  SELECT RAISE(ABORT, 'slot_booking_fixed: book the new window instead');
END;