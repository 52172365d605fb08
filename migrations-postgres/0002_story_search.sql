-- Full-text search, the twin of SQLite's migration 0006 (FTS5 table story_search). The
-- filter columns stay in search_rows (shared with SQLite); the text side lives in schema
-- "search", outside the tables both engines declare (test/db/schemas-agree.test.ts
-- compares every table in public with src/db/postgres/schema.ts).
--
-- search.byline_search: the `simple` parser and dictionary (no stemming and no stop
-- words, as unicode61 does neither) behind `unaccent`, so "pokemon" finds "Pokémon"
-- and case does not matter. unaccent is a trusted extension: the database owner may
-- create it. unaccent() is not IMMUTABLE, so the tsvector is computed by
-- src/db/postgres/search.ts when a story is indexed and stored in `document`:
-- title weight A, dek and subject B, tags C, body D (bm25(10, 4, 5, 3, 1) on SQLite).
-- The text columns hold the story's text as src/db/postgres/search.ts prepares it
-- (a separator after each punctuation mark); they are read only to build highlights.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS search;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION search.byline_search (COPY = pg_catalog.simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION search.byline_search
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
  WITH unaccent, simple;
--> statement-breakpoint
CREATE TABLE search.story_search (
  row_id integer PRIMARY KEY REFERENCES public.search_rows (id) ON DELETE CASCADE,
  title text NOT NULL,
  dek text NOT NULL,
  subject text NOT NULL,
  tags text NOT NULL,
  body text NOT NULL,
  document tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX story_search_document_idx ON search.story_search USING gin (document);
