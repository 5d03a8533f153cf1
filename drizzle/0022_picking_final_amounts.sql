CREATE TABLE `pick_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`order_item_id` integer NOT NULL,
	`picked_quantity` integer NOT NULL,
	`picked_weight_g` integer,
	`substitute_product_id` integer,
	`substitute_quantity` integer,
	`substitute_weight_g` integer,
	`picker_id` integer,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`substitute_product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`picker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "pick_records_quantity_valid" CHECK("pick_records"."picked_quantity" >= 0 and ("pick_records"."picked_weight_g" is null or "pick_records"."picked_weight_g" > 0)),
	CONSTRAINT "pick_records_substitute_valid" CHECK(("pick_records"."substitute_product_id" is null and "pick_records"."substitute_quantity" is null and "pick_records"."substitute_weight_g" is null) or ("pick_records"."substitute_product_id" is not null and "pick_records"."substitute_quantity" > 0 and ("pick_records"."substitute_weight_g" is null or "pick_records"."substitute_weight_g" > 0)))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pick_records_line_unique` ON `pick_records` (`order_item_id`);--> statement-breakpoint
CREATE INDEX `pick_records_order_idx` ON `pick_records` (`order_id`);--> statement-breakpoint
CREATE INDEX `pick_records_picker_idx` ON `pick_records` (`picker_id`,`recorded_at`);--> statement-breakpoint
-- Picking's final amounts (ADR 029), added in place: rebuilding orders or order_items inside the
-- migration would cascade-delete order lines (ADR 032) and drop their triggers.
ALTER TABLE `orders` ADD `picking_by` integer REFERENCES `users`(`id`) ON DELETE SET NULL;
--> statement-breakpoint
ALTER TABLE `orders` ADD `picking_started_at` integer;
--> statement-breakpoint
ALTER TABLE `orders` ADD `picked_at` integer;
--> statement-breakpoint
ALTER TABLE `orders` ADD `final_subtotal_cents` integer;
--> statement-breakpoint
ALTER TABLE `orders` ADD `final_discount_cents` integer;
--> statement-breakpoint
ALTER TABLE `orders` ADD `final_total_cents` integer;
--> statement-breakpoint
ALTER TABLE `orders` ADD `final_vat_cents` integer CONSTRAINT "orders_final_amounts_valid" CHECK(("final_subtotal_cents" is null and "final_discount_cents" is null and "final_total_cents" is null and "final_vat_cents" is null) or ("final_total_cents" = "final_subtotal_cents" - "final_discount_cents" and "final_discount_cents" between 0 and "final_subtotal_cents" and "final_vat_cents" between 0 and "final_total_cents" + "delivery_fee_cents" and ("max_charge_cents" is null or "final_total_cents" + "delivery_fee_cents" <= "max_charge_cents")));
--> statement-breakpoint
ALTER TABLE `order_items` ADD `substitute_for_item_id` integer REFERENCES `order_items`(`id`) ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE `order_items` ADD `picked_quantity` integer;
--> statement-breakpoint
ALTER TABLE `order_items` ADD `picked_weight_g` integer;
--> statement-breakpoint
ALTER TABLE `order_items` ADD `charged_cents` integer;
--> statement-breakpoint
ALTER TABLE `order_items` ADD `final_discount_cents` integer;
--> statement-breakpoint
ALTER TABLE `order_items` ADD `final_vat_cents` integer;
--> statement-breakpoint
ALTER TABLE `order_items` ADD `refused_at` integer CONSTRAINT "order_items_picked_valid" CHECK(("picked_quantity" is null or "picked_quantity" >= 0) and ("picked_weight_g" is null or "picked_weight_g" >= 0) and ("charged_cents" is null or "charged_cents" >= 0) and ("final_discount_cents" is null or "final_discount_cents" between 0 and "charged_cents") and ("final_vat_cents" is null or "final_vat_cents" between 0 and "charged_cents") and ("refused_at" is null or "substitute_for_item_id" is not null));
--> statement-breakpoint
-- A substitute is its own line: the same product may be ordered once and also stand in for another line.
DROP INDEX IF EXISTS `order_items_line_unique`;
--> statement-breakpoint
CREATE UNIQUE INDEX `order_items_line_unique` ON `order_items` (`order_id`,`product_id`) WHERE `substitute_for_item_id` is null;
--> statement-breakpoint
CREATE UNIQUE INDEX `order_items_one_substitute` ON `order_items` (`substitute_for_item_id`) WHERE `substitute_for_item_id` is not null;
--> statement-breakpoint
-- A substitute stands in for a line of its own order, which is itself an ordered line.
CREATE TRIGGER `order_items_substitute_of_own_order` BEFORE INSERT ON `order_items`
WHEN NEW.`substitute_for_item_id` IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM `order_items` o WHERE o.`id` = NEW.`substitute_for_item_id` AND o.`order_id` = NEW.`order_id` AND o.`substitute_for_item_id` IS NULL
)
BEGIN
  SELECT RAISE(ABORT, 'substitute_not_of_this_order');
END;
