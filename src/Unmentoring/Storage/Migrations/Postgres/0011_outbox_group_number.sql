-- An introduction waiting to be rendered names its group (the round's group number), so the dispatcher reads
-- a batch's groups by number and their members' details in one query, instead of looking up each recipient's
-- membership first. Not personal data: the number means something only beside the round's group_members.
-- Rows written before this migration get theirs from the round's memberships.
ALTER TABLE outbox_messages ADD COLUMN group_number integer;

UPDATE outbox_messages o
SET group_number = m.group_number
FROM group_members m
WHERE o.kind = 'introduction' AND o.text_body IS NULL AND m.round_id = o.round_id AND m.participant_id = o.participant_id;
