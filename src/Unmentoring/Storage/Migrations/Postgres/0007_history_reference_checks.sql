-- A round writes its history in bulk: at 100,000 participants, 50,000 groups and 100,000 rows in each of
-- group_members, round_outcomes and outbox_messages. A declared foreign key checks, and locks, the row it
-- refers to once per inserted row; with two keys a table that cost about 1.2 s per 100,000 rows, most of a
-- round's time. These four tables now check each statement's new rows in one set-based query instead
-- (docs/adr/0010-history-reference-checks.md). What made the declared keys worth their cost was that a
-- referenced row could vanish; here it cannot: participants, rounds and groups are never deleted (erasure
-- blanks a participant's data and keeps the row), and that is enforced below, as is that the references of
-- a written row never change.

ALTER TABLE round_groups DROP CONSTRAINT round_groups_round_id_fkey, DROP CONSTRAINT round_groups_arranger_id_fkey;
ALTER TABLE group_members DROP CONSTRAINT group_members_participant_id_fkey, DROP CONSTRAINT group_members_round_id_group_number_fkey;
ALTER TABLE round_outcomes DROP CONSTRAINT round_outcomes_round_id_fkey, DROP CONSTRAINT round_outcomes_participant_id_fkey;
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_round_id_fkey, DROP CONSTRAINT outbox_messages_participant_id_fkey;

-- Raised as foreign_key_violation (23503), like the declared keys they replace.
CREATE FUNCTION unmentoring_missing_reference(tbl text, what text, id text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'insert or update on table "%" refers to a % that does not exist (%)', tbl, what, id
        USING ERRCODE = 'foreign_key_violation';
END
$$;

CREATE FUNCTION round_groups_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    SELECT n.round_id::text INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM rounds r WHERE r.id = n.round_id) LIMIT 1;
    IF FOUND THEN PERFORM unmentoring_missing_reference(TG_TABLE_NAME, 'round', missing); END IF;
    SELECT n.arranger_id::text INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM participants p WHERE p.id = n.arranger_id) LIMIT 1;
    IF FOUND THEN PERFORM unmentoring_missing_reference(TG_TABLE_NAME, 'participant', missing); END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION group_members_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    SELECT n.participant_id::text INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM participants p WHERE p.id = n.participant_id) LIMIT 1;
    IF FOUND THEN PERFORM unmentoring_missing_reference(TG_TABLE_NAME, 'participant', missing); END IF;
    SELECT n.round_id || '/' || n.group_number INTO missing FROM new_rows n
    WHERE NOT EXISTS (SELECT 1 FROM round_groups g WHERE g.round_id = n.round_id AND g.group_number = n.group_number) LIMIT 1;
    IF FOUND THEN PERFORM unmentoring_missing_reference(TG_TABLE_NAME, 'group (round/group number)', missing); END IF;
    RETURN NULL;
END
$$;

-- round_outcomes and outbox_messages both refer to a round and a participant (optional in the outbox).
CREATE FUNCTION round_and_participant_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    SELECT n.round_id::text INTO missing FROM new_rows n
    WHERE n.round_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rounds r WHERE r.id = n.round_id) LIMIT 1;
    IF FOUND THEN PERFORM unmentoring_missing_reference(TG_TABLE_NAME, 'round', missing); END IF;
    SELECT n.participant_id::text INTO missing FROM new_rows n
    WHERE n.participant_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.id = n.participant_id) LIMIT 1;
    IF FOUND THEN PERFORM unmentoring_missing_reference(TG_TABLE_NAME, 'participant', missing); END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER round_groups_references AFTER INSERT ON round_groups
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION round_groups_check_references();
CREATE TRIGGER group_members_references AFTER INSERT ON group_members
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION group_members_check_references();
CREATE TRIGGER round_outcomes_references AFTER INSERT ON round_outcomes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION round_and_participant_check_references();
CREATE TRIGGER outbox_messages_references AFTER INSERT ON outbox_messages
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION round_and_participant_check_references();

-- The references of a written row never change (an UPDATE that names these columns is refused; the
-- dispatcher's updates do not name them, so they cost nothing here).
CREATE FUNCTION unmentoring_refuse_reference_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the references of a row in "%" are written once and never changed', TG_TABLE_NAME
        USING ERRCODE = 'foreign_key_violation';
END
$$;

CREATE TRIGGER round_groups_fixed BEFORE UPDATE OF round_id, group_number, arranger_id ON round_groups
    FOR EACH ROW EXECUTE FUNCTION unmentoring_refuse_reference_change();
CREATE TRIGGER group_members_fixed BEFORE UPDATE OF round_id, group_number, participant_id ON group_members
    FOR EACH ROW EXECUTE FUNCTION unmentoring_refuse_reference_change();
CREATE TRIGGER round_outcomes_fixed BEFORE UPDATE OF round_id, participant_id ON round_outcomes
    FOR EACH ROW EXECUTE FUNCTION unmentoring_refuse_reference_change();
CREATE TRIGGER outbox_messages_fixed BEFORE UPDATE OF round_id, participant_id ON outbox_messages
    FOR EACH ROW EXECUTE FUNCTION unmentoring_refuse_reference_change();

-- What is referred to is never deleted: a participant is erased (their row stays, blank), rounds and their
-- groups are history. Also what a declared key's ON DELETE would have guarded.
CREATE FUNCTION unmentoring_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of "%" are never deleted (a participant is erased instead, which keeps the row)', TG_TABLE_NAME
        USING ERRCODE = 'foreign_key_violation';
END
$$;

CREATE TRIGGER participants_never_deleted BEFORE DELETE OR TRUNCATE ON participants
    FOR EACH STATEMENT EXECUTE FUNCTION unmentoring_refuse_delete();
CREATE TRIGGER rounds_never_deleted BEFORE DELETE OR TRUNCATE ON rounds
    FOR EACH STATEMENT EXECUTE FUNCTION unmentoring_refuse_delete();
CREATE TRIGGER round_groups_never_deleted BEFORE DELETE OR TRUNCATE ON round_groups
    FOR EACH STATEMENT EXECUTE FUNCTION unmentoring_refuse_delete();
