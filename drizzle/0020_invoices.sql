CREATE TABLE `document_counters` (
	`kind` text PRIMARY KEY NOT NULL,
	`last_number` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "document_counters_kind_valid" CHECK("document_counters"."kind" in ('invoice', 'credit_note')),
	CONSTRAINT "document_counters_not_negative" CHECK("document_counters"."last_number" >= 0)
);
--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`product_id` integer,
	`description` text NOT NULL,
	`unit` text,
	`quantity` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`line_total_cents` integer NOT NULL,
	`discount_cents` integer NOT NULL,
	`gross_cents` integer NOT NULL,
	`vat_rate_bp` integer NOT NULL,
	`vat_cents` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "invoice_lines_kind_valid" CHECK("invoice_lines"."kind" in ('goods', 'delivery_fee')),
	CONSTRAINT "invoice_lines_amounts_consistent" CHECK("invoice_lines"."gross_cents" = "invoice_lines"."line_total_cents" - "invoice_lines"."discount_cents" and "invoice_lines"."vat_rate_bp" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoice_lines_position_unique` ON `invoice_lines` (`invoice_id`,`position`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text DEFAULT 'invoice' NOT NULL,
	`number` integer NOT NULL,
	`order_id` integer NOT NULL,
	`credits_invoice_id` integer,
	`issued_at` integer NOT NULL,
	`issue_token` text NOT NULL,
	`seller_name` text NOT NULL,
	`seller_address` text NOT NULL,
	`seller_vat_number` text NOT NULL,
	`customer_name` text NOT NULL,
	`customer_email` text NOT NULL,
	`fulfilment` text NOT NULL,
	`delivery_address` text,
	`collection_point` text,
	`slot_starts_at` integer,
	`slot_ends_at` integer,
	`subtotal_cents` integer NOT NULL,
	`discount_cents` integer NOT NULL,
	`delivery_fee_cents` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`vat_cents` integer NOT NULL,
	`net_cents` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "invoices_kind_valid" CHECK("invoices"."kind" in ('invoice', 'credit_note')),
	CONSTRAINT "invoices_number_positive" CHECK("invoices"."number" > 0),
	CONSTRAINT "invoices_credit_names_invoice" CHECK(("invoices"."kind" = 'credit_note') = ("invoices"."credits_invoice_id" is not null)),
	CONSTRAINT "invoices_totals_consistent" CHECK("invoices"."total_cents" = "invoices"."subtotal_cents" - "invoices"."discount_cents" + "invoices"."delivery_fee_cents" and "invoices"."net_cents" = "invoices"."total_cents" - "invoices"."vat_cents")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_kind_number_unique` ON `invoices` (`kind`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_issue_token_unique` ON `invoices` (`issue_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_one_per_order` ON `invoices` (`order_id`) WHERE "invoices"."kind" = 'invoice';--> statement-breakpoint
CREATE INDEX `invoices_order_idx` ON `invoices` (`order_id`);--> statement-breakpoint
CREATE INDEX `invoices_issued_idx` ON `invoices` (`issued_at`);--> statement-breakpoint
INSERT INTO `document_counters` (`kind`, `last_number`) VALUES ('invoice', 0), ('credit_note', 0);
--> statement-breakpoint
-- Gap-free numbers (ADR 026): a document takes its kind's counter plus one, and the counter moves with it.
CREATE TRIGGER `invoices_number_in_sequence` BEFORE INSERT ON `invoices`
BEGIN
  SELECT RAISE(ABORT, 'document_number_out_of_sequence')
   WHERE NEW.`number` IS NOT (SELECT c.`last_number` + 1 FROM `document_counters` c WHERE c.`kind` = NEW.`kind`);
END;
--> statement-breakpoint
CREATE TRIGGER `invoices_move_counter` AFTER INSERT ON `invoices`
BEGIN
  UPDATE `document_counters` SET `last_number` = NEW.`number` WHERE `kind` = NEW.`kind`;
END;
--> statement-breakpoint
CREATE TRIGGER `document_counters_follow_documents` BEFORE UPDATE ON `document_counters`
BEGIN
  SELECT RAISE(ABORT, 'document_counter_moves_with_documents')
   WHERE NEW.`kind` IS NOT OLD.`kind`
      OR NEW.`last_number` IS NOT (SELECT max(i.`number`) FROM `invoices` i WHERE i.`kind` = NEW.`kind`);
END;
--> statement-breakpoint
CREATE TRIGGER `document_counters_kept` BEFORE DELETE ON `document_counters`
BEGIN
  SELECT RAISE(ABORT, 'document_counter_moves_with_documents');
END;
--> statement-breakpoint
-- Issued documents are never changed, nor deleted while their order is kept.
CREATE TRIGGER `invoices_immutable` BEFORE UPDATE ON `invoices`
BEGIN
  SELECT RAISE(ABORT, 'invoice_immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `invoices_kept` BEFORE DELETE ON `invoices`
 WHEN EXISTS (SELECT 1 FROM `orders` o WHERE o.`id` = OLD.`order_id`)
BEGIN
  SELECT RAISE(ABORT, 'invoice_immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `invoice_lines_immutable` BEFORE UPDATE ON `invoice_lines`
BEGIN
  SELECT RAISE(ABORT, 'invoice_immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `invoice_lines_kept` BEFORE DELETE ON `invoice_lines`
 WHEN EXISTS (SELECT 1 FROM `invoices` i WHERE i.`id` = OLD.`invoice_id`)
BEGIN
  SELECT RAISE(ABORT, 'invoice_immutable');
END;
