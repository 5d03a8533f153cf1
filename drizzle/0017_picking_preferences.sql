-- Picking (ADR 028): weight-priced pieces, the aisle walk order, substitution preferences carried
-- from the cart to the order, and the most an order may be charged. Columns are added in place,
-- each CHECK on the last column it reads: rebuilding products, categories, orders or order_items
-- would drop their triggers (and a rebuilt orders would cascade-delete its lines).
ALTER TABLE `categories` ADD `walk_order` integer CONSTRAINT "categories_walk_order_valid" CHECK("walk_order" is null or "walk_order" between 0 and 9999);
--> statement-breakpoint
ALTER TABLE `products` ADD `price_per_kg_cents` integer;
--> statement-breakpoint
ALTER TABLE `products` ADD `estimated_weight_g` integer CONSTRAINT "products_priced_by_weight_valid" CHECK(("price_per_kg_cents" is null and "estimated_weight_g" is null) or ("price_per_kg_cents" > 0 and "estimated_weight_g" > 0 and "unit" = 'each' and "price_cents" = ("price_per_kg_cents" * "estimated_weight_g" + 500) / 1000));
--> statement-breakpoint
ALTER TABLE `users` ADD `allow_substitutes` integer;
--> statement-breakpoint
ALTER TABLE `cart_items` ADD `allow_substitute` integer;
--> statement-breakpoint
ALTER TABLE `cart_items` ADD `substitute_note` text CONSTRAINT "cart_items_note_length" CHECK("substitute_note" is null or length("substitute_note") between 1 and 200);
--> statement-breakpoint
ALTER TABLE `orders` ADD `weight_tolerance_bp` integer CONSTRAINT "orders_weight_tolerance_valid" CHECK("weight_tolerance_bp" is null or "weight_tolerance_bp" between 0 and 5000);
--> statement-breakpoint
ALTER TABLE `orders` ADD `max_charge_cents` integer CONSTRAINT "orders_max_charge_valid" CHECK("max_charge_cents" is null or "max_charge_cents" >= "total_cents" + "delivery_fee_cents");
--> statement-breakpoint
ALTER TABLE `order_items` ADD `allow_substitute` integer DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE `order_items` ADD `substitute_note` text CONSTRAINT "order_items_note_length" CHECK("substitute_note" is null or length("substitute_note") between 1 and 200);
--> statement-breakpoint
ALTER TABLE `order_items` ADD `price_per_kg_cents` integer;
--> statement-breakpoint
ALTER TABLE `order_items` ADD `estimated_weight_g` integer CONSTRAINT "order_items_priced_by_weight_valid" CHECK(("price_per_kg_cents" is null and "estimated_weight_g" is null) or ("price_per_kg_cents" > 0 and "estimated_weight_g" > 0));
