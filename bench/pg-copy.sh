#!/usr/bin/env bash
# Benchmarks only: loads a SQLite demo file into an EMPTY, migrated PostgreSQL database with COPY
# (CSV through a pipe; foreign-key triggers off during the load, secondary indexes dropped and
# built once after each table). Minutes at scale 22 where `npm run migrate-to-postgres` (one
# transaction of multi-row INSERTs, then the full check) would take hours. It checks nothing:
# run `npm run rollups -- --verify` on the result. Needs the sqlite3 and psql clients.
#   DATABASE_URL=postgres://…/modeshift_bench_22 npm run migrate
#   bench/pg-copy.sh /path/demo-22.sqlite postgres://…/modeshift_bench_22
#   psql postgres://…/modeshift_bench_22 -c 'vacuum analyze'
set -euo pipefail
SRC="$1"
URL="$2"
P=(psql -X -q -v ON_ERROR_STOP=1 "$URL")
TABLES=$(sqlite3 -readonly "$SRC" "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'schema_migrations%' order by name")
for T in $TABLES; do
  N=$(sqlite3 -readonly "$SRC" "select count(*) from \"$T\"")
  [ "$N" = 0 ] && continue
  COLS=$(sqlite3 -readonly "$SRC" "select group_concat('\"' || name || '\"', ',') from pragma_table_info('$T')")
  S=$(date +%s.%N)
  WHICH="from pg_index i join pg_class c on c.oid = i.indrelid where c.relname = '$T' and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)"
  IDX=$("${P[@]}" -Atc "select pg_get_indexdef(i.indexrelid) || ';' $WHICH")
  DROP=$("${P[@]}" -Atc "select string_agg('drop index ' || i.indexrelid::regclass::text, '; ') $WHICH")
  [ -n "$DROP" ] && "${P[@]}" -c "$DROP"
  # A marker for NULL, so that empty strings stay empty strings.
  sqlite3 -readonly -csv -cmd ".nullvalue @@NULL@@" "$SRC" "select $COLS from \"$T\"" |
    PGOPTIONS="-c session_replication_role=replica" "${P[@]}" \
      -c "\\copy \"$T\" ($COLS) from stdin with (format csv, null '@@NULL@@')"
  [ -n "$IDX" ] && "${P[@]}" -c "set maintenance_work_mem = '1GB'; $IDX"
  printf '%s: %s rows in %.1f s\n' "$T" "$N" "$(echo "$(date +%s.%N) - $S" | bc)"
done
