CREATE TABLE `search_rows` (
	`id` integer PRIMARY KEY NOT NULL,
	`story_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_rows_story_id_unique` ON `search_rows` (`story_id`);