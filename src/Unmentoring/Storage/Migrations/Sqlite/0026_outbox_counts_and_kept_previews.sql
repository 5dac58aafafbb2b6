-- The outbox's counts by state, kept exact by triggers (docs/adr/0037-outbox-counts-and-kept-previews.md).
-- Counting every sent email on every look at the outbox page grows with the outbox. SQLite has one writer
-- at a time, so a counter row per state, changed by a row trigger in the writer's transaction, waits for
-- nobody. A migration that rebuilds outbox_messages must create these triggers again.
CREATE TABLE outbox_state_counts (
    state    TEXT PRIMARY KEY,
    messages INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO outbox_state_counts (state, messages) SELECT state, count(*) FROM outbox_messages GROUP BY state;

CREATE TRIGGER outbox_state_counts_insert AFTER INSERT ON outbox_messages
BEGIN
    INSERT INTO outbox_state_counts (state, messages) VALUES (new.state, 1)
        ON CONFLICT (state) DO UPDATE SET messages = messages + 1;
END;

CREATE TRIGGER outbox_state_counts_delete AFTER DELETE ON outbox_messages
BEGIN
    UPDATE outbox_state_counts SET messages = messages - 1 WHERE state = old.state;
END;

CREATE TRIGGER outbox_state_counts_update AFTER UPDATE OF state ON outbox_messages WHEN old.state IS NOT new.state
BEGIN
    UPDATE outbox_state_counts SET messages = messages - 1 WHERE state = old.state;
    INSERT INTO outbox_state_counts (state, messages) VALUES (new.state, 1)
        ON CONFLICT (state) DO UPDATE SET messages = messages + 1;
END;

-- The start page counted the unfinished emails through this index (migration 0025); it now reads the counts
-- above, and nothing else names the index's condition.
DROP INDEX outbox_unfinished;

-- The kept preview of the next round (RoundPreviews): planning 100,000 people is an action, not a page
-- load. The newest one is shown; what it depended on is kept beside it, to say when it is out of date.
CREATE TABLE round_previews (
    id              INTEGER PRIMARY KEY,
    period          TEXT NOT NULL,
    made_at         TEXT NOT NULL,
    made_by         TEXT NOT NULL,
    rules_version   INTEGER NOT NULL,
    latest_round_id INTEGER,
    latest_audit_id INTEGER,
    exclusions      INTEGER NOT NULL,
    plan            TEXT NOT NULL
);

-- "Has anyone changed since the preview was made?" and "has anyone answered 'did you meet?' since?", each
-- one look in an index instead of reading every row.
CREATE INDEX participants_updated_at ON participants (updated_at);
CREATE INDEX feedback_recorded_at ON feedback (recorded_at);
