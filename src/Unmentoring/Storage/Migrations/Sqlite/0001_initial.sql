-- The whole scheme's data (the SQLite twin of the PostgreSQL schema). Integrity lives here, not only in
-- code: unique emails ignoring case, one membership per participant per round, one round per period,
-- foreign keys and checked states. Times are UTC text (yyyy-MM-dd HH:mm:ss.fffffff), dates yyyy-MM-dd.

CREATE TABLE participants (
    id                   INTEGER PRIMARY KEY,
    -- Stays when personal data is erased, so history (and other people's no-repeat rules) still holds.
    public_id            TEXT NOT NULL UNIQUE,
    email                TEXT,
    name                 TEXT,
    organisation         TEXT,
    role                 TEXT,
    phone                TEXT,
    video                TEXT,
    intro                TEXT,
    cadence              TEXT NOT NULL DEFAULT 'monthly',
    status               TEXT NOT NULL DEFAULT 'pending',
    paused_until         TEXT,
    skip_period          TEXT,
    consent_basis        TEXT,
    consent_text_version TEXT,
    consent_at           TEXT,
    conduct_agreed_at    TEXT,
    undeliverable_at     TEXT,
    undeliverable_reason TEXT,
    created_at           TEXT NOT NULL,
    confirmed_at         TEXT,
    updated_at           TEXT NOT NULL,
    erased_at            TEXT,
    CONSTRAINT participants_cadence_check CHECK (cadence IN ('monthly', '2-monthly', 'quarterly')),
    CONSTRAINT participants_status_check CHECK (status IN ('pending', 'active', 'paused', 'unsubscribed', 'erased')),
    CONSTRAINT participants_paused_check CHECK ((status = 'paused') = (paused_until IS NOT NULL)),
    CONSTRAINT participants_erased_check CHECK ((status = 'erased') = (email IS NULL)),
    CONSTRAINT participants_consent_check CHECK (status IN ('pending', 'erased') OR consent_at IS NOT NULL),
    CONSTRAINT participants_email_check CHECK (email IS NULL OR (length(email) <= 254 AND email NOT GLOB '*[' || char(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127) || ']*')),
    CONSTRAINT participants_intro_check CHECK (intro IS NULL OR length(intro) <= 500)
);
CREATE UNIQUE INDEX participants_email_unique ON participants (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX participants_status ON participants (status);

CREATE TABLE exclusions (
    participant_a INTEGER NOT NULL REFERENCES participants (id),
    participant_b INTEGER NOT NULL REFERENCES participants (id),
    reason        TEXT,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (participant_a, participant_b),
    CONSTRAINT exclusions_order_check CHECK (participant_a < participant_b)
);

CREATE TABLE rules_versions (
    version    INTEGER PRIMARY KEY,
    rules      TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    change     TEXT NOT NULL
);

CREATE TABLE rounds (
    id            INTEGER PRIMARY KEY,
    period        TEXT NOT NULL,
    round_number  INTEGER NOT NULL,
    seed          INTEGER NOT NULL,
    rules_version INTEGER NOT NULL REFERENCES rules_versions (version),
    status        TEXT NOT NULL,
    -- The day the round ran for: pauses and cadence are judged on it.
    round_date    TEXT NOT NULL,
    -- The exclusions in force when it was planned ([[a, b], ...]), so a replay sees what the plan saw.
    exclusions    TEXT NOT NULL DEFAULT '[]',
    planned_at    TEXT NOT NULL,
    approved_at   TEXT,
    approved_by   TEXT,
    CONSTRAINT rounds_period_unique UNIQUE (period),
    CONSTRAINT rounds_number_unique UNIQUE (round_number),
    CONSTRAINT rounds_period_check CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]' AND substr(period, 6, 2) BETWEEN '01' AND '12'),
    CONSTRAINT rounds_status_check CHECK (status IN ('planned', 'approved', 'sent', 'closed'))
);

CREATE TABLE round_groups (
    round_id       INTEGER NOT NULL REFERENCES rounds (id),
    group_number   INTEGER NOT NULL,
    -- Who is asked to arrange the call, chosen with the round's seed.
    arranger_id    INTEGER NOT NULL REFERENCES participants (id),
    PRIMARY KEY (round_id, group_number)
);

CREATE TABLE group_members (
    round_id       INTEGER NOT NULL,
    group_number   INTEGER NOT NULL,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    -- One membership per participant per round.
    PRIMARY KEY (round_id, participant_id),
    FOREIGN KEY (round_id, group_number) REFERENCES round_groups (round_id, group_number)
);
CREATE INDEX group_members_participant ON group_members (participant_id);

CREATE TABLE round_outcomes (
    round_id       INTEGER NOT NULL REFERENCES rounds (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    outcome        TEXT NOT NULL,
    reason         TEXT NOT NULL,
    -- What the pairing engine was given for this person, so a replay sees what the plan saw even after
    -- they change their organisation (null for those who were not given to the engine).
    pairing_organisation TEXT,
    last_sat_out_round   INTEGER,
    PRIMARY KEY (round_id, participant_id),
    CONSTRAINT round_outcomes_outcome_check CHECK (outcome IN ('paired', 'satOut', 'unmatched', 'paused', 'notDue', 'skipped', 'undeliverable'))
);

CREATE TABLE outbox_messages (
    id               INTEGER PRIMARY KEY,
    idempotency_key  TEXT NOT NULL,
    kind             TEXT NOT NULL,
    round_id         INTEGER REFERENCES rounds (id),
    participant_id   INTEGER REFERENCES participants (id),
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    text_body        TEXT NOT NULL,
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
    CONSTRAINT outbox_idempotency_unique UNIQUE (idempotency_key),
    CONSTRAINT outbox_state_check CHECK (state IN ('pending', 'held', 'sending', 'sent', 'retrying', 'failed', 'ambiguous', 'suppressed')),
    CONSTRAINT outbox_kind_check CHECK (kind IN ('introduction', 'satOut', 'unmatched', 'confirmSignUp', 'manageLink', 'followUp'))
);
CREATE INDEX outbox_due ON outbox_messages (next_attempt_at) WHERE state IN ('pending', 'retrying', 'sending');

CREATE TABLE tokens (
    id             INTEGER PRIMARY KEY,
    purpose        TEXT NOT NULL,
    participant_id INTEGER REFERENCES participants (id),
    -- SHA-256 of the token; the token itself is only ever in the email.
    hash           BLOB NOT NULL,
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    used_at        TEXT,
    CONSTRAINT tokens_hash_unique UNIQUE (hash),
    CONSTRAINT tokens_purpose_check CHECK (purpose IN ('confirm', 'manage', 'unsubscribe', 'organiserSignIn'))
);

CREATE TABLE feedback (
    round_id       INTEGER NOT NULL REFERENCES rounds (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    outcome        TEXT NOT NULL,
    reason         TEXT,
    recorded_at    TEXT NOT NULL,
    PRIMARY KEY (round_id, participant_id),
    CONSTRAINT feedback_outcome_check CHECK (outcome IN ('met', 'notYet', 'couldNot', 'didNotTry'))
);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT,
    detail  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);

-- ASP.NET Core Data Protection keys, kept with the rest of the data.
CREATE TABLE data_protection_keys (
    id            INTEGER PRIMARY KEY,
    friendly_name TEXT NOT NULL UNIQUE,
    xml           TEXT NOT NULL
);
