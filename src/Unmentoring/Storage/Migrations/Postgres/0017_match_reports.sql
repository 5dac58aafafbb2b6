-- A participant's "report a problem with my match" (docs/adr/0028-exclusions-and-match-reports.md): one row
-- per report, from the signed link in their introduction for that round. The report adds an exclusion (the
-- table the rounds already honour) at once; this row says who asked, about whom, after which round and why,
-- for the organisers' pages. Reporting the same person from the same round's link again is the same row.
CREATE TABLE match_reports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id    bigint NOT NULL REFERENCES rounds (id),
    reporter_id bigint NOT NULL REFERENCES participants (id),
    reported_id bigint NOT NULL REFERENCES participants (id),
    reason      text,
    reported_at timestamptz NOT NULL,
    CONSTRAINT match_reports_once UNIQUE (round_id, reporter_id, reported_id),
    CONSTRAINT match_reports_two_people CHECK (reporter_id <> reported_id),
    CONSTRAINT match_reports_reason_check CHECK (reason IS NULL OR length(reason) <= 1000)
);

-- Free text that may name someone stays out of the planner's statistics, as in 0012.
ALTER TABLE match_reports ALTER COLUMN reason SET STATISTICS 0;

-- The organisers are told of each report by a new kind of email.
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('introduction', 'satOut', 'unmatched', 'confirmSignUp', 'manageLink', 'followUp', 'organiserSignIn', 'matchProblemReported'));
