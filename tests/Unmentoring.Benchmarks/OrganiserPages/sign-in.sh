#!/bin/sh
# Prints a Cookie header value for an organisers' session (a viewer), signing in by the emailed code as a
# person would. Needs the service running with the pickup folder (no SMTP host) and its dispatcher on.
# Usage: sign-in.sh BASE_URL DATA_DIRECTORY   (with the same ConnectionStrings__Postgres as the service)
set -eu
base=$1
data=$2
email=bench@organisers.example
unmentoring organisers add "$email" --role viewer >/dev/null
jar=$(mktemp)
token() { sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -1; }
t=$(curl -s -c "$jar" -b "$jar" "$base/organise/sign-in" | token)
page=$(curl -s -c "$jar" -b "$jar" --data-urlencode "email=$email" --data-urlencode "__RequestVerificationToken=$t" "$base/organise/sign-in")
t=$(echo "$page" | token)
sleep 15
code=$(grep -rhoE '^[0-9]{6}\s*$' "$data/mail" | tail -1 | tr -d '\r ')
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "email=$email" --data-urlencode "code=$code" --data-urlencode "__RequestVerificationToken=$t" "$base/organise/sign-in/code"
awk '$6 == "unmentoring-organiser" { print $6 "=" $7 }' "$jar"
