-- Who may use the organisers' pages, and their password-less sign-in codes (docs/adr/0025-organiser-sign-in.md).
-- Addresses are stored lower-case: the list is looked up by the address someone types or a provider sends.
CREATE TABLE organisers (
    email    TEXT PRIMARY KEY,
    name     TEXT,
    role     TEXT NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    CONSTRAINT organisers_role_check CHECK (role IN ('organiser', 'viewer'))
);

-- One row per sign-in email sent. Only SHA-256 hashes of the link's secret and of the code are kept; a row is
-- used once (used_at), expires, and dies after too many wrong codes (failed_attempts).
CREATE TABLE organiser_sign_in_codes (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL,
    link_hash       BLOB NOT NULL UNIQUE,
    code_hash       BLOB NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    used_at         TEXT,
    failed_attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX organiser_sign_in_codes_email ON organiser_sign_in_codes (email, created_at);

-- The sign-in email is a new kind of outbox message. SQLite cannot change a CHECK, so the table is rebuilt
-- as in 0008 (nothing refers to it), with its indexes and trigger.
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
    CONSTRAINT outbox_kind_check CHECK (kind IN ('introduction', 'satOut', 'unmatched', 'confirmSignUp', 'manageLink', 'followUp', 'organiserSignIn')),
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
