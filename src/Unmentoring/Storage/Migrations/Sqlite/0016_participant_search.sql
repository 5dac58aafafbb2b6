-- The organisers' participants pages (docs/adr/0027-participant-search.md); the SQLite twin of the
-- PostgreSQL migration. SQLite compares text byte by byte (code-point order), so the plain expressions do.
CREATE INDEX participants_search_email ON participants (lower(email));
CREATE INDEX participants_search_name ON participants (lower(name), id);
CREATE INDEX participants_search_surname ON participants (lower(replace(name, rtrim(name, replace(name, ' ', '')), '')));
CREATE INDEX participants_search_organisation ON participants (lower(organisation));
CREATE INDEX participants_undeliverable ON participants (id) WHERE undeliverable_at IS NOT NULL;

CREATE INDEX round_outcomes_participant ON round_outcomes (participant_id);
CREATE INDEX outbox_messages_participant ON outbox_messages (participant_id);
