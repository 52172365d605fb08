-- Full-text search over published and scheduled stories. The columns are what a reader
-- searches by; story_search_rank weighs a title hit above a dek, subject or tag hit, and
-- those above a body hit. unicode61 with diacritics removed matches "Pokemon" to
-- "Pokémon"; prefix indexes of 2 and 3 characters keep type-ahead queries cheap.
CREATE VIRTUAL TABLE `story_search` USING fts5(
  `title`, `dek`, `subject`, `tags`, `body`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
--> statement-breakpoint
INSERT INTO `story_search` (`story_search`, `rank`) VALUES ('rank', 'bm25(10.0, 4.0, 5.0, 3.0, 1.0)');
