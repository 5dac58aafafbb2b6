#!/usr/bin/env bash
# The organisers' pages under load, against PostgreSQL, loopback only, bounded in time: a throwaway PostgreSQL
# cluster seeded through the real command line (100,000 participants imported from CSV, then 24 monthly rounds
# each run with requireApproval, approved, and marked delivered as the dispatcher would have), the real
# `unmentoring serve` (Release build, web and dispatcher, no scheduler), an organiser signed in by the emailed
# code from the pickup folder (no back door), then wrk for a few seconds against each organiser page with the
# session cookie. Prints p50 and p99 per page; a page that does not answer 200 (not built yet) is skipped.
#
# Usage: run.sh [seconds per page=10] [connections=4] [threads=2]
# PEOPLE (default 100000) and ROUNDS (default 24) change the seed. KEEP_DIR=/some/dir keeps the seeded cluster
# there and reuses it on the next run (seeding takes minutes), so before/after runs measure the same data.
# PAGES="start outbox" measures only the pages of those names (the first word of each line in `pages` below).
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-10}
connections=${2:-4}
threads=${3:-2}
people=${PEOPLE:-100000}
rounds=${ROUNDS:-24}
# A new organiser each run: an address may be sent only 3 sign-in emails in 15 minutes, and KEEP_DIR reruns.
organiser=bench.organiser.$(date +%s)@borsetshire.example
if [ -n "${KEEP_DIR:-}" ]; then work=$KEEP_DIR; mkdir -p "$work"; else work=$(mktemp -d /tmp/unmentoring-organiser-load-XXXX); fi
pg_port=$((20000 + RANDOM % 10000))
web_port=$((30000 + RANDOM % 10000))
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
initdb_bin=$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | tail -1)
pg_ctl_bin=$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)
psql_bin=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | tail -1)
sql() { "$psql_bin" -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -Atq -c "$1"; }

cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  as_postgres "$pg_ctl_bin" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  [ -n "${KEEP_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

seeded=false
[ -f "$work/seeded" ] && seeded=true
if ! $seeded; then
  rm -rf "$work/pg" "$work/data"
  [ "$(id -u)" = 0 ] && chown postgres "$work"
  as_postgres "$initdb_bin" -D "$work/pg" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
fi
as_postgres "$pg_ctl_bin" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB ${PG_OPTIONS:-}" start >/dev/null

dotnet build src/Unmentoring -c Release -o "$work/app" -v q -nologo >/dev/null
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Maximum Pool Size=100;Command Timeout=600"
export Unmentoring__DataDirectory="$work/data"
export Unmentoring__PublicBaseUrl="http://127.0.0.1:$web_port"
export Unmentoring__Roles__Scheduler=false
export Logging__LogLevel__Default=Warning
unmentoring() { dotnet "$work/app/unmentoring.dll" "$@"; }

if ! $seeded; then
  started=$(date +%s)
  unmentoring migrate >/dev/null
  # People in organisations of 20; most take part monthly, some every 2 months or quarterly.
  awk -v n="$people" 'BEGIN {
    print "email,name,organisation,role,intro,cadence"
    for (i = 0; i < n; i++) {
      cadence = (i % 20 < 16) ? "monthly" : (i % 20 < 19) ? "2-monthly" : "quarterly"
      printf "person%d@org%d.example,Person %d,Organisation %d,Officer,I work on local services and like comparing notes.,%s\n", i, int(i / 20), i, int(i / 20), cadence
    }
  }' >"$work/people.csv"
  unmentoring participants import "$work/people.csv" >/dev/null 2>&1
  unmentoring rules set requireApproval=true --by "$organiser" >/dev/null
  # The rounds of the last ROUNDS months, oldest first; each approved, then its emails marked delivered as the
  # dispatcher would have done long ago (the delivery itself is the dispatcher's benchmark, not this one).
  for back in $(seq "$rounds" -1 1); do
    period=$(date -u -d "$(date -u +%Y-%m-15) -$back month" +%Y-%m)
    unmentoring round run --period "$period" >/dev/null
    unmentoring round approve "$period" --by "$organiser" >/dev/null
    sql "UPDATE outbox_messages SET state = 'sent', attempts = 1, sent_at = now(), last_reply = '250 2.0.0 OK' WHERE round_id = (SELECT id FROM rounds WHERE period = '$period') AND state = 'pending'"
    printf '\rround %s done (%d s)' "$period" $(($(date +%s) - started)) >&2
  done
  echo >&2
  # A few of the latest round's emails bounced or were left unknown, so the outbox page has something to list.
  sql "UPDATE outbox_messages SET state = 'failed', last_reply = '550 5.1.1 Recipient address rejected' WHERE round_id = (SELECT max(id) FROM rounds) AND id % 500 = 0"
  sql "UPDATE outbox_messages SET state = 'ambiguous', last_reply = 'The connection closed after the message was sent' WHERE round_id = (SELECT max(id) FROM rounds) AND id % 2000 = 1"
  sql "VACUUM ANALYZE"
  touch "$work/seeded"
  echo "seeded $people participants and $rounds rounds in $(($(date +%s) - started)) s" >&2
fi

