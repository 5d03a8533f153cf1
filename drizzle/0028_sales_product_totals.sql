CREATE TABLE `sales_products` (
	`product_id` integer NOT NULL,
	`category_id` integer NOT NULL,
	`name` text NOT NULL,
	`on_shelf` integer NOT NULL,
	`quantity` integer DEFAULT 0 NOT NULL,
	`revenue_cents` integer DEFAULT 0 NOT NULL,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`product_id`, `category_id`)
);
--> statement-breakpoint
CREATE INDEX `sales_products_most_idx` ON `sales_products` (`category_id`,"revenue_cents" desc,"quantity" desc,`name`,`product_id`,`on_shelf`);--> statement-breakpoint
CREATE INDEX `sales_products_least_idx` ON `sales_products` (`category_id`,`revenue_cents`,`quantity`,`name`,`product_id`,`on_shelf`);--> statement-breakpoint
CREATE INDEX `sales_products_name_idx` ON `sales_products` (`category_id`,`on_shelf`,`name`,`product_id`);--> statement-breakpoint
CREATE TABLE `store_zone` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	CONSTRAINT "store_zone_one_row" CHECK("store_zone"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `store_zone_offsets` (
	`starts_at` integer PRIMARY KEY NOT NULL,
	`offset_minutes` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `sales_days` ADD `refunded_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The rollup triggers, written by scripts/rollup-triggers.ts from src/reports/rollup-sql.ts (ADR 059).
DROP TRIGGER IF EXISTS sales_rollup_line_added;
--> statement-breakpoint
DROP TRIGGER IF EXISTS sales_rollup_line_removed;
--> statement-breakpoint
DROP TRIGGER IF EXISTS sales_rollup_line_changed;
--> statement-breakpoint
DROP TRIGGER IF EXISTS sales_rollup_order_state;
--> statement-breakpoint
CREATE TRIGGER sales_rollup_line_added AFTER INSERT ON order_items
WHEN EXISTS (SELECT 1 FROM orders o WHERE o.id = NEW.order_id AND o.state not in ('awaiting_payment', 'cancelled'))
BEGIN
  INSERT INTO sales_daily (day, category_id, product_id, quantity, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, NEW.product_id, 1 * (CASE WHEN NEW.charged_cents IS NULL THEN NEW.quantity WHEN NEW.refused_at IS NOT NULL THEN 0 ELSE coalesce(NEW.picked_quantity, NEW.quantity) END), 1 * coalesce(NEW.charged_cents, NEW.line_total_cents), 1 * (CASE WHEN NEW.charged_cents IS NULL THEN coalesce(NEW.discount_cents, 0) ELSE coalesce(NEW.final_discount_cents, 0) END), 1
  FROM orders o, products p WHERE o.id = NEW.order_id AND p.id = NEW.product_id
  ON CONFLICT (day, category_id, product_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_daily_categories (day, category_id, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, 1 * coalesce(NEW.charged_cents, NEW.line_total_cents), 1 * (CASE WHEN NEW.charged_cents IS NULL THEN coalesce(NEW.discount_cents, 0) ELSE coalesce(NEW.final_discount_cents, 0) END), NOT EXISTS (SELECT 1 FROM order_items x JOIN products xp ON xp.id = x.product_id WHERE x.order_id = NEW.order_id AND x.id <> NEW.id AND xp.category_id = p.category_id)
  FROM orders o, products p WHERE o.id = NEW.order_id AND p.id = NEW.product_id
  ON CONFLICT (day, category_id) DO UPDATE SET revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_days (day, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), 1 * coalesce(NEW.charged_cents, NEW.line_total_cents), 1 * (CASE WHEN NEW.charged_cents IS NULL THEN coalesce(NEW.discount_cents, 0) ELSE coalesce(NEW.final_discount_cents, 0) END), NOT EXISTS (SELECT 1 FROM order_items x WHERE x.order_id = NEW.order_id AND x.id <> NEW.id)
  FROM orders o WHERE o.id = NEW.order_id
  ON CONFLICT (day) DO UPDATE SET revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT NEW.product_id, p.category_id, p.name, p.active, 1 * (CASE WHEN NEW.charged_cents IS NULL THEN NEW.quantity WHEN NEW.refused_at IS NOT NULL THEN 0 ELSE coalesce(NEW.picked_quantity, NEW.quantity) END), 1 * coalesce(NEW.charged_cents, NEW.line_total_cents), 1 * (CASE WHEN NEW.charged_cents IS NULL THEN coalesce(NEW.discount_cents, 0) ELSE coalesce(NEW.final_discount_cents, 0) END), 1
  FROM products p WHERE p.id = NEW.product_id
  ON CONFLICT (product_id, category_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT NEW.product_id, 0, p.name, p.active, 1 * (CASE WHEN NEW.charged_cents IS NULL THEN NEW.quantity WHEN NEW.refused_at IS NOT NULL THEN 0 ELSE coalesce(NEW.picked_quantity, NEW.quantity) END), 1 * coalesce(NEW.charged_cents, NEW.line_total_cents), 1 * (CASE WHEN NEW.charged_cents IS NULL THEN coalesce(NEW.discount_cents, 0) ELSE coalesce(NEW.final_discount_cents, 0) END), 1
  FROM products p WHERE p.id = NEW.product_id
  ON CONFLICT (product_id, category_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
END;
--> statement-breakpoint
CREATE TRIGGER sales_rollup_line_removed AFTER DELETE ON order_items
WHEN EXISTS (SELECT 1 FROM orders o WHERE o.id = OLD.order_id AND o.state not in ('awaiting_payment', 'cancelled'))
BEGIN
  INSERT INTO sales_daily (day, category_id, product_id, quantity, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, OLD.product_id, -1 * (CASE WHEN OLD.charged_cents IS NULL THEN OLD.quantity WHEN OLD.refused_at IS NOT NULL THEN 0 ELSE coalesce(OLD.picked_quantity, OLD.quantity) END), -1 * coalesce(OLD.charged_cents, OLD.line_total_cents), -1 * (CASE WHEN OLD.charged_cents IS NULL THEN coalesce(OLD.discount_cents, 0) ELSE coalesce(OLD.final_discount_cents, 0) END), -1
  FROM orders o, products p WHERE o.id = OLD.order_id AND p.id = OLD.product_id
  ON CONFLICT (day, category_id, product_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_daily_categories (day, category_id, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, -1 * coalesce(OLD.charged_cents, OLD.line_total_cents), -1 * (CASE WHEN OLD.charged_cents IS NULL THEN coalesce(OLD.discount_cents, 0) ELSE coalesce(OLD.final_discount_cents, 0) END), -(NOT EXISTS (SELECT 1 FROM order_items x JOIN products xp ON xp.id = x.product_id WHERE x.order_id = OLD.order_id AND xp.category_id = p.category_id))
  FROM orders o, products p WHERE o.id = OLD.order_id AND p.id = OLD.product_id
  ON CONFLICT (day, category_id) DO UPDATE SET revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_days (day, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), -1 * coalesce(OLD.charged_cents, OLD.line_total_cents), -1 * (CASE WHEN OLD.charged_cents IS NULL THEN coalesce(OLD.discount_cents, 0) ELSE coalesce(OLD.final_discount_cents, 0) END), -(NOT EXISTS (SELECT 1 FROM order_items x WHERE x.order_id = OLD.order_id))
  FROM orders o WHERE o.id = OLD.order_id
  ON CONFLICT (day) DO UPDATE SET revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT OLD.product_id, p.category_id, p.name, p.active, -1 * (CASE WHEN OLD.charged_cents IS NULL THEN OLD.quantity WHEN OLD.refused_at IS NOT NULL THEN 0 ELSE coalesce(OLD.picked_quantity, OLD.quantity) END), -1 * coalesce(OLD.charged_cents, OLD.line_total_cents), -1 * (CASE WHEN OLD.charged_cents IS NULL THEN coalesce(OLD.discount_cents, 0) ELSE coalesce(OLD.final_discount_cents, 0) END), -1
  FROM products p WHERE p.id = OLD.product_id
  ON CONFLICT (product_id, category_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT OLD.product_id, 0, p.name, p.active, -1 * (CASE WHEN OLD.charged_cents IS NULL THEN OLD.quantity WHEN OLD.refused_at IS NOT NULL THEN 0 ELSE coalesce(OLD.picked_quantity, OLD.quantity) END), -1 * coalesce(OLD.charged_cents, OLD.line_total_cents), -1 * (CASE WHEN OLD.charged_cents IS NULL THEN coalesce(OLD.discount_cents, 0) ELSE coalesce(OLD.final_discount_cents, 0) END), -1
  FROM products p WHERE p.id = OLD.product_id
  ON CONFLICT (product_id, category_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
END;
--> statement-breakpoint
CREATE TRIGGER sales_rollup_line_changed AFTER UPDATE OF quantity, line_total_cents, discount_cents, picked_quantity, charged_cents, final_discount_cents, refused_at ON order_items
WHEN EXISTS (SELECT 1 FROM orders o WHERE o.id = NEW.order_id AND o.state not in ('awaiting_payment', 'cancelled'))
BEGIN
  INSERT INTO sales_daily (day, category_id, product_id, quantity, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, OLD.product_id, -1 * (CASE WHEN OLD.charged_cents IS NULL THEN OLD.quantity WHEN OLD.refused_at IS NOT NULL THEN 0 ELSE coalesce(OLD.picked_quantity, OLD.quantity) END), -1 * coalesce(OLD.charged_cents, OLD.line_total_cents), -1 * (CASE WHEN OLD.charged_cents IS NULL THEN coalesce(OLD.discount_cents, 0) ELSE coalesce(OLD.final_discount_cents, 0) END), 0
  FROM orders o, products p WHERE o.id = OLD.order_id AND p.id = OLD.product_id
  ON CONFLICT (day, category_id, product_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_daily_categories (day, category_id, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, -1 * coalesce(OLD.charged_cents, OLD.line_total_cents), -1 * (CASE WHEN OLD.charged_cents IS NULL THEN coalesce(OLD.discount_cents, 0) ELSE coalesce(OLD.final_discount_cents, 0) END), 0
  FROM orders o, products p WHERE o.id = OLD.order_id AND p.id = OLD.product_id
  ON CONFLICT (day, category_id) DO UPDATE SET revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_days (day, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), -1 * coalesce(OLD.charged_cents, OLD.line_total_cents), -1 * (CASE WHEN OLD.charged_cents IS NULL THEN coalesce(OLD.discount_cents, 0) ELSE coalesce(OLD.final_discount_cents, 0) END), 0
  FROM orders o WHERE o.id = OLD.order_id
  ON CONFLICT (day) DO UPDATE SET revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT OLD.product_id, p.category_id, p.name, p.active, -1 * (CASE WHEN OLD.charged_cents IS NULL THEN OLD.quantity WHEN OLD.refused_at IS NOT NULL THEN 0 ELSE coalesce(OLD.picked_quantity, OLD.quantity) END), -1 * coalesce(OLD.charged_cents, OLD.line_total_cents), -1 * (CASE WHEN OLD.charged_cents IS NULL THEN coalesce(OLD.discount_cents, 0) ELSE coalesce(OLD.final_discount_cents, 0) END), 0
  FROM products p WHERE p.id = OLD.product_id
  ON CONFLICT (product_id, category_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT OLD.product_id, 0, p.name, p.active, -1 * (CASE WHEN OLD.charged_cents IS NULL THEN OLD.quantity WHEN OLD.refused_at IS NOT NULL THEN 0 ELSE coalesce(OLD.picked_quantity, OLD.quantity) END), -1 * coalesce(OLD.charged_cents, OLD.line_total_cents), -1 * (CASE WHEN OLD.charged_cents IS NULL THEN coalesce(OLD.discount_cents, 0) ELSE coalesce(OLD.final_discount_cents, 0) END), 0
  FROM products p WHERE p.id = OLD.product_id
  ON CONFLICT (product_id, category_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_daily (day, category_id, product_id, quantity, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, NEW.product_id, 1 * (CASE WHEN NEW.charged_cents IS NULL THEN NEW.quantity WHEN NEW.refused_at IS NOT NULL THEN 0 ELSE coalesce(NEW.picked_quantity, NEW.quantity) END), 1 * coalesce(NEW.charged_cents, NEW.line_total_cents), 1 * (CASE WHEN NEW.charged_cents IS NULL THEN coalesce(NEW.discount_cents, 0) ELSE coalesce(NEW.final_discount_cents, 0) END), 0
  FROM orders o, products p WHERE o.id = NEW.order_id AND p.id = NEW.product_id
  ON CONFLICT (day, category_id, product_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_daily_categories (day, category_id, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, 1 * coalesce(NEW.charged_cents, NEW.line_total_cents), 1 * (CASE WHEN NEW.charged_cents IS NULL THEN coalesce(NEW.discount_cents, 0) ELSE coalesce(NEW.final_discount_cents, 0) END), 0
  FROM orders o, products p WHERE o.id = NEW.order_id AND p.id = NEW.product_id
  ON CONFLICT (day, category_id) DO UPDATE SET revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_days (day, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), 1 * coalesce(NEW.charged_cents, NEW.line_total_cents), 1 * (CASE WHEN NEW.charged_cents IS NULL THEN coalesce(NEW.discount_cents, 0) ELSE coalesce(NEW.final_discount_cents, 0) END), 0
  FROM orders o WHERE o.id = NEW.order_id
  ON CONFLICT (day) DO UPDATE SET revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT NEW.product_id, p.category_id, p.name, p.active, 1 * (CASE WHEN NEW.charged_cents IS NULL THEN NEW.quantity WHEN NEW.refused_at IS NOT NULL THEN 0 ELSE coalesce(NEW.picked_quantity, NEW.quantity) END), 1 * coalesce(NEW.charged_cents, NEW.line_total_cents), 1 * (CASE WHEN NEW.charged_cents IS NULL THEN coalesce(NEW.discount_cents, 0) ELSE coalesce(NEW.final_discount_cents, 0) END), 0
  FROM products p WHERE p.id = NEW.product_id
  ON CONFLICT (product_id, category_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT NEW.product_id, 0, p.name, p.active, 1 * (CASE WHEN NEW.charged_cents IS NULL THEN NEW.quantity WHEN NEW.refused_at IS NOT NULL THEN 0 ELSE coalesce(NEW.picked_quantity, NEW.quantity) END), 1 * coalesce(NEW.charged_cents, NEW.line_total_cents), 1 * (CASE WHEN NEW.charged_cents IS NULL THEN coalesce(NEW.discount_cents, 0) ELSE coalesce(NEW.final_discount_cents, 0) END), 0
  FROM products p WHERE p.id = NEW.product_id
  ON CONFLICT (product_id, category_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
END;
--> statement-breakpoint
CREATE TRIGGER sales_rollup_order_state AFTER UPDATE OF state ON orders
WHEN (OLD.state not in ('awaiting_payment', 'cancelled')) <> (NEW.state not in ('awaiting_payment', 'cancelled'))
BEGIN
  INSERT INTO sales_daily (day, category_id, product_id, quantity, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', NEW.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= NEW.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, oi.product_id, (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * (CASE WHEN oi.charged_cents IS NULL THEN oi.quantity WHEN oi.refused_at IS NOT NULL THEN 0 ELSE coalesce(oi.picked_quantity, oi.quantity) END), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * coalesce(oi.charged_cents, oi.line_total_cents), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * (CASE WHEN oi.charged_cents IS NULL THEN coalesce(oi.discount_cents, 0) ELSE coalesce(oi.final_discount_cents, 0) END), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END)
  FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = NEW.id
  ON CONFLICT (day, category_id, product_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_daily_categories (day, category_id, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', NEW.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= NEW.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * sum(coalesce(oi.charged_cents, oi.line_total_cents)), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * sum((CASE WHEN oi.charged_cents IS NULL THEN coalesce(oi.discount_cents, 0) ELSE coalesce(oi.final_discount_cents, 0) END)), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END)
  FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = NEW.id GROUP BY p.category_id
  ON CONFLICT (day, category_id) DO UPDATE SET revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_days (day, revenue_cents, discount_cents, orders)
  SELECT strftime('%Y-%m-%d', NEW.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= NEW.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * sum(coalesce(oi.charged_cents, oi.line_total_cents)), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * sum((CASE WHEN oi.charged_cents IS NULL THEN coalesce(oi.discount_cents, 0) ELSE coalesce(oi.final_discount_cents, 0) END)), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END)
  FROM order_items oi WHERE oi.order_id = NEW.id GROUP BY oi.order_id
  ON CONFLICT (day) DO UPDATE SET revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_days (day, refunded_cents)
  SELECT strftime('%Y-%m-%d', NEW.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= NEW.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * sum(l.amount_cents)
  FROM payment_ledger l WHERE l.order_id = NEW.id AND l.kind = 'refund' AND l.status = 'succeeded' AND l.order_item_id IS NULL GROUP BY l.order_id
  ON CONFLICT (day) DO UPDATE SET refunded_cents = refunded_cents + excluded.refunded_cents;
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT oi.product_id, p.category_id, p.name, p.active, (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * (CASE WHEN oi.charged_cents IS NULL THEN oi.quantity WHEN oi.refused_at IS NOT NULL THEN 0 ELSE coalesce(oi.picked_quantity, oi.quantity) END), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * coalesce(oi.charged_cents, oi.line_total_cents), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * (CASE WHEN oi.charged_cents IS NULL THEN coalesce(oi.discount_cents, 0) ELSE coalesce(oi.final_discount_cents, 0) END), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END)
  FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = NEW.id
  ON CONFLICT (product_id, category_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
  INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
  SELECT oi.product_id, 0, p.name, p.active, (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * (CASE WHEN oi.charged_cents IS NULL THEN oi.quantity WHEN oi.refused_at IS NOT NULL THEN 0 ELSE coalesce(oi.picked_quantity, oi.quantity) END), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * coalesce(oi.charged_cents, oi.line_total_cents), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * (CASE WHEN oi.charged_cents IS NULL THEN coalesce(oi.discount_cents, 0) ELSE coalesce(oi.final_discount_cents, 0) END), (CASE WHEN NEW.state not in ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END)
  FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = NEW.id
  ON CONFLICT (product_id, category_id) DO UPDATE SET quantity = quantity + excluded.quantity, revenue_cents = revenue_cents + excluded.revenue_cents, discount_cents = discount_cents + excluded.discount_cents, orders = orders + excluded.orders;
END;
--> statement-breakpoint
CREATE TRIGGER sales_rollup_refund_added AFTER INSERT ON payment_ledger
WHEN NEW.kind = 'refund' AND NEW.status = 'succeeded' AND NEW.order_item_id IS NULL AND EXISTS (SELECT 1 FROM orders o WHERE o.id = NEW.order_id AND o.state not in ('awaiting_payment', 'cancelled'))
BEGIN
  INSERT INTO sales_days (day, refunded_cents)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), NEW.amount_cents FROM orders o WHERE o.id = NEW.order_id
  ON CONFLICT (day) DO UPDATE SET refunded_cents = refunded_cents + excluded.refunded_cents;
END;
--> statement-breakpoint
CREATE TRIGGER sales_rollup_refund_settled AFTER UPDATE OF status ON payment_ledger
WHEN NEW.kind = 'refund' AND NEW.order_item_id IS NULL AND (OLD.status = 'succeeded') <> (NEW.status = 'succeeded')
 AND EXISTS (SELECT 1 FROM orders o WHERE o.id = NEW.order_id AND o.state not in ('awaiting_payment', 'cancelled'))
BEGIN
  INSERT INTO sales_days (day, refunded_cents)
  SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), (CASE WHEN NEW.status = 'succeeded' THEN 1 ELSE -1 END) * NEW.amount_cents FROM orders o WHERE o.id = NEW.order_id
  ON CONFLICT (day) DO UPDATE SET refunded_cents = refunded_cents + excluded.refunded_cents;
END;
--> statement-breakpoint
CREATE TRIGGER sales_products_product_added AFTER INSERT ON products
BEGIN
  INSERT INTO sales_products (product_id, category_id, name, on_shelf) VALUES (NEW.id, 0, NEW.name, NEW.active), (NEW.id, NEW.category_id, NEW.name, NEW.active)
  ON CONFLICT (product_id, category_id) DO NOTHING;
END;
--> statement-breakpoint
CREATE TRIGGER sales_products_product_changed AFTER UPDATE OF name, active, category_id ON products
WHEN OLD.name IS NOT NEW.name OR OLD.active IS NOT NEW.active OR OLD.category_id IS NOT NEW.category_id
BEGIN
  INSERT INTO sales_products (product_id, category_id, name, on_shelf) VALUES (NEW.id, NEW.category_id, NEW.name, 0)
  ON CONFLICT (product_id, category_id) DO NOTHING;
  UPDATE sales_products SET name = NEW.name, on_shelf = (NEW.active AND category_id IN (0, NEW.category_id)) WHERE product_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER sales_products_product_removed AFTER DELETE ON products
BEGIN
  DELETE FROM sales_products WHERE product_id = OLD.id;
END;
--> statement-breakpoint
-- What sold before: every rollup again from the order lines and the ledger (REBUILD_ROLLUPS).
DELETE FROM sales_daily;
--> statement-breakpoint
DELETE FROM sales_daily_categories;
--> statement-breakpoint
DELETE FROM sales_days;
--> statement-breakpoint
DELETE FROM sales_products;
--> statement-breakpoint
INSERT INTO sales_daily (day, category_id, product_id, quantity, revenue_cents, discount_cents, orders)
SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, oi.product_id, sum((CASE WHEN oi.charged_cents IS NULL THEN oi.quantity WHEN oi.refused_at IS NOT NULL THEN 0 ELSE coalesce(oi.picked_quantity, oi.quantity) END)), sum(coalesce(oi.charged_cents, oi.line_total_cents)), sum((CASE WHEN oi.charged_cents IS NULL THEN coalesce(oi.discount_cents, 0) ELSE coalesce(oi.final_discount_cents, 0) END)), count(*)
FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
WHERE o.state not in ('awaiting_payment', 'cancelled') GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO sales_daily_categories (day, category_id, revenue_cents, discount_cents, orders)
SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), p.category_id, sum(coalesce(oi.charged_cents, oi.line_total_cents)), sum((CASE WHEN oi.charged_cents IS NULL THEN coalesce(oi.discount_cents, 0) ELSE coalesce(oi.final_discount_cents, 0) END)), count(DISTINCT o.id)
FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
WHERE o.state not in ('awaiting_payment', 'cancelled') GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO sales_days (day, revenue_cents, discount_cents, orders)
SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), sum(coalesce(oi.charged_cents, oi.line_total_cents)), sum((CASE WHEN oi.charged_cents IS NULL THEN coalesce(oi.discount_cents, 0) ELSE coalesce(oi.final_discount_cents, 0) END)), count(DISTINCT o.id)
FROM order_items oi JOIN orders o ON o.id = oi.order_id
WHERE o.state not in ('awaiting_payment', 'cancelled') GROUP BY 1;
--> statement-breakpoint
INSERT INTO sales_days (day, refunded_cents)
SELECT strftime('%Y-%m-%d', o.placed_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= o.placed_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), sum(l.amount_cents)
FROM payment_ledger l JOIN orders o ON o.id = l.order_id
WHERE l.kind = 'refund' AND l.status = 'succeeded' AND l.order_item_id IS NULL AND o.state not in ('awaiting_payment', 'cancelled') GROUP BY 1
ON CONFLICT (day) DO UPDATE SET refunded_cents = refunded_cents + excluded.refunded_cents;
--> statement-breakpoint
INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
SELECT p.id, 0, p.name, p.active, coalesce(s.quantity, 0), coalesce(s.revenue, 0), coalesce(s.discount, 0), coalesce(s.orders, 0)
FROM products p LEFT JOIN (
  SELECT product_id, sum(quantity) AS quantity, sum(revenue_cents) AS revenue, sum(discount_cents) AS discount, sum(orders) AS orders FROM sales_daily GROUP BY product_id
) s ON s.product_id = p.id;
--> statement-breakpoint
INSERT INTO sales_products (product_id, category_id, name, on_shelf, quantity, revenue_cents, discount_cents, orders)
SELECT s.product_id, s.category_id, p.name, p.active AND p.category_id = s.category_id, s.quantity, s.revenue, s.discount, s.orders
FROM (
  SELECT product_id, category_id, sum(quantity) AS quantity, sum(revenue_cents) AS revenue, sum(discount_cents) AS discount, sum(orders) AS orders FROM sales_daily GROUP BY product_id, category_id
) s JOIN products p ON p.id = s.product_id;
--> statement-breakpoint
INSERT INTO sales_products (product_id, category_id, name, on_shelf)
SELECT p.id, p.category_id, p.name, p.active FROM products p WHERE true
ON CONFLICT (product_id, category_id) DO NOTHING;
--> statement-breakpoint
INSERT INTO store_zone (id, name) VALUES (1, 'UTC');
