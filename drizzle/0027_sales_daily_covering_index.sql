DROP INDEX `sales_daily_product_idx`;--> statement-breakpoint
CREATE INDEX `sales_daily_product_figures_idx` ON `sales_daily` (`product_id`,`day`,`category_id`,`quantity`,`revenue_cents`,`orders`);