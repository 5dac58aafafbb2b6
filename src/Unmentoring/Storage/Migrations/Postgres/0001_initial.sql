-- The whole scheme's data. Integrity lives here, not only in code: unique emails ignoring case, one
-- membership per participant per round, one round per period, foreign keys and checked states.

CREATE TABLE participants (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stays when personal data is erased, so history (and other people's no-repeat rules) still holds.
    public_id            text NOT NULL UNIQUE,
    email                text,
    name                 text,
    organisation         text,
    role                 text,
    phone                text,
    video                text,
    intro                text,
    cadence              text NOT NULL DEFAULT 'monthly',
    status               text NOT NULL DEFAULT 'pending',
    paused_until         date,
    skip_period          text,
    consent_basis        text,
    consent_text_version text,
    consent_at           timestamptz,
    conduct_agreed_at    timestamptz,
    undeliverable_at     timestamptz,
    undeliverable_reason text,
    created_at           timestamptz NOT NULL,
    confirmed_at         timestamptz,
    updated_at           timestamptz NOT NULL,
    erased_at            timestamptz,
    CONSTRAINT participants_cadence_check CHECK (cadence IN ('monthly', '2-monthly', 'quarterly')),
    CONSTRAINT participants_status_check CHECK (status IN ('pending', 'active', 'paused', 'unsubscribed', 'erased')),
    CONSTRAINT participants_paused_check CHECK ((status = 'paused') = (paused_until IS NOT NULL)),
    CONSTRAINT participants_erased_check CHECK ((status = 'erased') = (email IS NULL)),
    CONSTRAINT participants_consent_check CHECK (status IN ('pending', 'erased') OR consent_at IS NOT NULL),
    CONSTRAINT participants_email_check CHECK (email IS NULL OR (length(email) <= 254 AND email !~ '[[:cntrl:]]')),
    CONSTRAINT participants_intro_check CHECK (intro IS NULL OR length(intro) <= 500)
);
CREATE UNIQUE INDEX participants_email_unique ON participants (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX participants_status ON participants (status);

CREATE TABLE exclusions (
    participant_a bigint NOT NULL REFERENCES participants (id),
    participant_b bigint NOT NULL REFERENCES participants (id),
    reason        text,
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (participant_a, participant_b),
    CONSTRAINT exclusions_order_check CHECK (participant_a < participant_b)
);

CREATE TABLE rules_versions (
    version    integer PRIMARY KEY,
    rules      text NOT NULL,
    changed_by text NOT NULL,
    changed_at timestamptz NOT NULL,
    change     text NOT NULL
);

CREATE TABLE rounds (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period        text NOT NULL,
    round_number  integer NOT NULL,
    seed          bigint NOT NULL,
    rules_version integer NOT NULL REFERENCES rules_versions (version),
    status        text NOT NULL,
    -- The day the round ran for: pauses and cadence are judged on it.
    round_date    date NOT NULL,
    -- The exclusions in force when it was planned ([[a, b], ...]), so a replay sees what the plan saw.
    exclusions    text NOT NULL DEFAULT '[]',
    planned_at    timestamptz NOT NULL,
    approved_at   timestamptz,
    approved_by   text,
    CONSTRAINT rounds_period_unique UNIQUE (period),
    CONSTRAINT rounds_number_unique UNIQUE (round_number),
    CONSTRAINT rounds_period_check CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    CONSTRAINT rounds_status_check CHECK (status IN ('planned', 'approved', 'sent', 'closed'))
);

CREATE TABLE round_groups (
    round_id       bigint NOT NULL REFERENCES rounds (id),
    group_number   integer NOT NULL,
    -- Who is asked to arrange the call, chosen with the round's seed.
    arranger_id    bigint NOT NULL REFERENCES participants (id),
    PRIMARY KEY (round_id, group_number)
);

CREATE TABLE group_members (
    round_id       bigint NOT NULL,
    group_number   integer NOT NULL,
    participant_id bigint NOT NULL REFERENCES participants (id),
    -- One membership per participant per round.
    PRIMARY KEY (round_id, participant_id),
    FOREIGN KEY (round_id, group_number) REFERENCES round_groups (round_id, group_number)
);
CREATE INDEX group_members_participant ON group_members (participant_id);

CREATE TABLE round_outcomes (
    round_id       bigint NOT NULL REFERENCES rounds (id),
    participant_id bigint NOT NULL REFERENCES participants (id),
    outcome        text NOT NULL,
    reason         text NOT NULL,
    -- What the pairing engine was given for this person, so a replay sees what the plan saw even after
    -- they change their organisation (null for those who were not given to the engine).
    pairing_organisation text,
    last_sat_out_round   integer,
    PRIMARY KEY (round_id, participant_id),
    CONSTRAINT round_outcomes_outcome_check CHECK (outcome IN ('paired', 'satOut', 'unmatched', 'paused', 'notDue', 'skipped', 'undeliverable'))
);

CREATE TABLE outbox_messages (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key  text NOT NULL,
    kind             text NOT NULL,
    round_id         bigint REFERENCES rounds (id),
    participant_id   bigint REFERENCES participants (id),
    recipient        text NOT NULL,
    subject          text NOT NULL,
    text_body        text NOT NULL,
    html_body        text,
    headers          text,
    attachments      text,
    state            text NOT NULL DEFAULT 'pending',
    attempts         integer NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    lease_until      timestamptz,
    last_reply       text,
    sent_at          timestamptz,
    CONSTRAINT outbox_idempotency_unique UNIQUE (idempotency_key),
    CONSTRAINT outbox_state_check CHECK (state IN ('pending', 'held', 'sending', 'sent', 'retrying', 'failed', 'ambiguous', 'suppressed')),
    CONSTRAINT outbox_kind_check CHECK (kind IN ('introduction', 'satOut', 'unmatched', 'confirmSignUp', 'manageLink', 'followUp'))
);
CREATE INDEX outbox_due ON outbox_messages (next_attempt_at) WHERE state IN ('pending', 'retrying', 'sending');

CREATE TABLE tokens (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    purpose        text NOT NULL,
    participant_id bigint REFERENCES participants (id),
    -- SHA-256 of the token; the token itself is only ever in the email.
    hash           bytea NOT NULL,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    used_at        timestamptz,
    CONSTRAINT tokens_hash_unique UNIQUE (hash),
    CONSTRAINT tokens_purpose_check CHECK (purpose IN ('confirm', 'manage', 'unsubscribe', 'organiserSignIn'))
);

CREATE TABLE feedback (
    round_id       bigint NOT NULL REFERENCES rounds (id),
    participant_id bigint NOT NULL REFERENCES participants (id),
    outcome        text NOT NULL,
    reason         text,
    recorded_at    timestamptz NOT NULL,
    PRIMARY KEY (round_id, participant_id),
    CONSTRAINT feedback_outcome_check CHECK (outcome IN ('met', 'notYet', 'couldNot', 'didNotTry'))
);

CREATE TABLE audit_log (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL,
    actor   text NOT NULL,
    action  text NOT NULL,
    subject text,
    detail  text
);
CREATE INDEX audit_log_at ON audit_log (at);

-- ASP.NET Core Data Protection keys, shared by every instance so antiforgery tokens work behind a load balancer.
CREATE TABLE data_protection_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text NOT NULL UNIQUE,
    xml          text NOT NULL
);
