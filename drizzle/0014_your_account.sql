CREATE TABLE `data_exports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`job_id` integer,
	`data` text,
	`orders_csv` text,
	`ready_at` integer,
	`expires_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `data_exports_user_idx` ON `data_exports` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `email_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`old_email` text NOT NULL,
	`new_email` text NOT NULL,
	`confirm_hash` text NOT NULL,
	`undo_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`undo_until` integer NOT NULL,
	`confirmed_at` integer,
	`cancelled_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "email_changes_new_lowercase" CHECK("email_changes"."new_email" = lower("email_changes"."new_email"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_changes_confirm_unique` ON `email_changes` (`confirm_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `email_changes_undo_unique` ON `email_changes` (`undo_hash`);--> statement-breakpoint
CREATE INDEX `email_changes_user_idx` ON `email_changes` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `reauth_codes` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`code_hash` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sign_ins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`session_hash` text,
	`family_id` text,
	`user_agent` text,
	`ip` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_used_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "sign_ins_kind_valid" CHECK("sign_ins"."kind" in ('browser', 'api')),
	CONSTRAINT "sign_ins_one_handle" CHECK(("sign_ins"."kind" = 'browser' and "sign_ins"."session_hash" is not null and "sign_ins"."family_id" is null) or ("sign_ins"."kind" = 'api' and "sign_ins"."family_id" is not null and "sign_ins"."session_hash" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sign_ins_session_unique` ON `sign_ins` (`session_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `sign_ins_family_unique` ON `sign_ins` (`family_id`);--> statement-breakpoint
CREATE INDEX `sign_ins_user_idx` ON `sign_ins` (`user_id`,`last_used_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `deleted_at` integer;--> statement-breakpoint
-- Every place an account is logged in has a sign_ins row, kept by the database itself: a session or
-- the first token of an API log-in adds it, a refresh rotation marks it used, and ending the session
-- or revoking the family removes it (so the access tokens that name it stop working too).
CREATE TRIGGER `sign_ins_session_started` AFTER INSERT ON `sessions`
BEGIN
  INSERT INTO `sign_ins` (`user_id`, `kind`, `session_hash`, `created_at`, `last_used_at`)
  VALUES (NEW.`user_id`, 'browser', NEW.`token_hash`, NEW.`created_at`, NEW.`created_at`);
END;
--> statement-breakpoint
CREATE TRIGGER `sign_ins_session_ended` AFTER DELETE ON `sessions`
BEGIN
  DELETE FROM `sign_ins` WHERE `session_hash` = OLD.`token_hash`;
END;
--> statement-breakpoint
CREATE TRIGGER `sign_ins_api_token_issued` AFTER INSERT ON `api_refresh_tokens`
BEGIN
  INSERT INTO `sign_ins` (`user_id`, `kind`, `family_id`, `created_at`, `last_used_at`)
  VALUES (NEW.`user_id`, 'api', NEW.`family_id`, NEW.`created_at`, NEW.`created_at`)
  ON CONFLICT (`family_id`) DO UPDATE SET `last_used_at` = excluded.`last_used_at`;
END;
--> statement-breakpoint
CREATE TRIGGER `sign_ins_api_family_revoked` AFTER UPDATE OF `revoked_at` ON `api_refresh_tokens`
WHEN NEW.`revoked_at` IS NOT NULL
BEGIN
  DELETE FROM `sign_ins` WHERE `family_id` = NEW.`family_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `sign_ins_api_tokens_deleted` AFTER DELETE ON `api_refresh_tokens`
WHEN NOT EXISTS (SELECT 1 FROM `api_refresh_tokens` WHERE `family_id` = OLD.`family_id`)
BEGIN
  DELETE FROM `sign_ins` WHERE `family_id` = OLD.`family_id`;
END;
--> statement-breakpoint
-- The sessions and API log-ins open when this migration runs.
INSERT INTO `sign_ins` (`user_id`, `kind`, `session_hash`, `created_at`, `last_used_at`)
SELECT `user_id`, 'browser', `token_hash`, `created_at`, `created_at` FROM `sessions`;
--> statement-breakpoint
INSERT INTO `sign_ins` (`user_id`, `kind`, `family_id`, `created_at`, `last_used_at`)
SELECT min(`user_id`), 'api', `family_id`, min(`created_at`), max(`created_at`) FROM `api_refresh_tokens`
GROUP BY `family_id` HAVING count(`revoked_at`) = 0;
