CREATE TABLE `sales_daily` (
	`day` text NOT NULL,
	`category_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`quantity` integer DEFAULT 0 NOT NULL,
	`revenue_cents` integer DEFAULT 0 NOT NULL,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `category_id`, `product_id`)
);
--> statement-breakpoint
CREATE INDEX `sales_daily_product_idx` ON `sales_daily` (`product_id`,`day`);--> statement-breakpoint
CREATE TABLE `sales_daily_categories` (
	`day` text NOT NULL,
	`category_id` integer NOT NULL,
	`revenue_cents` integer DEFAULT 0 NOT NULL,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `category_id`)
);
--> statement-breakpoint
CREATE TABLE `sales_days` (
	`day` text PRIMARY KEY NOT NULL,
	`revenue_cents` integer DEFAULT 0 NOT NULL,
	`discount_cents` integer DEFAULT 0 NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL
);--> statement-breakpoint
-- A sale is an order line of an order in a counted state (ADR 024, src/reports/sale.ts): these triggers keep the
-- rollups in the same atomic unit as the line, its change and its order's state change.
CREATE TRIGGER `sales_rollup_line_added` AFTER INSERT ON `order_items`
WHEN EXISTS (SELECT 1 FROM `orders` o WHERE o.`id` = NEW.`order_id` AND o.`state` NOT IN ('awaiting_payment', 'cancelled'))
BEGIN
  INSERT INTO `sales_daily` (`day`, `category_id`, `product_id`, `quantity`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), p.`category_id`, NEW.`product_id`, NEW.`quantity`, NEW.`line_total_cents`, coalesce(NEW.`discount_cents`, 0), 1
  FROM `orders` o, `products` p WHERE o.`id` = NEW.`order_id` AND p.`id` = NEW.`product_id`
  ON CONFLICT (`day`, `category_id`, `product_id`) DO UPDATE SET `quantity` = `quantity` + excluded.`quantity`, `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
  INSERT INTO `sales_daily_categories` (`day`, `category_id`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), p.`category_id`, NEW.`line_total_cents`, coalesce(NEW.`discount_cents`, 0), NOT EXISTS (SELECT 1 FROM `order_items` x JOIN `products` xp ON xp.`id` = x.`product_id` WHERE x.`order_id` = NEW.`order_id` AND x.`id` <> NEW.`id` AND xp.`category_id` = p.`category_id`)
  FROM `orders` o, `products` p WHERE o.`id` = NEW.`order_id` AND p.`id` = NEW.`product_id`
  ON CONFLICT (`day`, `category_id`) DO UPDATE SET `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
  INSERT INTO `sales_days` (`day`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), NEW.`line_total_cents`, coalesce(NEW.`discount_cents`, 0), NOT EXISTS (SELECT 1 FROM `order_items` x WHERE x.`order_id` = NEW.`order_id` AND x.`id` <> NEW.`id`)
  FROM `orders` o WHERE o.`id` = NEW.`order_id`
  ON CONFLICT (`day`) DO UPDATE SET `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
END;
--> statement-breakpoint
CREATE TRIGGER `sales_rollup_line_removed` AFTER DELETE ON `order_items`
WHEN EXISTS (SELECT 1 FROM `orders` o WHERE o.`id` = OLD.`order_id` AND o.`state` NOT IN ('awaiting_payment', 'cancelled'))
BEGIN
  INSERT INTO `sales_daily` (`day`, `category_id`, `product_id`, `quantity`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), p.`category_id`, OLD.`product_id`, -OLD.`quantity`, -OLD.`line_total_cents`, -coalesce(OLD.`discount_cents`, 0), -1
  FROM `orders` o, `products` p WHERE o.`id` = OLD.`order_id` AND p.`id` = OLD.`product_id`
  ON CONFLICT (`day`, `category_id`, `product_id`) DO UPDATE SET `quantity` = `quantity` + excluded.`quantity`, `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
  INSERT INTO `sales_daily_categories` (`day`, `category_id`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), p.`category_id`, -OLD.`line_total_cents`, -coalesce(OLD.`discount_cents`, 0), -(NOT EXISTS (SELECT 1 FROM `order_items` x JOIN `products` xp ON xp.`id` = x.`product_id` WHERE x.`order_id` = OLD.`order_id` AND xp.`category_id` = p.`category_id`))
  FROM `orders` o, `products` p WHERE o.`id` = OLD.`order_id` AND p.`id` = OLD.`product_id`
  ON CONFLICT (`day`, `category_id`) DO UPDATE SET `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
  INSERT INTO `sales_days` (`day`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), -OLD.`line_total_cents`, -coalesce(OLD.`discount_cents`, 0), -(NOT EXISTS (SELECT 1 FROM `order_items` x WHERE x.`order_id` = OLD.`order_id`))
  FROM `orders` o WHERE o.`id` = OLD.`order_id`
  ON CONFLICT (`day`) DO UPDATE SET `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
END;
--> statement-breakpoint
CREATE TRIGGER `sales_rollup_line_changed` AFTER UPDATE OF `quantity`, `line_total_cents`, `discount_cents` ON `order_items`
WHEN EXISTS (SELECT 1 FROM `orders` o WHERE o.`id` = NEW.`order_id` AND o.`state` NOT IN ('awaiting_payment', 'cancelled'))
BEGIN
  INSERT INTO `sales_daily` (`day`, `category_id`, `product_id`, `quantity`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), p.`category_id`, OLD.`product_id`, -OLD.`quantity`, -OLD.`line_total_cents`, -coalesce(OLD.`discount_cents`, 0), 0
  FROM `orders` o, `products` p WHERE o.`id` = OLD.`order_id` AND p.`id` = OLD.`product_id`
  ON CONFLICT (`day`, `category_id`, `product_id`) DO UPDATE SET `quantity` = `quantity` + excluded.`quantity`, `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
  INSERT INTO `sales_daily_categories` (`day`, `category_id`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), p.`category_id`, -OLD.`line_total_cents`, -coalesce(OLD.`discount_cents`, 0), 0
  FROM `orders` o, `products` p WHERE o.`id` = OLD.`order_id` AND p.`id` = OLD.`product_id`
  ON CONFLICT (`day`, `category_id`) DO UPDATE SET `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
  INSERT INTO `sales_days` (`day`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), -OLD.`line_total_cents`, -coalesce(OLD.`discount_cents`, 0), 0
  FROM `orders` o WHERE o.`id` = OLD.`order_id`
  ON CONFLICT (`day`) DO UPDATE SET `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
  INSERT INTO `sales_daily` (`day`, `category_id`, `product_id`, `quantity`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), p.`category_id`, NEW.`product_id`, NEW.`quantity`, NEW.`line_total_cents`, coalesce(NEW.`discount_cents`, 0), 0
  FROM `orders` o, `products` p WHERE o.`id` = NEW.`order_id` AND p.`id` = NEW.`product_id`
  ON CONFLICT (`day`, `category_id`, `product_id`) DO UPDATE SET `quantity` = `quantity` + excluded.`quantity`, `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
  INSERT INTO `sales_daily_categories` (`day`, `category_id`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), p.`category_id`, NEW.`line_total_cents`, coalesce(NEW.`discount_cents`, 0), 0
  FROM `orders` o, `products` p WHERE o.`id` = NEW.`order_id` AND p.`id` = NEW.`product_id`
  ON CONFLICT (`day`, `category_id`) DO UPDATE SET `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
  INSERT INTO `sales_days` (`day`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), NEW.`line_total_cents`, coalesce(NEW.`discount_cents`, 0), 0
  FROM `orders` o WHERE o.`id` = NEW.`order_id`
  ON CONFLICT (`day`) DO UPDATE SET `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
END;
--> statement-breakpoint
CREATE TRIGGER `sales_rollup_order_state` AFTER UPDATE OF `state` ON `orders`
WHEN (OLD.`state` NOT IN ('awaiting_payment', 'cancelled')) <> (NEW.`state` NOT IN ('awaiting_payment', 'cancelled'))
BEGIN
  INSERT INTO `sales_daily` (`day`, `category_id`, `product_id`, `quantity`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', NEW.`placed_at` / 1000, 'unixepoch'), p.`category_id`, oi.`product_id`, (CASE WHEN NEW.`state` NOT IN ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * oi.`quantity`, (CASE WHEN NEW.`state` NOT IN ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * oi.`line_total_cents`, (CASE WHEN NEW.`state` NOT IN ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * coalesce(oi.`discount_cents`, 0), (CASE WHEN NEW.`state` NOT IN ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END)
  FROM `order_items` oi JOIN `products` p ON p.`id` = oi.`product_id` WHERE oi.`order_id` = NEW.`id`
  ON CONFLICT (`day`, `category_id`, `product_id`) DO UPDATE SET `quantity` = `quantity` + excluded.`quantity`, `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
  INSERT INTO `sales_daily_categories` (`day`, `category_id`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', NEW.`placed_at` / 1000, 'unixepoch'), p.`category_id`, (CASE WHEN NEW.`state` NOT IN ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * sum(oi.`line_total_cents`), (CASE WHEN NEW.`state` NOT IN ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * sum(coalesce(oi.`discount_cents`, 0)), (CASE WHEN NEW.`state` NOT IN ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END)
  FROM `order_items` oi JOIN `products` p ON p.`id` = oi.`product_id` WHERE oi.`order_id` = NEW.`id` GROUP BY p.`category_id`
  ON CONFLICT (`day`, `category_id`) DO UPDATE SET `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
  INSERT INTO `sales_days` (`day`, `revenue_cents`, `discount_cents`, `orders`)
  SELECT strftime('%Y-%m-%d', NEW.`placed_at` / 1000, 'unixepoch'), (CASE WHEN NEW.`state` NOT IN ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * sum(oi.`line_total_cents`), (CASE WHEN NEW.`state` NOT IN ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END) * sum(coalesce(oi.`discount_cents`, 0)), (CASE WHEN NEW.`state` NOT IN ('awaiting_payment', 'cancelled') THEN 1 ELSE -1 END)
  FROM `order_items` oi WHERE oi.`order_id` = NEW.`id` GROUP BY oi.`order_id`
  ON CONFLICT (`day`) DO UPDATE SET `revenue_cents` = `revenue_cents` + excluded.`revenue_cents`, `discount_cents` = `discount_cents` + excluded.`discount_cents`, `orders` = `orders` + excluded.`orders`;
END;
--> statement-breakpoint
-- What sold before the rollups existed.
INSERT INTO `sales_daily` (`day`, `category_id`, `product_id`, `quantity`, `revenue_cents`, `discount_cents`, `orders`)
SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), p.`category_id`, oi.`product_id`, sum(oi.`quantity`), sum(oi.`line_total_cents`), sum(coalesce(oi.`discount_cents`, 0)), count(*)
FROM `order_items` oi JOIN `orders` o ON o.`id` = oi.`order_id` JOIN `products` p ON p.`id` = oi.`product_id`
WHERE o.`state` NOT IN ('awaiting_payment', 'cancelled') GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `sales_daily_categories` (`day`, `category_id`, `revenue_cents`, `discount_cents`, `orders`)
SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), p.`category_id`, sum(oi.`line_total_cents`), sum(coalesce(oi.`discount_cents`, 0)), count(DISTINCT o.`id`)
FROM `order_items` oi JOIN `orders` o ON o.`id` = oi.`order_id` JOIN `products` p ON p.`id` = oi.`product_id`
WHERE o.`state` NOT IN ('awaiting_payment', 'cancelled') GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO `sales_days` (`day`, `revenue_cents`, `discount_cents`, `orders`)
SELECT strftime('%Y-%m-%d', o.`placed_at` / 1000, 'unixepoch'), sum(oi.`line_total_cents`), sum(coalesce(oi.`discount_cents`, 0)), count(DISTINCT o.`id`)
FROM `order_items` oi JOIN `orders` o ON o.`id` = oi.`order_id`
WHERE o.`state` NOT IN ('awaiting_payment', 'cancelled') GROUP BY 1;
