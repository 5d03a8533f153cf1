-- Food information on the product (ADR 017). Columns are added in place, each CHECK on the last
-- column it reads: rebuilding the products table would drop its search and catalog-version triggers.
ALTER TABLE `products` ADD `sku` text;
--> statement-breakpoint
ALTER TABLE `products` ADD `gtin` text CONSTRAINT "products_gtin_digits" CHECK("gtin" is null or (length("gtin") in (8, 12, 13, 14) and "gtin" not glob '*[^0-9]*'));
--> statement-breakpoint
ALTER TABLE `products` ADD `net_quantity` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `net_unit` text CONSTRAINT "products_net_quantity_valid" CHECK(("net_quantity" is null and "net_unit" is null) or ("net_quantity" > 0 and "net_unit" is not null and "net_unit" in ('g', 'kg', 'ml', 'l', 'piece')));
--> statement-breakpoint
ALTER TABLE `products` ADD `is_food` integer DEFAULT true NOT NULL;
--> statement-breakpoint
ALTER TABLE `products` ADD `allergens_declared` integer DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE `products` ADD `contains_allergens` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `products` ADD `may_contain_allergens` integer DEFAULT 0 NOT NULL CONSTRAINT "products_allergens_valid" CHECK("contains_allergens" between 0 and 16383 and "may_contain_allergens" between 0 and 16383 and ("contains_allergens" & "may_contain_allergens") = 0 and ("allergens_declared" = 1 or ("contains_allergens" = 0 and "may_contain_allergens" = 0)));
--> statement-breakpoint
ALTER TABLE `products` ADD `allergens_changed_at` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `diet_labels` integer DEFAULT 0 NOT NULL CONSTRAINT "products_diet_valid" CHECK("diet_labels" between 0 and 15 and (("diet_labels" & 2) = 0 or ("diet_labels" & 1) = 1));
--> statement-breakpoint
ALTER TABLE `products` ADD `ingredients` text;
--> statement-breakpoint
ALTER TABLE `products` ADD `storage` text;
--> statement-breakpoint
ALTER TABLE `products` ADD `origin` text;
--> statement-breakpoint
ALTER TABLE `products` ADD `nutrition_basis` text;
--> statement-breakpoint
ALTER TABLE `products` ADD `energy_kj` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `energy_kcal` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `fat_mg` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `saturates_mg` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `carbohydrate_mg` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `sugars_mg` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `protein_mg` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `salt_mg` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `fibre_mg` integer CONSTRAINT "products_nutrition_complete" CHECK(("nutrition_basis" is null and "energy_kj" is null and "energy_kcal" is null and "fat_mg" is null and "saturates_mg" is null and "carbohydrate_mg" is null and "sugars_mg" is null and "protein_mg" is null and "salt_mg" is null and "fibre_mg" is null) or ("nutrition_basis" in ('100g', '100ml') and "energy_kj" is not null and "energy_kj" >= 0 and "energy_kcal" is not null and "energy_kcal" >= 0 and "fat_mg" is not null and "fat_mg" >= 0 and "saturates_mg" is not null and "saturates_mg" >= 0 and "carbohydrate_mg" is not null and "carbohydrate_mg" >= 0 and "sugars_mg" is not null and "sugars_mg" >= 0 and "protein_mg" is not null and "protein_mg" >= 0 and "salt_mg" is not null and "salt_mg" >= 0 and "saturates_mg" <= "fat_mg" and "sugars_mg" <= "carbohydrate_mg" and ("fibre_mg" is null or "fibre_mg" >= 0)));
--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_unique` ON `products` (`sku`);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_gtin_unique` ON `products` (`gtin`);
--> statement-breakpoint
-- Every existing product gets a stock-keeping unit, so the catalog export and import can match it.
UPDATE `products` SET `sku` = printf('GR-%05d', `id`) WHERE `sku` IS NULL;
