-- The search index rebuilt for big catalogs (ADR 084):
-- * prefixes of 2 to 10 letters are indexed: a typed word of up to 10 letters ("fresh"*) is read
--   as one posting list, step by step, so a search can stop after its page. Past the prefix
--   index FTS5 merges every term with that prefix in full before giving the first row (3-5 ms for
--   a broad word at 1M products);
-- * `aisle` holds one token per aisle (char(57344) || categories.id: U+E000, a private-use
--   character, then the id; src/catalog/search-aisle.ts), so a search in an aisle is one FTS query
--   instead of a products look-up per match. Shoppers' words only ever match name, description and
--   category, and can hold no private-use character: no prefix they type ("ai"*) reaches the
--   aisle tokens' entries in the prefix index.
DROP TABLE `product_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `product_search` USING fts5(
  `name`, `description`, `category`, `aisle`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4 5 6 7 8 9 10'
);
--> statement-breakpoint
INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`, `aisle`)
SELECT p.`id`, p.`name`, p.`description`, c.`name`, char(57344) || c.`id` FROM `products` p JOIN `categories` c ON c.`id` = p.`category_id`
WHERE p.`active` = 1 AND c.`status` = 'active' ORDER BY p.`id`;
--> statement-breakpoint
INSERT INTO `product_search` (`product_search`) VALUES ('optimize');
--> statement-breakpoint
DROP TRIGGER `product_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `product_search_insert` AFTER INSERT ON `products`
WHEN NEW.`active` = 1
BEGIN
  INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`, `aisle`)
  SELECT NEW.`id`, NEW.`name`, NEW.`description`, c.`name`, char(57344) || c.`id` FROM `categories` c WHERE c.`id` = NEW.`category_id` AND c.`status` = 'active';
  INSERT INTO `product_name_trigrams` (`rowid`, `name`)
  SELECT NEW.`id`, NEW.`name` FROM `categories` c WHERE c.`id` = NEW.`category_id` AND c.`status` = 'active';
END;
--> statement-breakpoint
DROP TRIGGER `product_search_update`;
--> statement-breakpoint
-- Only these columns touch the index: stock and sold move on every order and must stay cheap.
CREATE TRIGGER `product_search_update` AFTER UPDATE OF `name`, `description`, `category_id`, `active` ON `products`
BEGIN
  DELETE FROM `product_search` WHERE `rowid` = OLD.`id`;
  DELETE FROM `product_name_trigrams` WHERE `rowid` = OLD.`id`;
  INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`, `aisle`)
  SELECT NEW.`id`, NEW.`name`, NEW.`description`, c.`name`, char(57344) || c.`id` FROM `categories` c
  WHERE c.`id` = NEW.`category_id` AND c.`status` = 'active' AND NEW.`active` = 1;
  INSERT INTO `product_name_trigrams` (`rowid`, `name`)
  SELECT NEW.`id`, NEW.`name` FROM `categories` c
  WHERE c.`id` = NEW.`category_id` AND c.`status` = 'active' AND NEW.`active` = 1;
END;
--> statement-breakpoint
DROP TRIGGER `product_search_category_update`;
--> statement-breakpoint
-- An aisle renamed, approved or withdrawn: its products are indexed again (or dropped).
CREATE TRIGGER `product_search_category_update` AFTER UPDATE OF `name`, `status` ON `categories`
BEGIN
  DELETE FROM `product_search` WHERE `rowid` IN (SELECT `id` FROM `products` WHERE `category_id` = NEW.`id`);
  DELETE FROM `product_name_trigrams` WHERE `rowid` IN (SELECT `id` FROM `products` WHERE `category_id` = NEW.`id`);
  INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`, `aisle`)
  SELECT p.`id`, p.`name`, p.`description`, NEW.`name`, char(57344) || NEW.`id` FROM `products` p
  WHERE p.`category_id` = NEW.`id` AND p.`active` = 1 AND NEW.`status` = 'active';
  INSERT INTO `product_name_trigrams` (`rowid`, `name`)
  SELECT p.`id`, p.`name` FROM `products` p
  WHERE p.`category_id` = NEW.`id` AND p.`active` = 1 AND NEW.`status` = 'active';
END;
