-- The shelves (cached aisle, search and product pages) show a product's stock as a band: out of
-- stock, "Only N left" (the exact amount, at or below its low-stock threshold), or "In stock"
-- (src/catalog/shelf-stock.ts). `version` keeps moving with every catalog write, for the API,
-- which shows exact stock; `shelf_version` moves only when a shelf would change, so a sale that
-- leaves a product "In stock" no longer drops every cached page (ADR 081).
ALTER TABLE `catalog_state` ADD `shelf_version` integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
UPDATE `catalog_state` SET `shelf_version` = `version`;
--> statement-breakpoint
DROP TRIGGER `catalog_version_products_insert`;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_products_insert` AFTER INSERT ON `products`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1, `shelf_version` = `shelf_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `catalog_version_products_delete`;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_products_delete` AFTER DELETE ON `products`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1, `shelf_version` = `shelf_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
-- Every column but the stock, the update time and the first order's time (the last two never shown
-- on a shelf; the first order's is set by the first order line's trigger, 0010). A new column belongs in
-- this list: tests/shelf-version.test.ts updates each column and fails on one missing.
CREATE TRIGGER `catalog_shelf_products_update` AFTER UPDATE OF `id`, `name`, `slug`, `description`, `category_id`, `price_cents`, `unit`, `step`, `low_stock_threshold`, `sold`, `best_before`, `active`, `created_by`, `created_at`, `packed_on`, `vat_class`, `sku`, `gtin`, `net_quantity`, `net_unit`, `is_food`, `allergens_declared`, `contains_allergens`, `may_contain_allergens`, `allergens_changed_at`, `diet_labels`, `ingredients`, `storage`, `origin`, `nutrition_basis`, `energy_kj`, `energy_kcal`, `fat_mg`, `saturates_mg`, `carbohydrate_mg`, `sugars_mg`, `protein_mg`, `salt_mg`, `fibre_mg`, `price_per_kg_cents`, `estimated_weight_g` ON `products`
BEGIN UPDATE `catalog_state` SET `shelf_version` = `shelf_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
-- A stock move changes a shelf when it crosses a band, or within "Only N left" (src/catalog/shelf-stock.ts).
CREATE TRIGGER `catalog_shelf_products_stock` AFTER UPDATE OF `stock` ON `products`
WHEN (OLD.`stock` > 0) IS NOT (NEW.`stock` > 0)
  OR (OLD.`stock` > OLD.`low_stock_threshold`) IS NOT (NEW.`stock` > NEW.`low_stock_threshold`)
  OR (NEW.`stock` > 0 AND NEW.`stock` <= NEW.`low_stock_threshold` AND NEW.`stock` IS NOT OLD.`stock`)
BEGIN UPDATE `catalog_state` SET `shelf_version` = `shelf_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `catalog_version_categories_insert`;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_categories_insert` AFTER INSERT ON `categories`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1, `shelf_version` = `shelf_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `catalog_version_categories_update`;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_categories_update` AFTER UPDATE ON `categories`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1, `shelf_version` = `shelf_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `catalog_version_categories_delete`;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_categories_delete` AFTER DELETE ON `categories`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1, `shelf_version` = `shelf_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `catalog_version_images_insert`;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_images_insert` AFTER INSERT ON `product_images`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1, `shelf_version` = `shelf_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `catalog_version_images_update`;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_images_update` AFTER UPDATE ON `product_images`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1, `shelf_version` = `shelf_version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `catalog_version_images_delete`;
--> statement-breakpoint
CREATE TRIGGER `catalog_version_images_delete` AFTER DELETE ON `product_images`
BEGIN UPDATE `catalog_state` SET `version` = `version` + 1, `shelf_version` = `shelf_version` + 1 WHERE `id` = 1; END;
