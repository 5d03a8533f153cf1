-- Rules the database holds itself, so every writer (pages, API, jobs, any runtime) obeys them
-- and a failing statement rolls back the whole atomic unit it belongs to.

-- An order line is always at the product's current price, for an active product.
CREATE TRIGGER `order_items_at_current_price` BEFORE INSERT ON `order_items`
WHEN NOT EXISTS (
  SELECT 1 FROM `products` p WHERE p.`id` = NEW.`product_id` AND p.`price_cents` = NEW.`price_cents` AND p.`active` = 1
)
BEGIN
  SELECT RAISE(ABORT, 'order_item_price_changed');
END;
--> statement-breakpoint
-- A promo code is redeemed only while active, within its dates and its per-customer limit
-- (the total limit is a CHECK on promo_codes.times_used).
CREATE TRIGGER `promo_redemptions_valid` BEFORE INSERT ON `promo_redemptions`
WHEN NOT EXISTS (
  SELECT 1 FROM `promo_codes` p
  WHERE p.`id` = NEW.`promo_code_id`
    AND p.`active` = 1
    AND (p.`starts_at` IS NULL OR p.`starts_at` <= NEW.`redeemed_at`)
    AND (p.`expires_at` IS NULL OR p.`expires_at` > NEW.`redeemed_at`)
    AND (p.`per_customer_limit` IS NULL OR (
      SELECT count(*) FROM `promo_redemptions` r WHERE r.`promo_code_id` = p.`id` AND r.`user_id` = NEW.`user_id`
    ) < p.`per_customer_limit`)
)
BEGIN
  SELECT RAISE(ABORT, 'promo_code_not_redeemable');
END;
--> statement-breakpoint
-- A low-stock event whenever stock crosses down to or below the threshold, whoever changed it.
CREATE TRIGGER `products_low_stock` AFTER UPDATE OF `stock`, `low_stock_threshold` ON `products`
WHEN NEW.`stock` <= NEW.`low_stock_threshold` AND OLD.`stock` > OLD.`low_stock_threshold`
BEGIN
  INSERT INTO `low_stock_events` (`product_id`, `stock`, `threshold`) VALUES (NEW.`id`, NEW.`stock`, NEW.`low_stock_threshold`);
END;
--> statement-breakpoint
-- The catalog version moves with every catalog write, so caches and ETags on every instance agree.
INSERT OR IGNORE INTO `catalog_state` (`id`, `version`) VALUES (1, 1);
--> statement-breakpoint
CREATE TRIGGER `catalog_version_products_insert` AFTER INSERT ON `products`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_products_update` AFTER UPDATE ON `products`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_products_delete` AFTER DELETE ON `products`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_categories_insert` AFTER INSERT ON `categories`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_categories_update` AFTER UPDATE ON `categories`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_categories_delete` AFTER DELETE ON `categories`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_images_insert` AFTER INSERT ON `product_images`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_images_update` AFTER UPDATE ON `product_images`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_images_delete` AFTER DELETE ON `product_images`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1 WHERE `id` = 1; END;
