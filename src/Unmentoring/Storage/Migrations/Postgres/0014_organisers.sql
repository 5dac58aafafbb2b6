-- Who may use the organisers' pages, and their password-less sign-in codes (docs/adr/0025-organiser-sign-in.md).
-- Addresses are stored lower-case: the list is looked up by the address someone types or a provider sends.
CREATE TABLE organisers (
    email    text PRIMARY KEY,
    name     text,
    role     text NOT NULL,
    added_at timestamptz NOT NULL,
    added_by text NOT NULL,
    CONSTRAINT organisers_role_check CHECK (role IN ('organiser', 'viewer'))
);

-- One row per sign-in email sent. Only SHA-256 hashes of the link's secret and of the code are kept; a row is
-- used once (used_at), expires, and dies after too many wrong codes (failed_attempts).
CREATE TABLE organiser_sign_in_codes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           text NOT NULL,
    link_hash       bytea NOT NULL UNIQUE,
    code_hash       bytea NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    failed_attempts integer NOT NULL DEFAULT 0
);
CREATE INDEX organiser_sign_in_codes_email ON organiser_sign_in_codes (email, created_at);

-- The sign-in email is a new kind of outbox message.
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('introduction', 'satOut', 'unmatched', 'confirmSignUp', 'manageLink', 'followUp', 'organiserSignIn'));
