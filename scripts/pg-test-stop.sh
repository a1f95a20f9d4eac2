#!/usr/bin/env bash
# Stops the throwaway cluster of scripts/pg-test-start.sh and deletes its data.
#   scripts/pg-test-stop.sh [port]     (default 55432; PG_TEST_DIR as for the start script)
set -euo pipefail

PORT="${1:-${PG_TEST_PORT:-55432}}"
BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
DIR="${PG_TEST_DIR:-/tmp/l2c-pg-test-$PORT}"

if [ "$(id -u)" -eq 0 ]; then
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

if [ -f "$DIR/PG_VERSION" ]; then
  as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >&2 || true
fi
rm -rf "$DIR" "$DIR.initdb.log"
echo "stopped; removed $DIR" >&2
