CREATE TABLE `authors` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`job_title` text DEFAULT '' NOT NULL,
	`bio` text DEFAULT '' NOT NULL,
	`avatar_media_id` text,
	`social_json` text DEFAULT '{}' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`avatar_media_id`) REFERENCES `media`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `authors_slug_unique` ON `authors` (`slug`);--> statement-breakpoint
CREATE INDEX `authors_name_idx` ON `authors` (`name`,`id`);--> statement-breakpoint
CREATE TABLE `media` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`url` text NOT NULL,
	`mime_type` text NOT NULL,
	`alt` text DEFAULT '' NOT NULL,
	`caption` text DEFAULT '' NOT NULL,
	`credit` text DEFAULT '' NOT NULL,
	`width` integer,
	`height` integer,
	`duration_seconds` integer,
	`size_bytes` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `review_awards` (
	`story_id` text NOT NULL,
	`award` text NOT NULL,
	`public_at` integer,
	PRIMARY KEY(`award`, `story_id`),
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `review_awards_award_public_idx` ON `review_awards` (`award`,"public_at" desc,"story_id" desc);--> statement-breakpoint
CREATE TABLE `sections` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sections_slug_unique` ON `sections` (`slug`);--> statement-breakpoint
CREATE INDEX `sections_position_idx` ON `sections` (`position`,`id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stories` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`section_id` text NOT NULL,
	`subject_id` text,
	`subject_kind` text,
	`published_at` integer,
	`public_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`reading_time_minutes` integer DEFAULT 1 NOT NULL,
	`hero_media_id` text,
	`attachment_media_id` text,
	`title` text NOT NULL,
	`dek` text DEFAULT '' NOT NULL,
	`etag` text DEFAULT '' NOT NULL,
	`surrogate_keys` text DEFAULT '' NOT NULL,
	`card_json` text DEFAULT '{}' NOT NULL,
	`doc_json` text DEFAULT '{}' NOT NULL,
	`body_markdown` text DEFAULT '' NOT NULL,
	`body_html` text DEFAULT '' NOT NULL,
	`body_text` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`section_id`) REFERENCES `sections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`subject_id`) REFERENCES `subjects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hero_media_id`) REFERENCES `media`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attachment_media_id`) REFERENCES `media`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stories_slug_idx` ON `stories` (`slug`);--> statement-breakpoint
CREATE INDEX `stories_public_idx` ON `stories` ("public_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX `stories_type_public_idx` ON `stories` (`type`,"public_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX `stories_section_public_idx` ON `stories` (`section_id`,"public_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX `stories_subject_kind_public_idx` ON `stories` (`subject_kind`,"public_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX `stories_subject_idx` ON `stories` (`subject_id`,"public_at" desc);--> statement-breakpoint
CREATE TABLE `story_authors` (
	`story_id` text NOT NULL,
	`author_id` text NOT NULL,
	`position` integer NOT NULL,
	`public_at` integer,
	PRIMARY KEY(`story_id`, `author_id`),
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `story_authors_author_public_idx` ON `story_authors` (`author_id`,"public_at" desc,"story_id" desc);--> statement-breakpoint
CREATE TABLE `story_media` (
	`story_id` text NOT NULL,
	`media_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`story_id`, `media_id`),
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`media_id`) REFERENCES `media`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `story_media_media_idx` ON `story_media` (`media_id`);--> statement-breakpoint
CREATE TABLE `story_tags` (
	`story_id` text NOT NULL,
	`tag_id` text NOT NULL,
	`position` integer NOT NULL,
	`public_at` integer,
	PRIMARY KEY(`story_id`, `tag_id`),
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `story_tags_tag_public_idx` ON `story_tags` (`tag_id`,"public_at" desc,"story_id" desc);--> statement-breakpoint
CREATE TABLE `subjects` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`release_date` text,
	`release_year` integer,
	`description` text DEFAULT '' NOT NULL,
	`creators_json` text DEFAULT '[]' NOT NULL,
	`cast_json` text DEFAULT '[]' NOT NULL,
	`platforms_json` text DEFAULT '[]' NOT NULL,
	`genres_json` text DEFAULT '[]' NOT NULL,
	`external_ids_json` text DEFAULT '{}' NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subjects_slug_unique` ON `subjects` (`slug`);--> statement-breakpoint
CREATE TABLE `tags` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_slug_unique` ON `tags` (`slug`);--> statement-breakpoint
CREATE INDEX `tags_name_idx` ON `tags` (`name`,`id`);--> statement-breakpoint
CREATE TABLE `verdicts` (
	`story_id` text PRIMARY KEY NOT NULL,
	`score_format_json` text NOT NULL,
	`score_value` real,
	`score_label` text,
	`normalized_score` integer,
	`score_rank` integer NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`pros_json` text DEFAULT '[]' NOT NULL,
	`cons_json` text DEFAULT '[]' NOT NULL,
	`awards_json` text DEFAULT '[]' NOT NULL,
	`reviewed_on` text,
	`section_id` text NOT NULL,
	`subject_kind` text,
	`public_at` integer,
	`etag` text DEFAULT '' NOT NULL,
	`verdict_json` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`story_id`) REFERENCES `stories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `verdicts_rank_idx` ON `verdicts` ("score_rank" desc,"public_at" desc,"story_id" desc);--> statement-breakpoint
CREATE INDEX `verdicts_section_rank_idx` ON `verdicts` (`section_id`,"score_rank" desc,"public_at" desc,"story_id" desc);--> statement-breakpoint
CREATE INDEX `verdicts_kind_rank_idx` ON `verdicts` (`subject_kind`,"score_rank" desc,"public_at" desc,"story_id" desc);--> statement-breakpoint
CREATE INDEX `verdicts_public_idx` ON `verdicts` ("public_at" desc,"story_id" desc);