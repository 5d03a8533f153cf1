ALTER TABLE `invoices` ADD `refund_ledger_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_one_credit_note_per_refund` ON `invoices` (`refund_ledger_id`) WHERE "invoices"."refund_ledger_id" is not null;--> statement-breakpoint
ALTER TABLE `payment_ledger` ADD `order_item_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `payment_ledger_one_refund_per_line` ON `payment_ledger` (`order_item_id`) WHERE "payment_ledger"."order_item_id" is not null and "payment_ledger"."kind" = 'refund' and "payment_ledger"."status" <> 'failed';--> statement-breakpoint
-- A credit note credits an invoice of its own order, and the credit notes of an invoice never add up
-- to more than it billed (ADR 043).
CREATE TRIGGER `credit_notes_within_invoice` BEFORE INSERT ON `invoices`
WHEN NEW.`kind` = 'credit_note'
BEGIN
  SELECT RAISE(ABORT, 'credit_note_above_invoice')
   WHERE NOT EXISTS (SELECT 1 FROM `invoices` i WHERE i.`id` = NEW.`credits_invoice_id` AND i.`kind` = 'invoice' AND i.`order_id` = NEW.`order_id`)
      OR NEW.`total_cents` + coalesce((SELECT sum(c.`total_cents`) FROM `invoices` c WHERE c.`kind` = 'credit_note' AND c.`credits_invoice_id` = NEW.`credits_invoice_id`), 0)
         > (SELECT i.`total_cents` FROM `invoices` i WHERE i.`id` = NEW.`credits_invoice_id`);
END;
