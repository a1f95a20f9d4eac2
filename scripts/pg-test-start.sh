#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the server tests, creates database
# l2c_test and prints its URL on stdout (everything else goes to stderr), so:
#   export TEST_DATABASE_URL=$(scripts/pg-test-start.sh)      # port 55432
#   scripts/pg-test-start.sh 55433                            # another port
# Trust authentication on loopback only, fsync off: for tests, never for data you want to keep.
# Run as root, the cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
# Environment: PG_BIN (folder with initdb and pg_ctl; default the newest /usr/lib/postgresql/*/bin),
# PG_TEST_DIR (data folder; default /tmp/l2c-pg-test-PORT). Stop it with scripts/pg-test-stop.sh.
set -euo pipefail

PORT="${1:-${PG_TEST_PORT:-55432}}"
if ! [[ "$PORT" =~ ^[0-9]+$ ]]; then echo "usage: $0 [port]" >&2; exit 2; fi
BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN)" >&2
  exit 1
fi
DIR="${PG_TEST_DIR:-/tmp/l2c-pg-test-$PORT}"
URL="postgres://postgres@127.0.0.1:$PORT/l2c_test"

# As root, run PostgreSQL's tools as the postgres user; otherwise as the current user.
if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi

if [ -f "$DIR/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  echo "already running in $DIR" >&2
else
  rm -rf "$DIR"
  mkdir -p "$DIR"
  chown "$OWNER" "$DIR"
  chmod 700 "$DIR"
  as_owner "$BIN/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --no-locale >"$DIR.initdb.log" 2>&1 \
    || { cat "$DIR.initdb.log" >&2; exit 1; }
  as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 || { cat "$DIR/server.log" >&2; exit 1; }
fi

if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = 'l2c_test'" | grep -q 1; then
  as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres l2c_test
fi
echo "$URL"
