CREATE TABLE `feed_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`partner` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feed_tokens_secret_hash_unique` ON `feed_tokens` (`secret_hash`);