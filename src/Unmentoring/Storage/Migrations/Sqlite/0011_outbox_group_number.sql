-- An introduction waiting to be rendered names its group (see the PostgreSQL migration of the same number).
ALTER TABLE outbox_messages ADD COLUMN group_number INTEGER;

UPDATE outbox_messages
SET group_number = (SELECT m.group_number FROM group_members m WHERE m.round_id = outbox_messages.round_id AND m.participant_id = outbox_messages.participant_id)
WHERE kind = 'introduction' AND text_body IS NULL;
