-- The dispatcher's bookkeeping, so that a message is sent at most once even when a dispatcher dies:
-- claim_token names the claim that owns a 'sending' row (a late writer with an old claim changes nothing);
-- send_started_at is written and committed just before the message is handed to the SMTP server, so a
-- row whose lease ran out with it set may have been delivered and becomes 'ambiguous' instead of being
-- sent again (see docs/adr/0003-outbox-and-ambiguous-sends.md).
ALTER TABLE outbox_messages ADD COLUMN claim_token TEXT;
ALTER TABLE outbox_messages ADD COLUMN send_started_at TEXT;
-- Retries stop RetryFor after the first attempt, not after the row was written (a held round can wait).
ALTER TABLE outbox_messages ADD COLUMN first_attempt_at TEXT;
ALTER TABLE outbox_messages ADD COLUMN last_attempt_at TEXT;
CREATE INDEX outbox_leases ON outbox_messages (lease_until) WHERE state = 'sending';