# A kept cluster may have been seeded by an older commit: bring its schema up to this one's.
unmentoring migrate >/dev/null
unmentoring organisers add "$organiser" --name "Bench Organiser" >/dev/null
dotnet "$work/app/unmentoring.dll" serve --urls "http://127.0.0.1:$web_port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$web_port/health" >/dev/null 2>&1 && break; sleep 0.5; done
base="http://127.0.0.1:$web_port"

# Sign in as an organiser does: ask for a code, read it from the email the dispatcher wrote, type it in.
token_of() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
jar="$work/cookies"
rm -f "$jar"
asked=$(date +%s)
token=$(curl -fs -c "$jar" -b "$jar" "$base/organise/sign-in" | token_of)
token=$(curl -fs -c "$jar" -b "$jar" --data-urlencode "email=$organiser" --data-urlencode "__RequestVerificationToken=$token" "$base/organise/sign-in" | token_of)
code=""
for _ in $(seq 1 60); do
  latest=$(find "$work/data/mail" -name '*.eml' -newermt "@$((asked - 1))" 2>/dev/null | xargs -r grep -l "^To:.*$organiser" | tail -1 || true)
  [ -n "$latest" ] && code=$(grep -m1 '^Subject:' "$latest" | grep -o '[0-9]\{3\} \?[0-9]\{3\}' | tail -1) && [ -n "$code" ] && break
  sleep 0.5
done
[ -n "$code" ] || { echo "No sign-in email arrived in $work/data/mail" >&2; tail -20 "$work/server.log" >&2; exit 1; }
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "email=$organiser" --data-urlencode "code=$code" \
  --data-urlencode "__RequestVerificationToken=$token" "$base/organise/sign-in/code"
cookie=$(awk 'NF == 7 && $1 ~ /127\.0\.0\.1$/ { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")
grep -q unmentoring-organiser <<<"$cookie" || { echo "Signing in failed: no session cookie" >&2; exit 1; }

# The preview page shows the kept preview of the next round (ADR 0037): make one first, as an organiser
# presses "Preview the next round", and say how long planning it took.
if [ -z "${PAGES:-}" ] || [[ " $PAGES " == *" round-preview "* ]]; then
  token=$(curl -fs -c "$jar" -b "$jar" "$base/organise/rounds" | token_of)
  read -r status took < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 300 -c "$jar" -b "$jar" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/organise/rounds?handler=Preview")
  echo "made the preview of the next round (POST, answered $status) in ${took} s"
fi

latest_period=$(sql "SELECT max(period) FROM rounds")
first_period=$(sql "SELECT min(period) FROM rounds")
some_participant=$(sql "SELECT id FROM participants ORDER BY id OFFSET $((people / 2)) LIMIT 1")
# name path: one line a page. Pages not built yet are skipped (they do not answer 200).
pages=(
  "start /organise"
  "rules /organise/rules"
  "rounds /organise/rounds"
  "round-latest /organise/rounds/$latest_period"
  "round-oldest /organise/rounds/$first_period"
  "round-preview /organise/rounds?handler=Preview"
  "activity /organise/activity"
  "organisers /organise/organisers"
  "participants /organise/participants"
  "participants-paused /organise/participants?status=paused"
  "participant-search-name /organise/participants?q=Person+4242"
  "participant-search-email /organise/participants?q=person77777%40org3888.example"
  "participant-search-organisation /organise/participants?q=Organisation+1234"
  "participant /organise/participants/$some_participant"
  "exclusions /organise/exclusions"
  "outbox /organise/outbox"
  "templates /organise/templates"
)

echo "== wrk -t $threads -c $connections -d ${seconds}s per page, $people participants, $(sql 'SELECT count(*) FROM rounds') rounds, PostgreSQL =="
printf '%-32s %7s %9s %10s %10s %10s %s\n' page status one requests p50 p99 errors
for entry in "${pages[@]}"; do
  name=${entry%% *}; path=${entry#* }
  if [ -n "${PAGES:-}" ] && [[ " $PAGES " != *" $name "* ]]; then continue; fi
  # One request alone first: its status, and its time (the only figure for a page slower than the run).
  read -r status one < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 120 -H "Cookie: $cookie" "$base$path")
  if [ "$status" != 200 ]; then printf '%-32s %7s %s\n' "$name" "$status" "skipped ($path)"; continue; fi
  # Warm-up (JIT, caches, connection pool), then the measured run.
  wrk -t "$threads" -c "$connections" -d 2s --timeout 30s -H "Cookie: $cookie" "$base$path" >/dev/null
  out=$(wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 30s --latency -H "Cookie: $cookie" "$base$path")
  awk -v name="$name" -v status="$status" -v one="$one" -v seconds="$seconds" '
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /requests in/ { requests = $1 }
    /Non-2xx/ { errors = errors "non-2xx " $NF " " } /Socket errors/ { errors = errors $0 }
    END {
      if (requests == 0) { p50 = "-"; p99 = "-"; errors = errors "none finished within the " seconds " s run" }
      printf "%-32s %7s %9.3fs %10s %10s %10s %s\n", name, status, one, requests, p50, p99, errors
    }' <<<"$out"
done
grep -E "fail|crit" "$work/server.log" | head -5 || true
