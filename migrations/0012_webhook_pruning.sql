CREATE INDEX `webhook_attempts_at_idx` ON `webhook_attempts` (`at`);--> statement-breakpoint
CREATE INDEX `webhook_messages_delivered_idx` ON `webhook_messages` (`state`,`delivered_at`);