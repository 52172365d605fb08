ALTER TABLE `stories` ADD `rendered_at` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- A new column lands after the large ones, where a read would walk every overflow page
-- to reach it. Move the large columns behind it, one copy each, keeping the order of
-- src/db/schema.ts: small columns, then card, document and sources.
ALTER TABLE `stories` ADD `card_json_moved` text DEFAULT '{}' NOT NULL;
--> statement-breakpoint
UPDATE `stories` SET `card_json_moved` = `card_json`;
--> statement-breakpoint
ALTER TABLE `stories` DROP COLUMN `card_json`;
--> statement-breakpoint
ALTER TABLE `stories` RENAME COLUMN `card_json_moved` TO `card_json`;
--> statement-breakpoint
ALTER TABLE `stories` ADD `doc_json_moved` text DEFAULT '{}' NOT NULL;
--> statement-breakpoint
UPDATE `stories` SET `doc_json_moved` = `doc_json`;
--> statement-breakpoint
ALTER TABLE `stories` DROP COLUMN `doc_json`;
--> statement-breakpoint
ALTER TABLE `stories` RENAME COLUMN `doc_json_moved` TO `doc_json`;
--> statement-breakpoint
ALTER TABLE `stories` ADD `body_markdown_moved` text DEFAULT '' NOT NULL;
--> statement-breakpoint
UPDATE `stories` SET `body_markdown_moved` = `body_markdown`;
--> statement-breakpoint
ALTER TABLE `stories` DROP COLUMN `body_markdown`;
--> statement-breakpoint
ALTER TABLE `stories` RENAME COLUMN `body_markdown_moved` TO `body_markdown`;
--> statement-breakpoint
ALTER TABLE `stories` ADD `body_html_moved` text DEFAULT '' NOT NULL;
--> statement-breakpoint
UPDATE `stories` SET `body_html_moved` = `body_html`;
--> statement-breakpoint
ALTER TABLE `stories` DROP COLUMN `body_html`;
--> statement-breakpoint
ALTER TABLE `stories` RENAME COLUMN `body_html_moved` TO `body_html`;
--> statement-breakpoint
ALTER TABLE `stories` ADD `body_text_moved` text DEFAULT '' NOT NULL;
--> statement-breakpoint
UPDATE `stories` SET `body_text_moved` = `body_text`;
--> statement-breakpoint
ALTER TABLE `stories` DROP COLUMN `body_text`;
--> statement-breakpoint
ALTER TABLE `stories` RENAME COLUMN `body_text_moved` TO `body_text`;
