CREATE TABLE `leases` (
	`id` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`endpoint_id` text NOT NULL,
	`message_seq` integer NOT NULL,
	`message_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`status` integer,
	`ok` integer NOT NULL,
	`error` text,
	`response_body` text DEFAULT '' NOT NULL,
	`next_attempt_at` integer,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_attempts_endpoint_idx` ON `webhook_attempts` (`endpoint_id`,`seq`);--> statement-breakpoint
CREATE INDEX `webhook_attempts_at_idx` ON `webhook_attempts` (`at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`url` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`events_json` text NOT NULL,
	`filters_json` text DEFAULT '{}' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`disabled_reason` text,
	`secret` text NOT NULL,
	`previous_secret` text,
	`previous_secret_expires_at` integer,
	`purge_token` text,
	`position_seq` integer NOT NULL,
	`position_deferred_at` integer NOT NULL,
	`position_deferred_seq` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_messages` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`type` text NOT NULL,
	`payload_seq` integer NOT NULL,
	`change_seq` integer,
	`created_at` integer NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`payload_seq`) REFERENCES `webhook_payloads`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_messages_queue_idx` ON `webhook_messages` (`endpoint_id`,`state`,`seq`);--> statement-breakpoint
CREATE INDEX `webhook_messages_id_idx` ON `webhook_messages` (`id`);--> statement-breakpoint
CREATE INDEX `webhook_messages_delivered_idx` ON `webhook_messages` (`state`,`delivered_at`);--> statement-breakpoint
CREATE INDEX `webhook_messages_payload_idx` ON `webhook_messages` (`payload_seq`);--> statement-breakpoint
CREATE TABLE `webhook_payloads` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_payloads_created_idx` ON `webhook_payloads` (`created_at`);