-- A dispatcher claims the next due messages in order (next_attempt_at, id), a small batch at a time.
-- The old index also held the messages being sent and lacked the id, so with a round's 100,000 emails
-- waiting each claim read and sorted all of them (about 0.1 s a claim, 2,000 claims). This one gives the
-- claim its rows in order, so it reads only the batch it takes.
DROP INDEX outbox_due;
CREATE INDEX outbox_claimable ON outbox_messages (next_attempt_at, id) WHERE state IN ('pending', 'retrying');
