CREATE TABLE `payment_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`object_id` text,
	`token` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `payment_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`method` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`amount_cents` integer NOT NULL,
	`instrument` text,
	`provider_id` text,
	`intent_id` text,
	`session_id` text,
	`nonce` text DEFAULT (lower(hex(randomblob(8)))) NOT NULL,
	`attempt` integer DEFAULT 0 NOT NULL,
	`reason` text,
	`actor_id` integer,
	`failure` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "payment_ledger_method_valid" CHECK("payment_ledger"."method" in ('on_delivery', 'card')),
	CONSTRAINT "payment_ledger_kind_valid" CHECK("payment_ledger"."kind" in ('authorisation', 'capture', 'void', 'refund', 'collection')),
	CONSTRAINT "payment_ledger_status_valid" CHECK("payment_ledger"."status" in ('pending', 'succeeded', 'failed')),
	CONSTRAINT "payment_ledger_amount_valid" CHECK("payment_ledger"."amount_cents" >= 0),
	CONSTRAINT "payment_ledger_collection_instrument" CHECK(("payment_ledger"."kind" = 'collection') = ("payment_ledger"."instrument" is not null) and ("payment_ledger"."instrument" is null or "payment_ledger"."instrument" in ('card_terminal', 'cash'))),
	CONSTRAINT "payment_ledger_card_kinds" CHECK("payment_ledger"."method" = 'card' or "payment_ledger"."kind" in ('collection', 'refund')),
	CONSTRAINT "payment_ledger_refund_reason" CHECK("payment_ledger"."kind" <> 'refund' or length(trim(coalesce("payment_ledger"."reason", ''))) > 0)
);
--> statement-breakpoint
CREATE INDEX `payment_ledger_order_idx` ON `payment_ledger` (`order_id`,`id`);--> statement-breakpoint
CREATE INDEX `payment_ledger_intent_idx` ON `payment_ledger` (`intent_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payment_ledger_session_unique` ON `payment_ledger` (`session_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payment_ledger_one_capture` ON `payment_ledger` (`intent_id`,`kind`) WHERE "payment_ledger"."kind" in ('capture', 'void') and "payment_ledger"."status" <> 'failed';--> statement-breakpoint
-- The ledger's rules, held by the database (ADR 030): a capture never above the hold it captures,
-- refunds never above what was taken, a settled row never changed, no row ever deleted.
CREATE TRIGGER `payment_ledger_capture_within_hold` BEFORE INSERT ON `payment_ledger`
WHEN NEW.`kind` = 'capture'
BEGIN
  SELECT RAISE(ABORT, 'capture_above_authorised')
   WHERE NEW.`amount_cents` > coalesce((SELECT max(h.`amount_cents`) FROM `payment_ledger` h
                                         WHERE h.`intent_id` = NEW.`intent_id` AND h.`kind` = 'authorisation' AND h.`status` = 'succeeded'), 0);
END;--> statement-breakpoint
CREATE TRIGGER `payment_ledger_capture_amount_within_hold` BEFORE UPDATE OF `amount_cents` ON `payment_ledger`
WHEN NEW.`kind` = 'capture'
BEGIN
  SELECT RAISE(ABORT, 'capture_above_authorised')
   WHERE NEW.`amount_cents` > coalesce((SELECT max(h.`amount_cents`) FROM `payment_ledger` h
                                         WHERE h.`intent_id` = NEW.`intent_id` AND h.`kind` = 'authorisation' AND h.`status` = 'succeeded'), 0);
END;--> statement-breakpoint
CREATE TRIGGER `payment_ledger_refund_within_paid` BEFORE INSERT ON `payment_ledger`
WHEN NEW.`kind` = 'refund'
BEGIN
  SELECT RAISE(ABORT, 'refund_above_paid')
   WHERE NEW.`amount_cents` + coalesce((SELECT sum(r.`amount_cents`) FROM `payment_ledger` r
                                         WHERE r.`order_id` = NEW.`order_id` AND r.`kind` = 'refund' AND r.`status` <> 'failed'), 0)
       > coalesce((SELECT sum(p.`amount_cents`) FROM `payment_ledger` p
                    WHERE p.`order_id` = NEW.`order_id` AND p.`kind` IN ('capture', 'collection') AND p.`status` = 'succeeded'), 0);
END;--> statement-breakpoint
CREATE TRIGGER `payment_ledger_settled_fixed` BEFORE UPDATE ON `payment_ledger`
WHEN OLD.`status` <> 'pending'
BEGIN
  SELECT RAISE(ABORT, 'ledger_row_settled');
END;--> statement-breakpoint
CREATE TRIGGER `payment_ledger_kept` BEFORE DELETE ON `payment_ledger`
BEGIN
  SELECT RAISE(ABORT, 'ledger_rows_kept');
END;
