CREATE TABLE "review_platforms" (
	"story_id" text NOT NULL,
	"platform" text NOT NULL,
	"public_at" bigint,
	CONSTRAINT "review_platforms_platform_story_id_pk" PRIMARY KEY("platform","story_id")
);
--> statement-breakpoint
ALTER TABLE "subjects" ADD COLUMN "offers_json" text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE "verdicts" ADD COLUMN "state" text DEFAULT 'final' NOT NULL;--> statement-breakpoint
ALTER TABLE "verdicts" ADD COLUMN "details_json" text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "review_platforms" ADD CONSTRAINT "review_platforms_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_platforms_platform_public_idx" ON "review_platforms" USING btree ("platform","public_at" DESC NULLS FIRST,"story_id" DESC NULLS FIRST);