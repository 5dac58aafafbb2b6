-- The next free sending slot shared by every dispatcher on this database, so that
-- Unmentoring:Dispatcher:MaxPerMinute holds across instances (docs/adr/0022-relay-pacing.md).
-- One row per limit; each send moves it on by one interval in a single atomic UPDATE.
CREATE TABLE dispatch_pace (
    name         text PRIMARY KEY,
    next_slot_at timestamptz NOT NULL
);

INSERT INTO dispatch_pace (name, next_slot_at) VALUES ('smtp', '1970-01-01T00:00:00Z');
