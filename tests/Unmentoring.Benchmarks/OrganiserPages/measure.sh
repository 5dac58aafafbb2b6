#!/bin/sh
# Times the organisers' participant search and person page on loopback with wrk, against a service already
# serving a seeded PostgreSQL database (see README.md beside this script). Usage: measure.sh BASE_URL COOKIE
set -eu
base=${1:-http://127.0.0.1:5000}
cookie=$2
here=$(dirname "$0")
echo "== search (random prefixes) =="
wrk -t2 -c8 -d30s --latency -s "$here/search.lua" -H "Cookie: $cookie" "$base"
echo "== person page (random people) =="
wrk -t2 -c8 -d30s --latency -s "$here/person.lua" -H "Cookie: $cookie" "$base"
