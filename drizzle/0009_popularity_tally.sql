CREATE TABLE `sales_tally` (
	`id` integer PRIMARY KEY NOT NULL,
	`through_order_id` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sales_tally_single_row" CHECK("sales_tally"."id" = 1)
);
--> statement-breakpoint
DROP INDEX `products_sold_idx`;
--> statement-breakpoint
-- products.sold already counts every order placed before this migration.
INSERT INTO `sales_tally` (`id`, `through_order_id`) SELECT 1, coalesce(max(`id`), 0) FROM `orders`;
