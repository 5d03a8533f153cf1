ALTER TABLE `order_items` ADD `vat_rate_bp` integer CONSTRAINT "order_items_vat_rate_valid" CHECK(`vat_rate_bp` is null or `vat_rate_bp` between 0 and 10000);--> statement-breakpoint
ALTER TABLE `order_items` ADD `discount_cents` integer CONSTRAINT "order_items_discount_valid" CHECK(`discount_cents` is null or `discount_cents` between 0 and `line_total_cents`);--> statement-breakpoint
ALTER TABLE `order_items` ADD `vat_cents` integer CONSTRAINT "order_items_vat_valid" CHECK(`vat_cents` is null or (`vat_cents` >= 0 and `vat_cents` <= `line_total_cents`));--> statement-breakpoint
ALTER TABLE `orders` ADD `slot_window_id` integer REFERENCES `slot_windows`(`id`) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `delivery_fee_cents` integer DEFAULT 0 NOT NULL CONSTRAINT "orders_delivery_fee_valid" CHECK(`delivery_fee_cents` >= 0);--> statement-breakpoint
ALTER TABLE `orders` ADD `delivery_fee_vat_rate_bp` integer CONSTRAINT "orders_fee_vat_rate_valid" CHECK(`delivery_fee_vat_rate_bp` is null or `delivery_fee_vat_rate_bp` between 0 and 10000);--> statement-breakpoint
ALTER TABLE `orders` ADD `delivery_fee_vat_cents` integer CONSTRAINT "orders_fee_vat_valid" CHECK(`delivery_fee_vat_cents` is null or (`delivery_fee_vat_cents` >= 0 and `delivery_fee_vat_cents` <= `delivery_fee_cents`));--> statement-breakpoint
CREATE INDEX `orders_slot_idx` ON `orders` (`slot_window_id`);
