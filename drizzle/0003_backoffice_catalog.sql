CREATE TABLE `category_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`category_id` integer,
	`current_name` text NOT NULL,
	`current_description` text DEFAULT '' NOT NULL,
	`proposed_name` text,
	`proposed_description` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`reason` text,
	`requested_by` integer,
	`decided_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "category_requests_kind_valid" CHECK("category_requests"."kind" in ('create', 'rename', 'delete')),
	CONSTRAINT "category_requests_status_valid" CHECK("category_requests"."status" in ('pending', 'approved', 'declined')),
	CONSTRAINT "category_requests_declined_has_reason" CHECK("category_requests"."status" <> 'declined' or length(trim("category_requests"."reason")) > 0)
);
--> statement-breakpoint
CREATE INDEX `category_requests_status_idx` ON `category_requests` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `product_slug_redirects` (
	`old_slug` text PRIMARY KEY NOT NULL,
	`product_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `products` ADD `packed_on` text;