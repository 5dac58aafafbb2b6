-- As on PostgreSQL (see its 0007 and docs/adr/0010-history-reference-checks.md): participants, rounds and
-- groups are never deleted; a participant is erased instead, which keeps the row. SQLite keeps its declared
-- foreign keys, whose per-row checks are cheap in an embedded database.
CREATE TRIGGER participants_never_deleted BEFORE DELETE ON participants
BEGIN
    SELECT RAISE(ABORT, 'rows of "participants" are never deleted (a participant is erased instead, which keeps the row)');
END;
CREATE TRIGGER rounds_never_deleted BEFORE DELETE ON rounds
BEGIN
    SELECT RAISE(ABORT, 'rows of "rounds" are never deleted');
END;
CREATE TRIGGER round_groups_never_deleted BEFORE DELETE ON round_groups
BEGIN
    SELECT RAISE(ABORT, 'rows of "round_groups" are never deleted');
END;
