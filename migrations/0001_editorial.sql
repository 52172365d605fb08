CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE TABLE `changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resource` text NOT NULL,
	`resource_id` text NOT NULL,
	`slug` text,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`effective_at` integer NOT NULL,
	`previous_score` integer,
	`current_score` integer,
	`detail_json` text DEFAULT '{}' NOT NULL,
	`actor` text
);
--> statement-breakpoint
CREATE INDEX `changes_resource_idx` ON `changes` (`resource`,`resource_id`,`seq`);--> statement-breakpoint
CREATE INDEX `changes_effective_idx` ON `changes` (`effective_at`,`seq`);--> statement-breakpoint
CREATE TABLE `slug_redirects` (
	`resource` text NOT NULL,
	`old_slug` text NOT NULL,
	`target_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`resource`, `old_slug`)
);
--> statement-breakpoint
CREATE INDEX `slug_redirects_target_idx` ON `slug_redirects` (`target_id`);