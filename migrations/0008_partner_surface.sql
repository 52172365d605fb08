ALTER TABLE `verdicts` ADD `changed_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `verdicts_changed_idx` ON `verdicts` (`changed_at`,`story_id`);--> statement-breakpoint
CREATE INDEX `changes_deferred_idx` ON `changes` (`effective_at`,`seq`) WHERE "changes"."effective_at" > "changes"."at";--> statement-breakpoint
-- Reviews written before the column existed: the latest of edit, re-rendering and publication.
UPDATE `verdicts` SET `changed_at` = (SELECT max(`updated_at`, `rendered_at`, coalesce(`public_at`, 0)) FROM `stories` WHERE `stories`.`id` = `verdicts`.`story_id`);
