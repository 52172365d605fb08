CREATE TABLE `review_platforms` (
	`story_id` text NOT NULL,
	`platform` text NOT NULL,
	`public_at` integer,
	PRIMARY KEY(`platform`, `story_id`),
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `review_platforms_platform_public_idx` ON `review_platforms` (`platform`,"public_at" desc,"story_id" desc);--> statement-breakpoint
ALTER TABLE `subjects` ADD `offers_json` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `verdicts` ADD `state` text DEFAULT 'final' NOT NULL;--> statement-breakpoint
ALTER TABLE `verdicts` ADD `details_json` text DEFAULT '{}' NOT NULL;