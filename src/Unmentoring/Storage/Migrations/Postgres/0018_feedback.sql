-- "Did you meet?" (docs/adr/0031-feedback-and-automatic-pause.md). Nothing wrote feedback before this.

-- An answer per person per round: met, not yet, or could not meet with a reason from a fixed list; "other"
-- may carry a few words of the person's own (reason), which erasure removes.
ALTER TABLE feedback DROP CONSTRAINT feedback_outcome_check;
UPDATE feedback SET outcome = 'couldNotMeet' WHERE outcome IN ('couldNot', 'didNotTry');
ALTER TABLE feedback ADD COLUMN reason_code text;
UPDATE feedback SET reason_code = 'other' WHERE outcome = 'couldNotMeet';
ALTER TABLE feedback ADD CONSTRAINT feedback_outcome_check CHECK (outcome IN ('met', 'notYet', 'couldNotMeet'));
ALTER TABLE feedback ADD CONSTRAINT feedback_reason_check CHECK (
    (outcome = 'couldNotMeet') = (reason_code IS NOT NULL)
    AND (reason_code IS NULL OR reason_code IN ('noReply', 'noTime', 'cancelled', 'notRelevant', 'other'))
    AND (reason IS NULL OR (reason_code = 'other' AND length(reason) <= 200)));
CREATE INDEX feedback_participant ON feedback (participant_id);

-- Who was asked about which round, and when they were reminded. The primary key is what makes "nobody is
-- asked twice about one round" hold whichever instance, job or command asks first.
CREATE TABLE feedback_requests (
    round_id       bigint NOT NULL REFERENCES rounds (id),
    participant_id bigint NOT NULL REFERENCES participants (id),
    asked_at       timestamptz NOT NULL,
    reminded_at    timestamptz,
    PRIMARY KEY (round_id, participant_id)
);
CREATE INDEX feedback_requests_participant ON feedback_requests (participant_id);

-- Each automatic pause for silence, by the round whose planning paused them: silence is counted again only
-- from the rounds after it, so "Keep me in" (or a pause that ends) starts the count afresh.
CREATE TABLE silence_pauses (
    participant_id bigint NOT NULL REFERENCES participants (id),
    round_id       bigint NOT NULL REFERENCES rounds (id),
    paused_at      timestamptz NOT NULL,
    kept_in_at     timestamptz,
    PRIMARY KEY (participant_id, round_id)
);

-- The email that says someone was paused for silence is a new kind of outbox message.
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('introduction', 'satOut', 'unmatched', 'confirmSignUp', 'manageLink', 'followUp', 'organiserSignIn', 'matchProblemReported', 'pausedForSilence'));
