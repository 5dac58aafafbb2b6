-- Planning a round reads when each person last sat out (whoever sat out longest ago goes first). Sit-outs
-- are rare, so this small index spares that read a scan of every outcome ever recorded.
CREATE INDEX round_outcomes_sat_out ON round_outcomes (round_id, participant_id) WHERE outcome = 'satOut';
