-- The dispatcher's claim filters on state IN ('pending', 'retrying'), and SQLite uses a partial index only
-- when the query names the index's own condition: outbox_due (which also covers 'sending') was never used,
-- so every claim read the whole table, bodies included (state is stored after them), and grew slower with
-- every email ever sent. This index matches the claim's condition and order, so a claim reads one batch.
CREATE INDEX outbox_claimable ON outbox_messages (next_attempt_at, id) WHERE state IN ('pending', 'retrying');
