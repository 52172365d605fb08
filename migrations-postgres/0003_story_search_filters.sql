-- The filters again, next to the document they filter: with them only in search_rows,
-- every search joined the two tables, and for a rare word with no statistics the planner
-- hashed all of search_rows (13 ms at 100k stories, linear in the archive); a filter
-- that keeps a quarter of the stories made a common word cost 370 ms. One table lets a
-- search walk down row_id checking the document and the filters of each row together.
-- search_rows keeps them as well (the schema both engines share); src/db/postgres/search.ts
-- writes both in the same statement.
ALTER TABLE search.story_search ADD COLUMN public_at bigint;
--> statement-breakpoint
ALTER TABLE search.story_search ADD COLUMN type text;
--> statement-breakpoint
ALTER TABLE search.story_search ADD COLUMN section_id text;
--> statement-breakpoint
ALTER TABLE search.story_search ADD COLUMN subject_kind text;
--> statement-breakpoint
UPDATE search.story_search s SET (public_at, type, section_id, subject_kind) =
  (SELECT r.public_at, r.type, r.section_id, r.subject_kind FROM search_rows r WHERE r.id = s.row_id);
