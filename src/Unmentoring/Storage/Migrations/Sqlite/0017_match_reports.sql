-- A participant's "report a problem with my match" (docs/adr/0028-exclusions-and-match-reports.md): one row
-- per report, from the signed link in their introduction for that round. The report adds an exclusion (the
-- table the rounds already honour) at once; this row says who asked, about whom, after which round and why,
-- for the organisers' pages. Reporting the same person from the same round's link again is the same row.
CREATE TABLE match_reports (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rounds (id),
    reporter_id INTEGER NOT NULL REFERENCES participants (id),
    reported_id INTEGER NOT NULL REFERENCES participants (id),
    reason      TEXT,
    reported_at TEXT NOT NULL,
    CONSTRAINT match_reports_once UNIQUE (round_id, reporter_id, reported_id),
    CONSTRAINT match_reports_two_people CHECK (reporter_id <> reported_id),
    CONSTRAINT match_reports_reason_check CHECK (reason IS NULL OR length(reason) <= 1000)
);

-- The organisers are told of each report by a new kind of email. SQLite cannot change a CHECK, so the table
-- is rebuilt as in 0014 (nothing refers to it), with its indexes and trigger.
CREATE TABLE outbox_messages_rebuilt (
    id               INTEGER PRIMARY KEY,
    idempotency_key  TEXT NOT NULL,
    kind             TEXT NOT NULL,
    round_id         INTEGER REFERENCES rounds (id),
    participant_id   INTEGER REFERENCES participants (id),
    recipient        TEXT,
    subject          TEXT,
    text_body        TEXT,
    html_body        TEXT,
    headers          TEXT,
    attachments      TEXT,
    state            TEXT NOT NULL DEFAULT 'pending',
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    next_attempt_at  TEXT NOT NULL,
    lease_until      TEXT,
    last_reply       TEXT,
    sent_at          TEXT,
    claim_token      TEXT,
    send_started_at  TEXT,
    first_attempt_at TEXT,
    last_attempt_at  TEXT,
    group_number     INTEGER,
    CONSTRAINT outbox_idempotency_unique UNIQUE (idempotency_key),
    CONSTRAINT outbox_state_check CHECK (state IN ('pending', 'held', 'sending', 'sent', 'retrying', 'failed', 'ambiguous', 'suppressed')),
    CONSTRAINT outbox_kind_check CHECK (kind IN ('introduction', 'satOut', 'unmatched', 'confirmSignUp', 'manageLink', 'followUp', 'organiserSignIn', 'matchProblemReported')),
    CONSTRAINT outbox_content_check CHECK (
        (recipient IS NOT NULL AND subject IS NOT NULL AND text_body IS NOT NULL)
        OR (recipient IS NULL AND subject IS NULL AND text_body IS NULL AND html_body IS NULL AND headers IS NULL AND attachments IS NULL
            AND kind IN ('introduction', 'satOut', 'unmatched') AND round_id IS NOT NULL AND participant_id IS NOT NULL))
);
INSERT INTO outbox_messages_rebuilt (
    id, idempotency_key, kind, round_id, participant_id, recipient, subject, text_body, html_body, headers, attachments, state,
    attempts, created_at, next_attempt_at, lease_until, last_reply, sent_at, claim_token, send_started_at, first_attempt_at,
    last_attempt_at, group_number)
SELECT
    id, idempotency_key, kind, round_id, participant_id, recipient, subject, text_body, html_body, headers, attachments, state,
    attempts, created_at, next_attempt_at, lease_until, last_reply, sent_at, claim_token, send_started_at, first_attempt_at,
    last_attempt_at, group_number
FROM outbox_messages;
DROP TABLE outbox_messages;
ALTER TABLE outbox_messages_rebuilt RENAME TO outbox_messages;
CREATE INDEX outbox_leases ON outbox_messages (lease_until) WHERE state = 'sending';
CREATE INDEX outbox_claimable ON outbox_messages (next_attempt_at, id) WHERE state IN ('pending', 'retrying');
CREATE TRIGGER outbox_introduction_group BEFORE INSERT ON outbox_messages
WHEN NEW.kind = 'introduction' AND NEW.text_body IS NULL AND NEW.group_number IS NULL
BEGIN
    SELECT RAISE(ABORT, 'outbox_messages: an introduction to be rendered at dispatch must name its group (group_number)');
END;
