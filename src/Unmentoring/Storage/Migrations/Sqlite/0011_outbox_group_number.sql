-- An introduction waiting to be rendered names its group (see the PostgreSQL migration of the same number).
ALTER TABLE outbox_messages ADD COLUMN group_number INTEGER;

UPDATE outbox_messages
SET group_number = (SELECT m.group_number FROM group_members m WHERE m.round_id = outbox_messages.round_id AND m.participant_id = outbox_messages.participant_id)
WHERE kind = 'introduction' AND text_body IS NULL;

-- The PostgreSQL CHECK of the same rule (adding a CHECK to an SQLite table means rebuilding it).
CREATE TRIGGER outbox_introduction_group BEFORE INSERT ON outbox_messages
WHEN NEW.kind = 'introduction' AND NEW.text_body IS NULL AND NEW.group_number IS NULL
BEGIN
    SELECT RAISE(ABORT, 'outbox_messages: an introduction to be rendered at dispatch must name its group (group_number)');
END;
