CREATE TABLE `import_items` (
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`external_id` text NOT NULL,
	`target_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`target_updated_at` integer,
	`extra_json` text DEFAULT '{}' NOT NULL,
	`imported_at` integer NOT NULL,
	PRIMARY KEY(`source`, `kind`, `external_id`)
);
--> statement-breakpoint
CREATE INDEX `import_items_target_idx` ON `import_items` (`target_id`);--> statement-breakpoint
CREATE TABLE `legacy_paths` (
	`path` text PRIMARY KEY NOT NULL,
	`story_id` text NOT NULL,
	`rank` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `legacy_paths_story_idx` ON `legacy_paths` (`story_id`);