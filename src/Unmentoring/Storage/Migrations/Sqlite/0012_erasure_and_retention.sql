-- Erasure that leaves nothing readable, and retention limits (docs/adr/0019-erasure-and-retention.md).

-- When someone left, so that their personal data can be erased a set number of days later. The trigger keeps
-- it whoever changes the status; for those who had left before this migration, their last change stands in.
ALTER TABLE participants ADD COLUMN left_at TEXT;
UPDATE participants SET left_at = updated_at WHERE status = 'unsubscribed';
CREATE TRIGGER participants_left AFTER UPDATE OF status ON participants
WHEN NEW.status = 'unsubscribed' AND OLD.status <> 'unsubscribed'
BEGIN
    UPDATE participants SET left_at = NEW.updated_at WHERE id = NEW.id;
END;

-- Every erasure owes a clean-up of the database files (here: a checkpoint that empties the write-ahead log,
-- whose older frames still hold the erased rows). The trigger records the debt whoever erases; the clean-up
-- job pays it and deletes the rows it paid for.
CREATE TABLE erasure_cleanups_due (
    id           INTEGER PRIMARY KEY,
    requested_at TEXT NOT NULL,
    -- Rewrites done since: a row version still visible to a transaction open during the first is copied
    -- into the new file, so each erasure gets a second rewrite one interval later before its row goes.
    passes       INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER participants_erased AFTER UPDATE OF status ON participants
WHEN NEW.status = 'erased' AND OLD.status <> 'erased'
BEGIN
    INSERT INTO erasure_cleanups_due (requested_at) VALUES (NEW.updated_at);
END;
