CREATE TABLE "import_items" (
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"external_id" text NOT NULL,
	"target_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"target_updated_at" bigint,
	"extra_json" text DEFAULT '{}' NOT NULL,
	"imported_at" bigint NOT NULL,
	CONSTRAINT "import_items_source_kind_external_id_pk" PRIMARY KEY("source","kind","external_id")
);
--> statement-breakpoint
CREATE TABLE "legacy_paths" (
	"path" text PRIMARY KEY NOT NULL,
	"story_id" text NOT NULL,
	"rank" integer NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "import_items_target_idx" ON "import_items" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "legacy_paths_story_idx" ON "legacy_paths" USING btree ("story_id");