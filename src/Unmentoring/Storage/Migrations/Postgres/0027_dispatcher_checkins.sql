-- Each running dispatcher checks in here, and names itself on the messages it claims, so that the others
-- can tell a dead instance from a slow one and release its claims about a minute after it went silent
-- instead of when its lease runs out (docs/adr/0042-dead-dispatchers-claims-released-early.md).
-- Holds no personal data: an instance is its host name, process id and a random suffix.
CREATE TABLE dispatcher_checkins (
    instance      text PRIMARY KEY,
    checked_in_at timestamptz NOT NULL
);

-- Null for claims made before this migration, or before the claiming instance had checked in: those come
-- back only when their lease runs out, as before.
ALTER TABLE outbox_messages ADD COLUMN claimed_by text;
