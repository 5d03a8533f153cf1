-- A token for "allergens declared" (U+E005) beside 0035's "not declared" (U+E002), so a "free from"
-- search in a store where few products declare their allergens asks `AND facets : declared`:
-- FTS5 then steps through the few declared products, where `NOT facets : (not declared OR …)`
-- alone stepped through every match of the words (19-31 ms for "fresh" free from gluten at 1M
-- products when none declares). With many declared the NOT alone stays the quicker (ADR 086,
-- src/catalog/search-facets.ts). Only the declared products' index rows change.
DROP VIEW `product_search_rows`;
--> statement-breakpoint
CREATE VIEW `product_search_rows` AS
SELECT p.`id` AS `id`, p.`category_id` AS `category_id`, p.`name` AS `name`, p.`description` AS `description`, c.`name` AS `category`,
  char(57344) || c.`id`
  || CASE WHEN p.`allergens_declared` = 1 THEN ' ' || char(57349) ELSE ' ' || char(57346) END
  || coalesce((SELECT group_concat(' ' || char(57345) || b.`value`, '') FROM json_each('[0,1,2,3,4,5,6,7,8,9,10,11,12,13]') b
      WHERE ((p.`contains_allergens` | p.`may_contain_allergens`) >> b.`value`) & 1), '')
  || coalesce((SELECT group_concat(' ' || char(57347) || b.`value`, '') FROM json_each('[0,1,2,3]') b WHERE (p.`diet_labels` >> b.`value`) & 1), '')
  AS `facets`
FROM `products` p JOIN `categories` c ON c.`id` = p.`category_id`
WHERE p.`active` = 1 AND c.`status` = 'active';
--> statement-breakpoint
DELETE FROM `product_search` WHERE `rowid` IN (SELECT `id` FROM `products` WHERE `allergens_declared` = 1);
--> statement-breakpoint
INSERT INTO `product_search` (`rowid`, `name`, `description`, `category`, `facets`)
SELECT r.`id`, r.`name`, r.`description`, r.`category`, r.`facets` FROM `product_search_rows` r
JOIN `products` p ON p.`id` = r.`id` WHERE p.`allergens_declared` = 1 ORDER BY r.`id`;
--> statement-breakpoint
-- Rewritten rows leave the index in many pieces (searches 2-3x slower until merged): one piece again.
INSERT INTO `product_search` (`product_search`) VALUES ('optimize');
