CREATE TABLE `report_export_chunks` (
	`export_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`body` text NOT NULL,
	`rows` integer NOT NULL,
	PRIMARY KEY(`export_id`, `seq`),
	FOREIGN KEY (`export_id`) REFERENCES `report_exports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_export_rows` (
	`export_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`minus_revenue` integer NOT NULL,
	`minus_quantity` integer NOT NULL,
	`name` text NOT NULL,
	`category` text NOT NULL,
	`unit` text NOT NULL,
	`orders` integer NOT NULL,
	PRIMARY KEY(`export_id`, `product_id`),
	FOREIGN KEY (`export_id`) REFERENCES `report_exports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_export_rows_order_idx` ON `report_export_rows` (`export_id`,`minus_revenue`,`minus_quantity`,`name`,`product_id`);--> statement-breakpoint
CREATE TABLE `report_exports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`query` text DEFAULT '{}' NOT NULL,
	`state` text DEFAULT 'preparing' NOT NULL,
	`cursor` text DEFAULT '{}' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`rows_written` integer DEFAULT 0 NOT NULL,
	`rows_total` integer,
	`chunks` integer DEFAULT 0 NOT NULL,
	`requested_by` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "report_exports_kind_valid" CHECK("report_exports"."kind" in ('products', 'categories', 'over-time', 'fees-vat')),
	CONSTRAINT "report_exports_state_valid" CHECK("report_exports"."state" in ('preparing', 'done', 'failed')),
	CONSTRAINT "report_exports_progress_range" CHECK("report_exports"."progress" between 0 and 100),
	CONSTRAINT "report_exports_done_complete" CHECK("report_exports"."state" <> 'done' or ("report_exports"."progress" = 100 and "report_exports"."finished_at" is not null))
);
