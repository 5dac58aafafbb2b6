-- The organisers' round page counts a round's emails by state and shows each person's newest email, a page
-- at a time. Without an index on the round every such read scanned the whole outbox (every email of every
-- round). SQLite has no INCLUDE, so the state is the index's last column.
CREATE INDEX outbox_by_round ON outbox_messages (round_id, participant_id, id, state) WHERE round_id IS NOT NULL;
