ALTER TABLE `carts` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `cart_id` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `cart_version` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_cart_version_unique` ON `orders` (`cart_id`,`cart_version`);--> statement-breakpoint
-- A cart's version moves with every change to its lines or its promo code, whoever makes it.
CREATE TRIGGER `cart_items_insert_version` AFTER INSERT ON `cart_items`
BEGIN
  UPDATE `carts` SET `version` = `version` + 1 WHERE `id` = NEW.`cart_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `cart_items_update_version` AFTER UPDATE ON `cart_items`
BEGIN
  UPDATE `carts` SET `version` = `version` + 1 WHERE `id` IN (OLD.`cart_id`, NEW.`cart_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `cart_items_delete_version` AFTER DELETE ON `cart_items`
BEGIN
  UPDATE `carts` SET `version` = `version` + 1 WHERE `id` = OLD.`cart_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `carts_promo_version` AFTER UPDATE OF `promo_code` ON `carts`
WHEN NEW.`promo_code` IS NOT OLD.`promo_code`
BEGIN
  UPDATE `carts` SET `version` = `version` + 1 WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
-- An order placed from a cart names the version it was priced from; the cart must still be at that
-- version. The same atomic unit empties the cart (moving the version), so of any number of checkouts
-- racing for one cart, one commits and the others are refused, and a cart changed since it was read
-- is never ordered as it was.
CREATE TRIGGER `orders_from_current_cart` BEFORE INSERT ON `orders`
WHEN NEW.`cart_id` IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM `carts` c WHERE c.`id` = NEW.`cart_id` AND c.`version` = NEW.`cart_version`
)
BEGIN
  SELECT RAISE(ABORT, 'cart_changed');
END;
