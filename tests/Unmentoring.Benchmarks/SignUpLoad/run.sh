#!/usr/bin/env bash
# Sign-up POSTs against PostgreSQL, loopback only, bounded in time: a throwaway PostgreSQL cluster, the
# real `unmentoring serve` (web role only, Release build), and wrk with signup.lua. Prints wrk's summary, the
# CPU the service and PostgreSQL used per sign-up, and the rows written. Usage: run.sh [seconds=30] [connections=32] [threads=2]
# PG_OPTIONS adds server settings, e.g. PG_OPTIONS="-c synchronous_commit=off" to see what the WAL flush costs;
# CONNECTION_EXTRA adds Npgsql settings, e.g. CONNECTION_EXTRA="Max Auto Prepare=32".
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-30}
connections=${2:-32}
threads=${3:-2}
work=$(mktemp -d /tmp/unmentoring-signup-load-XXXX)
pg_port=$((20000 + RANDOM % 10000))
web_port=$((30000 + RANDOM % 10000))
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
initdb_bin=$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | tail -1)
pg_ctl_bin=$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)

cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  as_postgres "$pg_ctl_bin" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] && chown postgres "$work"
as_postgres "$initdb_bin" -D "$work/pg" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
as_postgres "$pg_ctl_bin" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB ${PG_OPTIONS:-}" start >/dev/null

dotnet build src/Unmentoring -c Release -o "$work/app" -v q -nologo >/dev/null
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Maximum Pool Size=100;${CONNECTION_EXTRA:-}"
export Unmentoring__DataDirectory="$work/data"
export Unmentoring__PublicBaseUrl="http://127.0.0.1:$web_port"
export Unmentoring__MigrateOnStart=true
export Unmentoring__Roles__Dispatcher=false
export Unmentoring__Roles__Scheduler=false
# The per-client limit would stop a load generator on one address at the 11th sign-up.
export Unmentoring__Web__FormPostsPerWindow=100000000
export Logging__LogLevel__Default=Warning
dotnet "$work/app/unmentoring.dll" serve --urls "http://127.0.0.1:$web_port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$web_port/health" >/dev/null 2>&1 && break; sleep 0.5; done

page=$(curl -fs -c "$work/cookies" "http://127.0.0.1:$web_port/sign-up")
export ANTIFORGERY_TOKEN=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$page" | sed 's/.*value="//; s/"$//')
export SHOWN_STAMP=$(grep -o 'name="shown" value="[^"]*"' <<<"$page" | sed 's/.*value="//; s/"$//')
export ANTIFORGERY_COOKIE=$(awk '$6 == "unmentoring-antiforgery" { print $6 "=" $7 }' "$work/cookies")
sleep 4  # the form's minimum fill time

# Warm-up (JIT, connection pool), then the measured run.
wrk -t "$threads" -c "$connections" -d 5s -s tests/Unmentoring.Benchmarks/SignUpLoad/signup.lua "http://127.0.0.1:$web_port/sign-up" >/dev/null
# CPU time (user + system, in clock ticks) of the service and of the cluster's processes, read around the
# measured run: CPU per sign-up moves much less with other load on the machine than requests per second do.
pg_pid=$(head -1 "$work/pg/postmaster.pid")
# A process may end between listing and reading (autovacuum workers come and go): count what is there.
cpu_ticks() { { cat "$@" 2>/dev/null || true; } | awk '{ ticks += $14 + $15 } END { print ticks + 0 }'; }
service_cpu() { cpu_ticks "/proc/$server_pid/stat"; }
postgres_cpu() { cpu_ticks "/proc/$pg_pid/stat" $(pgrep -P "$pg_pid" | sed 's|.*|/proc/&/stat|'); }
service0=$(service_cpu); postgres0=$(postgres_cpu)
echo "== wrk -t $threads -c $connections -d ${seconds}s (sign-up POST, PostgreSQL) =="
wrk -t "$threads" -c "$connections" -d "${seconds}s" --latency -s tests/Unmentoring.Benchmarks/SignUpLoad/signup.lua "http://127.0.0.1:$web_port/sign-up" | tee "$work/wrk.out"
service1=$(service_cpu); postgres1=$(postgres_cpu)
requests=$(awk '/requests in/ { print $1 }' "$work/wrk.out")
awk -v s=$((service1 - service0)) -v p=$((postgres1 - postgres0)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
  'BEGIN { printf "CPU per sign-up: service %.2f ms, PostgreSQL %.2f ms\n", 1000 * s / hz / n, 1000 * p / hz / n }'
psql_bin=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | tail -1)
echo "participants: $("$psql_bin" -h 127.0.0.1 -p "$pg_port" -U postgres -Atc 'SELECT count(*) FROM participants')," \
  "confirm tokens: $("$psql_bin" -h 127.0.0.1 -p "$pg_port" -U postgres -Atc "SELECT count(*) FROM tokens WHERE purpose = 'confirm'")," \
  "outbox rows: $("$psql_bin" -h 127.0.0.1 -p "$pg_port" -U postgres -Atc 'SELECT count(*) FROM outbox_messages')"
grep -E "fail|crit" "$work/server.log" | head -5 || true
