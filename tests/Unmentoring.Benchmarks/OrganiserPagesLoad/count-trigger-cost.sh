#!/usr/bin/env bash
# Usage: KEEP_DIR=/tmp/organiser-load count-trigger-cost.sh (a cluster seeded and migrated by run.sh, not running).
# Times a round-sized insert and a round-sized state change on outbox_messages, with and without the 0026 count
# triggers, each in a transaction that is rolled back. On the kept cluster copy.
set -euo pipefail
PGB=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
cd "${KEEP_DIR:?set KEEP_DIR to a cluster kept by run.sh}"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_postgres $PGB/pg_ctl -D pg -l pg.log -w -o "-p 25433 -k $PWD -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" start >/dev/null
trap 'as_postgres $PGB/pg_ctl -D pg -m fast stop >/dev/null' EXIT
P="$PGB/psql -h 127.0.0.1 -p 25433 -U postgres -q"
cols=$($P -At -c "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'outbox_messages' AND column_name NOT IN ('id', 'idempotency_key')")
for run in 1 2; do
for mode in with without; do
  dis=""; [ $mode = without ] && dis="ALTER TABLE outbox_messages DISABLE TRIGGER outbox_state_counts_insert; ALTER TABLE outbox_messages DISABLE TRIGGER outbox_state_counts_update;"
  echo "== run $run, $mode the count triggers, load $(cut -d' ' -f1 /proc/loadavg)"
  $P <<SQL | grep -E "^Time" | paste -sd' '
BEGIN;
$dis
\timing on
INSERT INTO outbox_messages (idempotency_key, $cols) SELECT idempotency_key || ':copy', $cols FROM outbox_messages WHERE round_id = (SELECT max(id) FROM rounds);
UPDATE outbox_messages SET state = 'pending' WHERE round_id = (SELECT max(id) - 1 FROM rounds) AND state = 'sent';
\timing off
ROLLBACK;
SQL
done
done
