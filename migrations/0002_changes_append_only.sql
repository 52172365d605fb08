-- The change log is append-only: delta sync and webhooks replay it by sequence.
CREATE TRIGGER `changes_no_update` BEFORE UPDATE ON `changes`
BEGIN
  SELECT RAISE(ABORT, 'changes is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `changes_no_delete` BEFORE DELETE ON `changes`
BEGIN
  SELECT RAISE(ABORT, 'changes is append-only');
END;
