-- The organisers' round page counts a round's emails by state and shows each person's newest email, a page
-- at a time. Without an index on the round every such read scanned the whole outbox (every email of every
-- round). The state is carried in the index so the counts need not visit the table; an update of a
-- message's state already updates its indexes (outbox_claimable names the state), so this adds one entry
-- to that work and no new kind of work.
CREATE INDEX outbox_by_round ON outbox_messages (round_id, participant_id, id) INCLUDE (state) WHERE round_id IS NOT NULL;
