-- A dispatcher claims the next due messages in order (next_attempt_at, id), a small batch at a time.
-- SQLite uses a partial index only when the query names the index's own condition: outbox_due (which also
-- covered 'sending') was never used by the claim, so every claim read the whole table, bodies included,
-- and grew slower with every email ever sent. This index matches the claim's condition and order, so a
-- claim reads one batch.
DROP INDEX outbox_due;
CREATE INDEX outbox_claimable ON outbox_messages (next_attempt_at, id) WHERE state IN ('pending', 'retrying');
