-- The organisers' start page counts participants by status. With the two columns it reads in an index of
-- their own, that count reads the index alone instead of every participant's whole row.
CREATE INDEX participants_status_undeliverable ON participants (status, undeliverable_at);

-- The start page counts the emails still to be dealt with (queued, held, being sent, failed, ambiguous).
-- They are few beside the sent ones, but without an index on the state every look at the page read the
-- whole outbox (every email of every round). The condition is the query's own, word for word (SQLite uses a
-- partial index only when the query names its condition).
CREATE INDEX outbox_unfinished ON outbox_messages (state) WHERE state IN ('pending', 'retrying', 'sending', 'held', 'failed', 'ambiguous');

-- The start page and the round page count a round's outcomes by kind, and the round page lists one kind a
-- page at a time. With the outcome beside the round in the index these are read from the index alone,
-- instead of visiting each of the round's rows for its outcome.
CREATE INDEX round_outcomes_by_outcome ON round_outcomes (round_id, outcome);

-- The round page counts who was paired again with someone they had met (the rules allowed it). Those are
-- few, and told apart only by their reason, so this index holds just them. The reason is the text of
-- Pairing.Reasons.PairedWithRepeat, which the query names word for word; a test checks the two still agree.
CREATE INDEX round_outcomes_repeats ON round_outcomes (round_id) WHERE outcome = 'paired' AND reason = 'You are in a group with someone you met recently. Without this, someone would have been left out this round, so the longest-ago meeting possible was repeated.';
