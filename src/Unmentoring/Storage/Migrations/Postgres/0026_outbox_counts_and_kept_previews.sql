-- The outbox's counts by state, kept exact by triggers (docs/adr/0037-outbox-counts-and-kept-previews.md).
-- Counting 2 million sent emails on every look at the outbox page cannot be made quick by an index.
--
-- Not one counter row per state: a row's lock is held until commit, so a sign-up's confirmation email would
-- wait for a round's transaction that queues 100,000 emails, and dispatchers would queue on the 'sent' row.
-- Instead every statement that changes outbox_messages appends one signed change per state it changed
-- (no row is updated, so no lock is waited for), in the same transaction. A state's count is the sum of its
-- changes; readers now and then fold the changes into one row per state (OutboxStateCounts).
CREATE TABLE outbox_state_counts (
    state  text NOT NULL,
    change bigint NOT NULL
);

CREATE FUNCTION outbox_state_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox_state_counts (state, change) SELECT state, count(*) FROM added GROUP BY state;
    RETURN NULL;
END
$$;

CREATE FUNCTION outbox_state_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox_state_counts (state, change) SELECT state, -count(*) FROM removed GROUP BY state;
    RETURN NULL;
END
$$;

-- Most updates (an attempt recorded, a reply stored) change no state: they add nothing.
CREATE FUNCTION outbox_state_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox_state_counts (state, change)
    SELECT state, sum(change)
    FROM (SELECT state, 1 AS change FROM added UNION ALL SELECT state, -1 AS change FROM removed) AS changes
    GROUP BY state
    HAVING sum(change) <> 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION outbox_state_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM outbox_state_counts;
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_state_counts_insert AFTER INSERT ON outbox_messages
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION outbox_state_counts_inserted();
CREATE TRIGGER outbox_state_counts_delete AFTER DELETE ON outbox_messages
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION outbox_state_counts_deleted();
CREATE TRIGGER outbox_state_counts_update AFTER UPDATE ON outbox_messages
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION outbox_state_counts_updated();
CREATE TRIGGER outbox_state_counts_truncate AFTER TRUNCATE ON outbox_messages
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_state_counts_truncated();

-- The starting counts, in this migration's transaction: creating the triggers locked outbox_messages against
-- writes until commit, so no change falls between this count and the triggers.
INSERT INTO outbox_state_counts (state, change) SELECT state, count(*) FROM outbox_messages GROUP BY state;

-- The start page counted the unfinished emails through this index (migration 0025); it now reads the counts
-- above, and nothing else names the index's condition.
DROP INDEX outbox_unfinished;

-- The kept preview of the next round (RoundPreviews): planning 100,000 people is an action, not a page
-- load. The newest one is shown; what it depended on is kept beside it, to say when it is out of date.
CREATE TABLE round_previews (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period          text NOT NULL,
    made_at         timestamptz NOT NULL,
    made_by         text NOT NULL,
    rules_version   integer NOT NULL,
    latest_round_id bigint,
    latest_audit_id bigint,
    exclusions      bigint NOT NULL,
    plan            text NOT NULL
);

-- "Has anyone changed since the preview was made?" and "has anyone answered 'did you meet?' since?", each
-- one look in an index instead of reading every row.
CREATE INDEX participants_updated_at ON participants (updated_at);
CREATE INDEX feedback_recorded_at ON feedback (recorded_at);
