-- The words of the full-text index, for type-ahead: a prefix longer than story_search's
-- prefix indexes (2 and 3 characters) becomes an OR of its most common completions, which
-- FTS5 walks lazily, instead of `word*`, which merges the doclists of every completion
-- before the first row (100-250 ms for a common prefix at a million stories). `docs` is
-- how many stories were indexed with the term: it orders completions and is not
-- decremented when a story leaves the index. Terms shorter than 4 characters are never
-- looked up. Filled from the index itself once; src/db/sqlite/search-vocabulary.ts keeps it.
CREATE TABLE `search_terms` (
	`term` text PRIMARY KEY NOT NULL,
	`docs` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE VIRTUAL TABLE temp.`story_search_vocabulary` USING fts5vocab(main, `story_search`, row);
--> statement-breakpoint
INSERT INTO `search_terms` (`term`, `docs`) SELECT `term`, `doc` FROM temp.`story_search_vocabulary` WHERE length(`term`) >= 4;
--> statement-breakpoint
DROP TABLE temp.`story_search_vocabulary`;
