-- The search index in two tables (issue 16, search at 1M stories; docs/decisions.md,
-- "Search on PostgreSQL"): what a search reads for every candidate row, and what it
-- reads only for the page's rows.
--
-- search.story_documents: the filters and the weighted tsvector, filters first so a row's
-- type is read without stepping over its document. A search walks or bitmaps this table
-- over thousands of rows; with the five texts beside the document (0002), each row it
-- looked at cost ~5x as many buffers (texts inline, the document often in TOAST).
-- One btree per filter, led by the filter and ordered by row_id, lets the newest rows of
-- one type, section or subject kind be walked (or bitmapped) without the others.
--
-- search.story_texts: the five texts, read by row_id for the page's highlights.
CREATE TABLE search.story_documents (
  row_id integer PRIMARY KEY REFERENCES public.search_rows (id) ON DELETE CASCADE,
  public_at bigint,
  type text,
  section_id text,
  subject_kind text,
  document tsvector NOT NULL
);
--> statement-breakpoint
CREATE TABLE search.story_texts (
  row_id integer PRIMARY KEY REFERENCES public.search_rows (id) ON DELETE CASCADE,
  title text NOT NULL,
  dek text NOT NULL,
  subject text NOT NULL,
  tags text NOT NULL,
  body text NOT NULL
);
--> statement-breakpoint
INSERT INTO search.story_documents (row_id, public_at, type, section_id, subject_kind, document)
  SELECT row_id, public_at, type, section_id, subject_kind, document FROM search.story_search ORDER BY row_id;
--> statement-breakpoint
INSERT INTO search.story_texts (row_id, title, dek, subject, tags, body)
  SELECT row_id, title, dek, subject, tags, body FROM search.story_search ORDER BY row_id;
--> statement-breakpoint
DROP TABLE search.story_search;
--> statement-breakpoint
CREATE INDEX story_documents_document_idx ON search.story_documents USING gin (document);
--> statement-breakpoint
CREATE INDEX story_documents_type_idx ON search.story_documents (type, row_id);
--> statement-breakpoint
CREATE INDEX story_documents_section_idx ON search.story_documents (section_id, row_id);
--> statement-breakpoint
CREATE INDEX story_documents_subject_kind_idx ON search.story_documents (subject_kind, row_id);
--> statement-breakpoint
ANALYZE search.story_documents;
