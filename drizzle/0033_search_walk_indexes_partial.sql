-- 0031's whole-store walk indexes began with `active`, and SQLite (no statistics) then took them for
-- any `active = ?` filter: a look-up of 24 products by id walked every active product instead
-- (100 ms at 1M products). As partial indexes on the active products they serve only a query that
-- says `active = 1` itself, as the sorted search's walk does (ADR 069).
DROP INDEX `products_shelf_price_all_idx`;
--> statement-breakpoint
DROP INDEX `products_shelf_newest_all_idx`;
--> statement-breakpoint
CREATE INDEX `products_shelf_price_all_idx` ON `products` (`price_cents`) WHERE `active` = 1;
--> statement-breakpoint
CREATE INDEX `products_shelf_newest_all_idx` ON `products` (`created_at`) WHERE `active` = 1;
