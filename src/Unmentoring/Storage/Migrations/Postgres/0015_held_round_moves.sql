-- Organisers may move people between the groups of a round that is held for approval, or swap two of them
-- (docs/adr/0026-changing-a-held-round.md). Migration 0007 refused every change to a written membership or
-- group; now a membership's group and a group's arranger may change while the round is still 'planned',
-- to a group of the same round that exists. The round and the participant of a row still never change, and
-- nothing changes once the round is approved. SQLite has no such triggers (it keeps its declared keys).

CREATE FUNCTION group_members_change_while_held() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.round_id = OLD.round_id AND NEW.participant_id = OLD.participant_id
        AND EXISTS (SELECT 1 FROM rounds r WHERE r.id = NEW.round_id AND r.status = 'planned')
        AND EXISTS (SELECT 1 FROM round_groups g WHERE g.round_id = NEW.round_id AND g.group_number = NEW.group_number) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the references of a row in "%" are written once and never changed', TG_TABLE_NAME
        USING ERRCODE = 'foreign_key_violation';
END
$$;

CREATE FUNCTION round_groups_change_while_held() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.round_id = OLD.round_id AND NEW.group_number = OLD.group_number
        AND EXISTS (SELECT 1 FROM rounds r WHERE r.id = NEW.round_id AND r.status = 'planned')
        AND EXISTS (SELECT 1 FROM participants p WHERE p.id = NEW.arranger_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the references of a row in "%" are written once and never changed', TG_TABLE_NAME
        USING ERRCODE = 'foreign_key_violation';
END
$$;

DROP TRIGGER group_members_fixed ON group_members;
CREATE TRIGGER group_members_fixed BEFORE UPDATE OF round_id, group_number, participant_id ON group_members
    FOR EACH ROW EXECUTE FUNCTION group_members_change_while_held();
DROP TRIGGER round_groups_fixed ON round_groups;
CREATE TRIGGER round_groups_fixed BEFORE UPDATE OF round_id, group_number, arranger_id ON round_groups
    FOR EACH ROW EXECUTE FUNCTION round_groups_change_while_held();
