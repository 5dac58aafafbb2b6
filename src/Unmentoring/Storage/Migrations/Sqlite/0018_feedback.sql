-- "Did you meet?" (docs/adr/0031-feedback-and-automatic-pause.md). Nothing wrote feedback before this, and
-- SQLite cannot change a CHECK, so the feedback table is made anew.

-- An answer per person per round: met, not yet, or could not meet with a reason from a fixed list; "other"
-- may carry a few words of the person's own (reason), which erasure removes.
CREATE TABLE feedback_answers (
    round_id       INTEGER NOT NULL REFERENCES rounds (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    outcome        TEXT NOT NULL,
    reason_code    TEXT,
    reason         TEXT,
    recorded_at    TEXT NOT NULL,
    PRIMARY KEY (round_id, participant_id),
    CONSTRAINT feedback_outcome_check CHECK (outcome IN ('met', 'notYet', 'couldNotMeet')),
    CONSTRAINT feedback_reason_check CHECK (
        (outcome = 'couldNotMeet') = (reason_code IS NOT NULL)
        AND (reason_code IS NULL OR reason_code IN ('noReply', 'noTime', 'cancelled', 'notRelevant', 'other'))
        AND (reason IS NULL OR (reason_code = 'other' AND length(reason) <= 200)))
);
INSERT INTO feedback_answers (round_id, participant_id, outcome, reason_code, reason, recorded_at)
SELECT round_id, participant_id,
       CASE WHEN outcome IN ('couldNot', 'didNotTry') THEN 'couldNotMeet' ELSE outcome END,
       CASE WHEN outcome IN ('couldNot', 'didNotTry') THEN 'other' END,
       CASE WHEN outcome IN ('couldNot', 'didNotTry') THEN substr(reason, 1, 200) END,
       recorded_at
FROM feedback;
DROP TABLE feedback;
ALTER TABLE feedback_answers RENAME TO feedback;
CREATE INDEX feedback_participant ON feedback (participant_id);

-- Who was asked about which round, and when they were reminded. The primary key is what makes "nobody is
-- asked twice about one round" hold whichever job or command asks first.
CREATE TABLE feedback_requests (
    round_id       INTEGER NOT NULL REFERENCES rounds (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    asked_at       TEXT NOT NULL,
    reminded_at    TEXT,
    PRIMARY KEY (round_id, participant_id)
);
CREATE INDEX feedback_requests_participant ON feedback_requests (participant_id);

-- Each automatic pause for silence, by the round whose planning paused them: silence is counted again only
-- from the rounds after it, so "Keep me in" (or a pause that ends) starts the count afresh.
CREATE TABLE silence_pauses (
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    round_id       INTEGER NOT NULL REFERENCES rounds (id),
    paused_at      TEXT NOT NULL,
    kept_in_at     TEXT,
    PRIMARY KEY (participant_id, round_id)
);

-- The email that says someone was paused for silence is a new kind of outbox message: the table is rebuilt
-- as in 0014, with its indexes and trigger.
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
    CONSTRAINT outbox_kind_check CHECK (kind IN ('introduction', 'satOut', 'unmatched', 'confirmSignUp', 'manageLink', 'followUp', 'organiserSignIn', 'matchProblemReported', 'pausedForSilence')),
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
