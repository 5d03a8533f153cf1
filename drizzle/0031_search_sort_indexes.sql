-- Searches sorted by a column (ADR 069). With many matches, a search walks the whole store's shelf
-- in the sort order and keeps the products that match, stopping after the page: popularity already
-- has (active, sold); price and newest get the same. Per aisle, the shelf indexes of 0006 serve.
CREATE INDEX `products_shelf_price_all_idx` ON `products` (`active`, `price_cents`);
--> statement-breakpoint
CREATE INDEX `products_shelf_newest_all_idx` ON `products` (`active`, `created_at`);
--> statement-breakpoint
-- With few matches, a search reads each match's aisle and sort key and sorts them: from this small index
-- instead of the product rows (a row read costs a page of the big table). No `sold`: it changes
-- with every order line, and a checkout should not pay for one more index.
CREATE INDEX `products_search_sort_keys_idx` ON `products` (`id`, `category_id`, `price_cents`, `created_at`);
