DROP INDEX `sales_products_most_idx`;--> statement-breakpoint
DROP INDEX `sales_products_least_idx`;--> statement-breakpoint
CREATE INDEX `sales_products_most_idx` ON `sales_products` ("revenue_cents" desc,"quantity" desc,`name`,`product_id`,`on_shelf`) WHERE "sales_products"."category_id" = 0;--> statement-breakpoint
CREATE INDEX `sales_products_least_idx` ON `sales_products` (`revenue_cents`,`quantity`,`name`,`product_id`,`on_shelf`) WHERE "sales_products"."category_id" = 0;