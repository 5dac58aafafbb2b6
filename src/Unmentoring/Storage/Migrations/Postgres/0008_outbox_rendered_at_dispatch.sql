-- A round's emails are rendered by the dispatcher when it sends them, from the round's stored records and
-- the participants' details at that moment (docs/adr/0011-round-emails-rendered-at-dispatch.md): the round
-- writes a small row per email with no recipient, subject or body. Emails whose content cannot be made
-- again later (a sign-up confirmation carries a secret that is stored only as a hash) are still stored
-- whole. Either the whole content is there, or the row names the round and participant it is rendered from.
ALTER TABLE outbox_messages
    ALTER COLUMN recipient DROP NOT NULL,
    ALTER COLUMN subject DROP NOT NULL,
    ALTER COLUMN text_body DROP NOT NULL,
    ADD CONSTRAINT outbox_content_check CHECK (
        (recipient IS NOT NULL AND subject IS NOT NULL AND text_body IS NOT NULL)
        OR (recipient IS NULL AND subject IS NULL AND text_body IS NULL AND html_body IS NULL AND headers IS NULL AND attachments IS NULL
            AND kind IN ('introduction', 'satOut', 'unmatched') AND round_id IS NOT NULL AND participant_id IS NOT NULL));
