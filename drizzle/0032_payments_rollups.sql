CREATE TABLE `payments_days` (
	`day` text NOT NULL,
	`method` text NOT NULL,
	`taken_cents` integer DEFAULT 0 NOT NULL,
	`refunded_cents` integer DEFAULT 0 NOT NULL,
	`payments` integer DEFAULT 0 NOT NULL,
	`refunds` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `method`)
);
--> statement-breakpoint
CREATE TABLE `payments_owed` (
	`order_id` integer PRIMARY KEY NOT NULL,
	`owed_cents` integer NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER payments_days_added AFTER INSERT ON payment_ledger
WHEN NEW.status = 'succeeded' AND NEW.kind IN ('capture', 'collection', 'refund')
BEGIN
  INSERT INTO payments_days (day, method, taken_cents, refunded_cents, payments, refunds)
  SELECT strftime('%Y-%m-%d', NEW.updated_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= NEW.updated_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), NEW.method,
    1 * (CASE WHEN NEW.kind = 'refund' THEN 0 ELSE NEW.amount_cents END), 1 * (CASE WHEN NEW.kind = 'refund' THEN NEW.amount_cents ELSE 0 END),
    1 * (CASE WHEN NEW.kind = 'refund' THEN 0 ELSE 1 END), 1 * (CASE WHEN NEW.kind = 'refund' THEN 1 ELSE 0 END)
  WHERE NEW.status = 'succeeded' AND NEW.kind IN ('capture', 'collection', 'refund')
  ON CONFLICT (day, method) DO UPDATE SET taken_cents = taken_cents + excluded.taken_cents, refunded_cents = refunded_cents + excluded.refunded_cents, payments = payments + excluded.payments, refunds = refunds + excluded.refunds;
END;
--> statement-breakpoint
CREATE TRIGGER payments_days_changed AFTER UPDATE ON payment_ledger
WHEN (OLD.status = 'succeeded' AND OLD.kind IN ('capture', 'collection', 'refund')) OR (NEW.status = 'succeeded' AND NEW.kind IN ('capture', 'collection', 'refund'))
BEGIN
  INSERT INTO payments_days (day, method, taken_cents, refunded_cents, payments, refunds)
  SELECT strftime('%Y-%m-%d', OLD.updated_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= OLD.updated_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), OLD.method,
    -1 * (CASE WHEN OLD.kind = 'refund' THEN 0 ELSE OLD.amount_cents END), -1 * (CASE WHEN OLD.kind = 'refund' THEN OLD.amount_cents ELSE 0 END),
    -1 * (CASE WHEN OLD.kind = 'refund' THEN 0 ELSE 1 END), -1 * (CASE WHEN OLD.kind = 'refund' THEN 1 ELSE 0 END)
  WHERE OLD.status = 'succeeded' AND OLD.kind IN ('capture', 'collection', 'refund')
  ON CONFLICT (day, method) DO UPDATE SET taken_cents = taken_cents + excluded.taken_cents, refunded_cents = refunded_cents + excluded.refunded_cents, payments = payments + excluded.payments, refunds = refunds + excluded.refunds;
  INSERT INTO payments_days (day, method, taken_cents, refunded_cents, payments, refunds)
  SELECT strftime('%Y-%m-%d', NEW.updated_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= NEW.updated_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), NEW.method,
    1 * (CASE WHEN NEW.kind = 'refund' THEN 0 ELSE NEW.amount_cents END), 1 * (CASE WHEN NEW.kind = 'refund' THEN NEW.amount_cents ELSE 0 END),
    1 * (CASE WHEN NEW.kind = 'refund' THEN 0 ELSE 1 END), 1 * (CASE WHEN NEW.kind = 'refund' THEN 1 ELSE 0 END)
  WHERE NEW.status = 'succeeded' AND NEW.kind IN ('capture', 'collection', 'refund')
  ON CONFLICT (day, method) DO UPDATE SET taken_cents = taken_cents + excluded.taken_cents, refunded_cents = refunded_cents + excluded.refunded_cents, payments = payments + excluded.payments, refunds = refunds + excluded.refunds;
END;
--> statement-breakpoint
CREATE TRIGGER payments_days_removed AFTER DELETE ON payment_ledger
WHEN OLD.status = 'succeeded' AND OLD.kind IN ('capture', 'collection', 'refund')
BEGIN
  INSERT INTO payments_days (day, method, taken_cents, refunded_cents, payments, refunds)
  SELECT strftime('%Y-%m-%d', OLD.updated_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= OLD.updated_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch'), OLD.method,
    -1 * (CASE WHEN OLD.kind = 'refund' THEN 0 ELSE OLD.amount_cents END), -1 * (CASE WHEN OLD.kind = 'refund' THEN OLD.amount_cents ELSE 0 END),
    -1 * (CASE WHEN OLD.kind = 'refund' THEN 0 ELSE 1 END), -1 * (CASE WHEN OLD.kind = 'refund' THEN 1 ELSE 0 END)
  WHERE OLD.status = 'succeeded' AND OLD.kind IN ('capture', 'collection', 'refund')
  ON CONFLICT (day, method) DO UPDATE SET taken_cents = taken_cents + excluded.taken_cents, refunded_cents = refunded_cents + excluded.refunded_cents, payments = payments + excluded.payments, refunds = refunds + excluded.refunds;
END;
--> statement-breakpoint
CREATE TRIGGER payments_owed_order_added AFTER INSERT ON orders
WHEN NEW.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed')
BEGIN
  DELETE FROM payments_owed WHERE order_id = NEW.id;
  INSERT INTO payments_owed (order_id, owed_cents)
  SELECT id, owed FROM (
    SELECT o.id, coalesce(o.final_total_cents, o.total_cents) + o.delivery_fee_cents
      - coalesce((SELECT sum(l.amount_cents) FROM payment_ledger l WHERE l.order_id = o.id AND l.status = 'succeeded' AND l.kind IN ('capture', 'collection')), 0) AS owed
    FROM orders o
    WHERE o.id = NEW.id AND o.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed')
      AND NOT EXISTS (SELECT 1 FROM payment_ledger l WHERE l.order_id = o.id AND l.method = 'card')
  ) WHERE owed > 0;
END;
--> statement-breakpoint
CREATE TRIGGER payments_owed_order_changed AFTER UPDATE OF state, total_cents, final_total_cents, delivery_fee_cents ON orders
WHEN OLD.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed') OR NEW.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed')
BEGIN
  DELETE FROM payments_owed WHERE order_id = NEW.id;
  INSERT INTO payments_owed (order_id, owed_cents)
  SELECT id, owed FROM (
    SELECT o.id, coalesce(o.final_total_cents, o.total_cents) + o.delivery_fee_cents
      - coalesce((SELECT sum(l.amount_cents) FROM payment_ledger l WHERE l.order_id = o.id AND l.status = 'succeeded' AND l.kind IN ('capture', 'collection')), 0) AS owed
    FROM orders o
    WHERE o.id = NEW.id AND o.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed')
      AND NOT EXISTS (SELECT 1 FROM payment_ledger l WHERE l.order_id = o.id AND l.method = 'card')
  ) WHERE owed > 0;
END;
--> statement-breakpoint
CREATE TRIGGER payments_owed_ledger_added AFTER INSERT ON payment_ledger
WHEN EXISTS (SELECT 1 FROM orders o WHERE o.id = NEW.order_id AND o.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed'))
BEGIN
  DELETE FROM payments_owed WHERE order_id = NEW.order_id;
  INSERT INTO payments_owed (order_id, owed_cents)
  SELECT id, owed FROM (
    SELECT o.id, coalesce(o.final_total_cents, o.total_cents) + o.delivery_fee_cents
      - coalesce((SELECT sum(l.amount_cents) FROM payment_ledger l WHERE l.order_id = o.id AND l.status = 'succeeded' AND l.kind IN ('capture', 'collection')), 0) AS owed
    FROM orders o
    WHERE o.id = NEW.order_id AND o.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed')
      AND NOT EXISTS (SELECT 1 FROM payment_ledger l WHERE l.order_id = o.id AND l.method = 'card')
  ) WHERE owed > 0;
END;
--> statement-breakpoint
CREATE TRIGGER payments_owed_ledger_changed AFTER UPDATE OF order_id, method, kind, status, amount_cents ON payment_ledger
WHEN EXISTS (SELECT 1 FROM orders o WHERE o.id = NEW.order_id AND o.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed')) OR EXISTS (SELECT 1 FROM orders o WHERE o.id = OLD.order_id AND o.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed'))
BEGIN
  DELETE FROM payments_owed WHERE order_id = OLD.order_id;
  INSERT INTO payments_owed (order_id, owed_cents)
  SELECT id, owed FROM (
    SELECT o.id, coalesce(o.final_total_cents, o.total_cents) + o.delivery_fee_cents
      - coalesce((SELECT sum(l.amount_cents) FROM payment_ledger l WHERE l.order_id = o.id AND l.status = 'succeeded' AND l.kind IN ('capture', 'collection')), 0) AS owed
    FROM orders o
    WHERE o.id = OLD.order_id AND o.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed')
      AND NOT EXISTS (SELECT 1 FROM payment_ledger l WHERE l.order_id = o.id AND l.method = 'card')
  ) WHERE owed > 0;
  DELETE FROM payments_owed WHERE order_id = NEW.order_id;
  INSERT INTO payments_owed (order_id, owed_cents)
  SELECT id, owed FROM (
    SELECT o.id, coalesce(o.final_total_cents, o.total_cents) + o.delivery_fee_cents
      - coalesce((SELECT sum(l.amount_cents) FROM payment_ledger l WHERE l.order_id = o.id AND l.status = 'succeeded' AND l.kind IN ('capture', 'collection')), 0) AS owed
    FROM orders o
    WHERE o.id = NEW.order_id AND o.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed')
      AND NOT EXISTS (SELECT 1 FROM payment_ledger l WHERE l.order_id = o.id AND l.method = 'card')
  ) WHERE owed > 0;
END;
--> statement-breakpoint
CREATE TRIGGER payments_owed_ledger_removed AFTER DELETE ON payment_ledger
WHEN EXISTS (SELECT 1 FROM orders o WHERE o.id = OLD.order_id AND o.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed'))
BEGIN
  DELETE FROM payments_owed WHERE order_id = OLD.order_id;
  INSERT INTO payments_owed (order_id, owed_cents)
  SELECT id, owed FROM (
    SELECT o.id, coalesce(o.final_total_cents, o.total_cents) + o.delivery_fee_cents
      - coalesce((SELECT sum(l.amount_cents) FROM payment_ledger l WHERE l.order_id = o.id AND l.status = 'succeeded' AND l.kind IN ('capture', 'collection')), 0) AS owed
    FROM orders o
    WHERE o.id = OLD.order_id AND o.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed')
      AND NOT EXISTS (SELECT 1 FROM payment_ledger l WHERE l.order_id = o.id AND l.method = 'card')
  ) WHERE owed > 0;
END;
--> statement-breakpoint
DELETE FROM payments_days;
--> statement-breakpoint
INSERT INTO payments_days (day, method, taken_cents, refunded_cents, payments, refunds)
SELECT strftime('%Y-%m-%d', l.updated_at / 1000 + 60 * coalesce((SELECT z.offset_minutes FROM store_zone_offsets z WHERE z.starts_at <= l.updated_at ORDER BY z.starts_at DESC LIMIT 1), 0), 'unixepoch') AS day, l.method,
  sum(CASE WHEN l.kind = 'refund' THEN 0 ELSE l.amount_cents END) AS taken_cents, sum(CASE WHEN l.kind = 'refund' THEN l.amount_cents ELSE 0 END) AS refunded_cents,
  sum(CASE WHEN l.kind = 'refund' THEN 0 ELSE 1 END) AS payments, sum(CASE WHEN l.kind = 'refund' THEN 1 ELSE 0 END) AS refunds
FROM payment_ledger l WHERE l.status = 'succeeded' AND l.kind IN ('capture', 'collection', 'refund') GROUP BY 1, 2;
--> statement-breakpoint
DELETE FROM payments_owed;
--> statement-breakpoint
INSERT INTO payments_owed (order_id, owed_cents)
SELECT o.id AS order_id, coalesce(o.final_total_cents, o.total_cents) + o.delivery_fee_cents - coalesce(sum(CASE WHEN l.status = 'succeeded' AND l.kind IN ('capture', 'collection') THEN l.amount_cents ELSE 0 END), 0) AS owed
FROM orders o LEFT JOIN payment_ledger l ON l.order_id = o.id
WHERE o.state IN ('picked', 'out_for_delivery', 'ready_for_pickup', 'completed')
GROUP BY o.id
HAVING coalesce(sum(CASE WHEN l.method = 'card' THEN 1 ELSE 0 END), 0) = 0 AND owed > 0;
