-- Orders gain the states of the grocery loop: awaiting_payment (a card not yet authorised, stock
-- and slot held), picking and picked ('packed' before). The status CHECK cannot be changed in
-- place and rebuilding `orders` inside the migration's transaction would cascade-delete its lines
-- (foreign keys stay on there, and on D1 always), so the state moves to a new column with its own
-- CHECK and the old `status` column is retired, never read or written again (ADR 032).
ALTER TABLE `orders` ADD `state` text DEFAULT 'placed' NOT NULL CONSTRAINT "orders_state_valid" CHECK("state" in ('awaiting_payment', 'placed', 'picking', 'picked', 'out_for_delivery', 'ready_for_pickup', 'completed', 'cancelled'));--> statement-breakpoint
UPDATE `orders` SET `state` = CASE `status` WHEN 'packed' THEN 'picked' ELSE `status` END;--> statement-breakpoint
UPDATE `order_events` SET `from_status` = 'picked' WHERE `from_status` = 'packed';--> statement-breakpoint
UPDATE `order_events` SET `to_status` = 'picked' WHERE `to_status` = 'packed';--> statement-breakpoint
DROP INDEX IF EXISTS `orders_status_idx`;--> statement-breakpoint
CREATE INDEX `orders_state_idx` ON `orders` (`state`,`placed_at`);
