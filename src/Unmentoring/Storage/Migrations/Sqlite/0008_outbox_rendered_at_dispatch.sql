-- A round's emails are rendered by the dispatcher when it sends them, from the round's stored records and
-- the participants' details at that moment (docs/adr/0011-round-emails-rendered-at-dispatch.md): the round
-- writes a small row per email with no recipient, subject or body. Either the whole content is there, or
-- the row names the round and participant it is rendered from. SQLite cannot drop NOT NULL from a column,
-- so the table is rebuilt (nothing refers to it).
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
    CONSTRAINT outbox_idempotency_unique UNIQUE (idempotency_key),
    CONSTRAINT outbox_state_check CHECK (state IN ('pending', 'held', 'sending', 'sent', 'retrying', 'failed', 'ambiguous', 'suppressed')),
    CONSTRAINT outbox_kind_check CHECK (kind IN ('introduction', 'satOut', 'unmatched', 'confirmSignUp', 'manageLink', 'followUp')),
    CONSTRAINT outbox_content_check CHECK (
        (recipient IS NOT NULL AND subject IS NOT NULL AND text_body IS NOT NULL)
        OR (recipient IS NULL AND subject IS NULL AND text_body IS NULL AND html_body IS NULL AND headers IS NULL AND attachments IS NULL
            AND kind IN ('introduction', 'satOut', 'unmatched') AND round_id IS NOT NULL AND participant_id IS NOT NULL))
);
INSERT INTO outbox_messages_rebuilt (
    id, idempotency_key, kind, round_id, participant_id, recipient, subject, text_body, html_body, headers, attachments, state,
    attempts, created_at, next_attempt_at, lease_until, last_reply, sent_at, claim_token, send_started_at, first_attempt_at, last_attempt_at)
SELECT
    id, idempotency_key, kind, round_id, participant_id, recipient, subject, text_body, html_body, headers, attachments, state,
    attempts, created_at, next_attempt_at, lease_until, last_reply, sent_at, claim_token, send_started_at, first_attempt_at, last_attempt_at
FROM outbox_messages;
DROP TABLE outbox_messages;
ALTER TABLE outbox_messages_rebuilt RENAME TO outbox_messages;
CREATE INDEX outbox_due ON outbox_messages (next_attempt_at) WHERE state IN ('pending', 'retrying', 'sending');
CREATE INDEX outbox_leases ON outbox_messages (lease_until) WHERE state = 'sending';
