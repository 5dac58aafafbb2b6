-- Erasure that leaves nothing readable, and retention limits (docs/adr/0019-erasure-and-retention.md).

-- When someone left, so that their personal data can be erased a set number of days later. The trigger keeps
-- it whoever changes the status; for those who had left before this migration, their last change stands in.
ALTER TABLE participants ADD COLUMN left_at timestamptz;
UPDATE participants SET left_at = updated_at WHERE status = 'unsubscribed';

CREATE FUNCTION participants_record_leaving() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.left_at := NEW.updated_at;
    RETURN NEW;
END
$$;
CREATE TRIGGER participants_left BEFORE UPDATE OF status ON participants
    FOR EACH ROW WHEN (NEW.status = 'unsubscribed' AND OLD.status <> 'unsubscribed')
    EXECUTE FUNCTION participants_record_leaving();

-- Every erasure owes a clean-up of the database files: an UPDATE leaves the old row version in the table's
-- pages until it is rewritten (VACUUM FULL). The trigger records the debt whoever erases; the clean-up job
-- pays it, once across instances, and deletes the rows it paid for.
CREATE TABLE erasure_cleanups_due (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    requested_at timestamptz NOT NULL,
    -- Rewrites done since: a row version still visible to a transaction open during the first is copied
    -- into the new file, so each erasure gets a second rewrite one interval later before its row goes.
    passes       integer NOT NULL DEFAULT 0
);

CREATE FUNCTION participants_request_erasure_cleanup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO erasure_cleanups_due (requested_at) VALUES (NEW.updated_at);
    RETURN NULL;
END
$$;
CREATE TRIGGER participants_erased AFTER UPDATE OF status ON participants
    FOR EACH ROW WHEN (NEW.status = 'erased' AND OLD.status <> 'erased')
    EXECUTE FUNCTION participants_request_erasure_cleanup();

-- ANALYZE copies sample values of each column into pg_statistic, where an erased address or introduction
-- would outlive the row. These columns are only ever looked up by a unique index or not at all, so the
-- planner loses nothing without their statistics.
ALTER TABLE participants
    ALTER COLUMN email SET STATISTICS 0,
    ALTER COLUMN name SET STATISTICS 0,
    ALTER COLUMN organisation SET STATISTICS 0,
    ALTER COLUMN role SET STATISTICS 0,
    ALTER COLUMN phone SET STATISTICS 0,
    ALTER COLUMN video SET STATISTICS 0,
    ALTER COLUMN intro SET STATISTICS 0,
    ALTER COLUMN undeliverable_reason SET STATISTICS 0;
ALTER INDEX participants_email_unique ALTER COLUMN 1 SET STATISTICS 0;
ALTER TABLE outbox_messages
    ALTER COLUMN recipient SET STATISTICS 0,
    ALTER COLUMN subject SET STATISTICS 0,
    ALTER COLUMN text_body SET STATISTICS 0,
    ALTER COLUMN html_body SET STATISTICS 0,
    ALTER COLUMN headers SET STATISTICS 0,
    ALTER COLUMN last_reply SET STATISTICS 0;
ALTER TABLE feedback ALTER COLUMN reason SET STATISTICS 0;
ALTER TABLE exclusions ALTER COLUMN reason SET STATISTICS 0;
ALTER TABLE audit_log ALTER COLUMN subject SET STATISTICS 0, ALTER COLUMN detail SET STATISTICS 0;
