-- Back-office catalog rules the database holds itself.

-- A product has at most 8 images, whichever request (or racing requests) adds them.
CREATE TRIGGER `product_images_at_most_eight` BEFORE INSERT ON `product_images`
WHEN (SELECT count(*) FROM `product_images` WHERE `product_id` = NEW.`product_id`) >= 8
BEGIN
  SELECT RAISE(ABORT, 'product_image_limit');
END;
--> statement-breakpoint
-- One open change request per category at a time, so the admin never decides on stale proposals.
CREATE UNIQUE INDEX `category_requests_one_pending` ON `category_requests` (`category_id`) WHERE `status` = 'pending' AND `category_id` IS NOT NULL;
