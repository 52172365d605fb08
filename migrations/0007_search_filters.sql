ALTER TABLE `search_rows` ADD `public_at` integer;--> statement-breakpoint
ALTER TABLE `search_rows` ADD `type` text;--> statement-breakpoint
ALTER TABLE `search_rows` ADD `section_id` text;--> statement-breakpoint
ALTER TABLE `search_rows` ADD `subject_kind` text;--> statement-breakpoint
-- Rows indexed before these columns existed take them from their story.
UPDATE `search_rows` SET (`public_at`, `type`, `section_id`, `subject_kind`) =
  (SELECT `public_at`, `type`, `section_id`, `subject_kind` FROM `stories` WHERE `stories`.`id` = `search_rows`.`story_id`);
