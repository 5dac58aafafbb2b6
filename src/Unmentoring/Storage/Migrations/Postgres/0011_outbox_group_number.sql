-- An introduction waiting to be rendered names its group (the round's group number), so the dispatcher reads
-- a batch's groups by number and their members' details in one query, instead of looking up each recipient's
-- membership first. Not personal data: the number means something only beside the round's group_members.
-- Rows written before this migration get theirs from the round's memberships: every introduction rendered at
-- dispatch, sent ones too, so that the rule below holds for the whole table. That rewrites those rows once,
-- under this migration's lock on the table (seconds for a year of monthly rounds of 100,000).
ALTER TABLE outbox_messages ADD COLUMN group_number integer;

UPDATE outbox_messages o
SET group_number = m.group_number
FROM group_members m
WHERE o.kind = 'introduction' AND o.text_body IS NULL AND m.round_id = o.round_id AND m.participant_id = o.participant_id;

-- An instance still running the code before this migration writes introductions without a group: its round
-- is refused as a whole (and retried by its scheduler) rather than written with emails that cannot be rendered.
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_introduction_group_check
    CHECK (kind <> 'introduction' OR text_body IS NOT NULL OR group_number IS NOT NULL);
