-- Full-text search over the catalog, kept in sync by the database itself: every writer
-- (pages, API, jobs, imports, any runtime) updates it through these triggers.
-- rowid = products.id. Only products a shopper may see are indexed (active product in an
-- active aisle), so counting matches never has to look at the products table.
CREATE VIRTUAL TABLE `product_search` USING fts5(
  `name`, `description`, `category`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);
--> statement-breakpoint
-- Names cut into trigrams: the fallback for typos when the word search finds nothing.
CREATE VIRTUAL TABLE `product_name_trigrams` USING fts5(`name`, tokenize = 'trigram');
--> statement-breakpoint
INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`)
SELECT p.`id`, p.`name`, p.`description`, c.`name` FROM `products` p JOIN `categories` c ON c.`id` = p.`category_id`
WHERE p.`active` = 1 AND c.`status` = 'active';
--> statement-breakpoint
INSERT INTO `product_name_trigrams` (`rowid`, `name`)
SELECT p.`id`, p.`name` FROM `products` p JOIN `categories` c ON c.`id` = p.`category_id`
WHERE p.`active` = 1 AND c.`status` = 'active';
--> statement-breakpoint
CREATE TRIGGER `product_search_insert` AFTER INSERT ON `products`
WHEN NEW.`active` = 1
BEGIN
  INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`)
  SELECT NEW.`id`, NEW.`name`, NEW.`description`, c.`name` FROM `categories` c WHERE c.`id` = NEW.`category_id` AND c.`status` = 'active';
  INSERT INTO `product_name_trigrams` (`rowid`, `name`)
  SELECT NEW.`id`, NEW.`name` FROM `categories` c WHERE c.`id` = NEW.`category_id` AND c.`status` = 'active';
END;
--> statement-breakpoint
-- Only these columns touch the index: stock and sold move on every order and must stay cheap.
CREATE TRIGGER `product_search_update` AFTER UPDATE OF `name`, `description`, `category_id`, `active` ON `products`
BEGIN
  DELETE FROM `product_search` WHERE `rowid` = OLD.`id`;
  DELETE FROM `product_name_trigrams` WHERE `rowid` = OLD.`id`;
  INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`)
  SELECT NEW.`id`, NEW.`name`, NEW.`description`, c.`name` FROM `categories` c
  WHERE c.`id` = NEW.`category_id` AND c.`status` = 'active' AND NEW.`active` = 1;
  INSERT INTO `product_name_trigrams` (`rowid`, `name`)
  SELECT NEW.`id`, NEW.`name` FROM `categories` c
  WHERE c.`id` = NEW.`category_id` AND c.`status` = 'active' AND NEW.`active` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `product_search_delete` AFTER DELETE ON `products`
BEGIN
  DELETE FROM `product_search` WHERE `rowid` = OLD.`id`;
  DELETE FROM `product_name_trigrams` WHERE `rowid` = OLD.`id`;
END;
--> statement-breakpoint
-- An aisle renamed, approved or withdrawn: its products are indexed again (or dropped).
CREATE TRIGGER `product_search_category_update` AFTER UPDATE OF `name`, `status` ON `categories`
BEGIN
  DELETE FROM `product_search` WHERE `rowid` IN (SELECT `id` FROM `products` WHERE `category_id` = NEW.`id`);
  DELETE FROM `product_name_trigrams` WHERE `rowid` IN (SELECT `id` FROM `products` WHERE `category_id` = NEW.`id`);
  INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`)
  SELECT p.`id`, p.`name`, p.`description`, NEW.`name` FROM `products` p
  WHERE p.`category_id` = NEW.`id` AND p.`active` = 1 AND NEW.`status` = 'active';
  INSERT INTO `product_name_trigrams` (`rowid`, `name`)
  SELECT p.`id`, p.`name` FROM `products` p
  WHERE p.`category_id` = NEW.`id` AND p.`active` = 1 AND NEW.`status` = 'active';
END;
--> statement-breakpoint
-- Shelf orderings within an aisle: popularity, price both ways, newest.
CREATE INDEX `products_shelf_sold_idx` ON `products` (`category_id`, `active`, `sold`);
--> statement-breakpoint
CREATE INDEX `products_shelf_price_idx` ON `products` (`category_id`, `active`, `price_cents`);
--> statement-breakpoint
CREATE INDEX `products_shelf_newest_idx` ON `products` (`category_id`, `active`, `created_at`);
--> statement-breakpoint
-- The whole store by popularity (home page).
CREATE INDEX `products_shelf_sold_all_idx` ON `products` (`active`, `sold`);
