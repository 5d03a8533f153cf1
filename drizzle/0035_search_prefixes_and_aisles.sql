-- The search index rebuilt for big catalogs (ADR 084):
-- * prefixes of 2 to 10 letters are indexed: a typed word of up to 10 letters ("fresh"*) is read
--   as one posting list, step by step, so a search can stop after its page. Past the prefix
--   index FTS5 merges every term with that prefix in full before giving the first row (3-5 ms for
--   a broad word at 1M products);
-- * `facets` holds tokens for what a search narrows by, so an aisle or a food filter is part of
--   the one FTS query instead of a products look-up per match: the aisle (U+E000 then its id), each
--   allergen the product contains or may contain (U+E001 then the allergen's bit), "allergens not
--   declared" (U+E002) and each dietary label (U+E003 then its bit). Each starts with a private-use
--   character: shoppers' words (letters and digits only) never hold one, so no prefix a shopper
--   types ("ai"*) reaches these entries of the prefix index. Shoppers' words only ever match name,
--   description and category (src/catalog/search-facets.ts).
-- `product_search_rows` is the one place an index row is worked out: this migration, the triggers
-- and bench/generate.ts all read it. The bits are those of src/catalog/food-info (14 allergens, 4
-- labels; appended, never reordered).
DROP TABLE `product_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `product_search` USING fts5(
  `name`, `description`, `category`, `facets`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4 5 6 7 8 9 10'
);
--> statement-breakpoint
CREATE VIEW `product_search_rows` AS
SELECT p.`id` AS `id`, p.`category_id` AS `category_id`, p.`name` AS `name`, p.`description` AS `description`, c.`name` AS `category`,
  char(57344) || c.`id`
  || CASE WHEN p.`allergens_declared` = 1 THEN '' ELSE ' ' || char(57346) END
  || coalesce((SELECT group_concat(' ' || char(57345) || b.`value`, '') FROM json_each('[0,1,2,3,4,5,6,7,8,9,10,11,12,13]') b
      WHERE ((p.`contains_allergens` | p.`may_contain_allergens`) >> b.`value`) & 1), '')
  || coalesce((SELECT group_concat(' ' || char(57347) || b.`value`, '') FROM json_each('[0,1,2,3]') b WHERE (p.`diet_labels` >> b.`value`) & 1), '')
  AS `facets`
FROM `products` p JOIN `categories` c ON c.`id` = p.`category_id`
WHERE p.`active` = 1 AND c.`status` = 'active';
--> statement-breakpoint
INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`, `facets`)
SELECT `id`, `name`, `description`, `category`, `facets` FROM `product_search_rows` ORDER BY `id`;
--> statement-breakpoint
INSERT INTO `product_search` (`product_search`) VALUES ('optimize');
--> statement-breakpoint
DROP TRIGGER `product_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `product_search_insert` AFTER INSERT ON `products`
WHEN NEW.`active` = 1
BEGIN
  INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`, `facets`)
  SELECT `id`, `name`, `description`, `category`, `facets` FROM `product_search_rows` WHERE `id` = NEW.`id`;
  INSERT INTO `product_name_trigrams` (`rowid`, `name`)
  SELECT NEW.`id`, NEW.`name` FROM `categories` c WHERE c.`id` = NEW.`category_id` AND c.`status` = 'active';
END;
--> statement-breakpoint
DROP TRIGGER `product_search_update`;
--> statement-breakpoint
-- Only these columns touch the index: stock and sold move on every order and must stay cheap.
CREATE TRIGGER `product_search_update` AFTER UPDATE OF `name`, `description`, `category_id`, `active`, `allergens_declared`, `contains_allergens`, `may_contain_allergens`, `diet_labels` ON `products`
BEGIN
  DELETE FROM `product_search` WHERE `rowid` = OLD.`id`;
  DELETE FROM `product_name_trigrams` WHERE `rowid` = OLD.`id`;
  INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`, `facets`)
  SELECT `id`, `name`, `description`, `category`, `facets` FROM `product_search_rows` WHERE `id` = NEW.`id`;
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
  INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`, `facets`)
  SELECT `id`, `name`, `description`, `category`, `facets` FROM `product_search_rows` WHERE `category_id` = NEW.`id`;
  INSERT INTO `product_name_trigrams` (`rowid`, `name`)
  SELECT p.`id`, p.`name` FROM `products` p
  WHERE p.`category_id` = NEW.`id` AND p.`active` = 1 AND NEW.`status` = 'active';
END;
