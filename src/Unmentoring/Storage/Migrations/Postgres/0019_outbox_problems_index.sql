-- The organisers' outbox page and `outbox show` list the failed and ambiguous emails, newest first, a page
-- at a time. They are few among the millions a scheme sends over the years: without this index each page
-- read every row from the newest back. The condition is the query's own (SQLite uses a partial index only
-- when the query names its condition).
CREATE INDEX outbox_problems ON outbox_messages (id) WHERE state IN ('failed', 'ambiguous');
