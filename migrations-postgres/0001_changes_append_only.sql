-- The change log is append-only: delta sync and webhooks replay it by sequence. The
-- same guarantee as SQLite's migration 0002 (changes_no_update, changes_no_delete).
-- TRUNCATE skips row triggers, so it gets its own statement trigger: SQLite has no
-- TRUNCATE, and without it Postgres would have a way around the rule SQLite lacks.
CREATE FUNCTION "changes_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'changes is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "changes_no_update" BEFORE UPDATE ON "changes"
  FOR EACH ROW EXECUTE FUNCTION "changes_append_only"();
--> statement-breakpoint
CREATE TRIGGER "changes_no_delete" BEFORE DELETE ON "changes"
  FOR EACH ROW EXECUTE FUNCTION "changes_append_only"();
--> statement-breakpoint
CREATE TRIGGER "changes_no_truncate" BEFORE TRUNCATE ON "changes"
  FOR EACH STATEMENT EXECUTE FUNCTION "changes_append_only"();
