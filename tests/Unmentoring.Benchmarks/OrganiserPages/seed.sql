-- Fills a migrated PostgreSQL database with a scheme that has run for two years, for timing the organisers'
-- pages: :people participants (default 100,000; most active, some pending, paused, left or bouncing) with
-- names, addresses and organisations that prefix searches find in realistic numbers, and 24 sent rounds in
-- which every active person was paired, each with its outcomes and one sent introduction per person.
-- Run after `unmentoring migrate` and `unmentoring rules show` (which writes rules version 1):
--   psql "$DB" -v people=100000 -f seed.sql
\set ON_ERROR_STOP on
\if :{?people}
\else
\set people 100000
\endif

BEGIN;

-- 40 first names and 400 surnames (two syllables each), 2,000 organisations.
INSERT INTO participants (public_id, email, name, organisation, role, intro, cadence, status, paused_until,
    consent_basis, consent_text_version, consent_at, conduct_agreed_at, created_at, confirmed_at, updated_at, undeliverable_at)
SELECT md5('person' || i),
       lower(first) || '.' || lower(last) || i || '@org' || (i % 2000) || '.example',
       first || ' ' || last,
       'Organisation ' || (i % 2000),
       'Officer',
       'I work on local services.',
       'monthly',
       CASE WHEN i % 100 < 3 THEN 'pending' WHEN i % 100 < 8 THEN 'paused' WHEN i % 100 < 10 THEN 'unsubscribed' ELSE 'active' END,
       CASE WHEN i % 100 BETWEEN 3 AND 7 THEN DATE '2027-06-01' END,
       CASE WHEN i % 100 >= 3 THEN 'sign-up form' END,
       CASE WHEN i % 100 >= 3 THEN '2026-09' END,
       CASE WHEN i % 100 >= 3 THEN now() END,
       now(), now() - interval '2 years',
       CASE WHEN i % 100 >= 3 THEN now() - interval '2 years' END,
       now(),
       CASE WHEN i % 100 = 10 THEN now() END
FROM generate_series(1, :people) AS i,
LATERAL (SELECT
    (ARRAY['Ada','Alan','Amara','Ben','Bola','Chloe','Dan','Deepa','Eve','Femi','Grace','Hamza','Ian','Isla','Jack','Jo',
           'Kemi','Liam','Mary','Mo','Nia','Noah','Olu','Priya','Raj','Rosa','Sam','Sara','Tom','Una','Vik','Wei','Xena',
           'Yusuf','Zara','Anna','Bryn','Cara','Dev','Elif'])[1 + i % 40] AS first,
    initcap((ARRAY['smi','jon','wil','tay','bro','dav','eva','tho','rob','wal','whi','mar','hug','edw','gre','hal',
                   'woo','har','lew','mor'])[1 + (i / 40) % 20]
         || (ARRAY['th','es','son','lor','wn','ies','ans','mas','erts','ker','te','tin','ghes','ards','en','ll',
                   'ds','ris','is','gan'])[1 + (i / 800) % 20]) AS last) AS names;

-- 24 rounds, one a month, all sent.
INSERT INTO rounds (period, round_number, seed, rules_version, status, round_date, planned_at, approved_at)
SELECT to_char(DATE '2024-12-01' + make_interval(months => r), 'YYYY-MM'), r, r, 1, 'sent',
       DATE '2024-12-07' + make_interval(months => r), now(), now()
FROM generate_series(1, 24) AS r;

-- Each round pairs the people taking part in a different shuffled order (the last one, if odd, joins the last pair).
CREATE TEMPORARY TABLE shuffled ON COMMIT DROP AS
SELECT r.id AS round_id, p.id AS participant_id,
       row_number() OVER (PARTITION BY r.id ORDER BY md5(p.id || ':' || r.round_number)) - 1 AS position,
       count(*) OVER (PARTITION BY r.id) AS taking_part
FROM rounds r CROSS JOIN participants p
WHERE p.status IN ('active', 'paused');
UPDATE shuffled SET position = position - 1 WHERE taking_part % 2 = 1 AND position = taking_part - 1;

INSERT INTO round_groups (round_id, group_number, arranger_id)
SELECT round_id, position / 2 + 1, min(participant_id) FROM shuffled GROUP BY round_id, position / 2 + 1;
INSERT INTO group_members (round_id, group_number, participant_id)
SELECT round_id, position / 2 + 1, participant_id FROM shuffled;
INSERT INTO round_outcomes (round_id, participant_id, outcome, reason, pairing_organisation)
SELECT s.round_id, s.participant_id, 'paired', 'Paired.', p.organisation FROM shuffled s JOIN participants p ON p.id = s.participant_id;
INSERT INTO outbox_messages (idempotency_key, kind, round_id, participant_id, recipient, subject, text_body, state, attempts,
    created_at, next_attempt_at, sent_at, group_number)
SELECT 'round:' || s.round_id || ':introduction:' || s.participant_id, 'introduction', s.round_id, s.participant_id,
       p.email, 'Your UnMentoring introduction', 'Hello, meet your match.', 'sent', 1, now(), now(), now(), s.position / 2 + 1
FROM shuffled s JOIN participants p ON p.id = s.participant_id;

COMMIT;
ANALYZE;
