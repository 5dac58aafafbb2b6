-- The organisers' participants pages (docs/adr/0027-participant-search.md).
-- A search matches the start of the email address, of the name, of the name's last word (the surname) or of
-- the organisation, ignoring case. Each is an index on the lower-cased value in code-point order ("C"), so a
-- prefix is a range scan of one index (lower(x) >= term AND lower(x) < term || U+10FFFF) whatever the
-- database's locale, and the name index also gives the list its order.
CREATE INDEX participants_search_email ON participants (lower(email) COLLATE "C");
CREATE INDEX participants_search_name ON participants (lower(name) COLLATE "C", id);
CREATE INDEX participants_search_surname ON participants (lower(replace(name, rtrim(name, replace(name, ' ', '')), '')) COLLATE "C");
CREATE INDEX participants_search_organisation ON participants (lower(organisation) COLLATE "C");
-- The "undeliverable" filter: few rows, found without reading everyone.
CREATE INDEX participants_undeliverable ON participants (id) WHERE undeliverable_at IS NOT NULL;

-- A person's page: every round and every email of one participant, without reading every round's rows.
CREATE INDEX round_outcomes_participant ON round_outcomes (participant_id);
CREATE INDEX outbox_messages_participant ON outbox_messages (participant_id);

-- As for participants_email_unique (0012): ANALYZE would copy sample addresses and names from these
-- expression indexes into pg_statistic, where an erased person's would outlive their row.
ALTER INDEX participants_search_email ALTER COLUMN 1 SET STATISTICS 0;
ALTER INDEX participants_search_name ALTER COLUMN 1 SET STATISTICS 0;
ALTER INDEX participants_search_surname ALTER COLUMN 1 SET STATISTICS 0;
ALTER INDEX participants_search_organisation ALTER COLUMN 1 SET STATISTICS 0;
