#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the test suite's second engine.
#   .ci/postgres.sh start   initdb (once) and start it; prints `export TEST_POSTGRES_URL=...`
#   .ci/postgres.sh stop    stop it and remove its data directory
# Use:  eval "$(.ci/postgres.sh start)" && npm run test:pg; .ci/postgres.sh stop
# Runs as root (switching to the `postgres` user, since PostgreSQL refuses to run as root) or
# as any other user (who then owns the cluster). Port: MODESHIFT_PG_PORT, default 55432.
# The cluster is for tests only: no durability (fsync off), trust authentication on a Unix
# socket in /tmp and on 127.0.0.1.
set -euo pipefail

PORT="${MODESHIFT_PG_PORT:-55432}"
DIR="/tmp/modeshift-pg-$PORT"
DATA="$DIR/data"
LOG="$DIR/postgres.log"

BIN="${PG_BIN:-}"
if [ -z "$BIN" ]; then
  for v in 17 16 15; do
    if [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then BIN="/usr/lib/postgresql/$v/bin"; break; fi
  done
fi
[ -n "$BIN" ] || { echo "postgres.sh: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    # cd: the postgres user may not be allowed to read the caller's working directory.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
    if [ ! -f "$DATA/PG_VERSION" ]; then
      as_owner "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_owner "$BIN/pg_ctl" -D "$DATA" -w -t 60 -l "$LOG" \
        -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >&2 || { cat "$LOG" >&2; exit 1; }
    fi
    echo "export TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    if [ -f "$DATA/PG_VERSION" ]; then
      as_owner "$BIN/pg_ctl" -D "$DATA" -w -m fast stop >&2 || true
    fi
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
