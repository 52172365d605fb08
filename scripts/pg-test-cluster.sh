#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite (.ci/run starts one and drops it on exit).
#
#   scripts/pg-test-cluster.sh start          create byline_test_<port> on a free port, start it,
#                                            print BYLINE_TEST_POSTGRES_URL=postgres://… on stdout
#   scripts/pg-test-cluster.sh stop [PORT]    stop and drop it (PORT defaults to the one in
#                                            $BYLINE_TEST_POSTGRES_URL)
#   scripts/pg-test-cluster.sh stop --all     drop every byline_test_* cluster (leftovers)
#
# Speed over durability, as befits a cluster that lives for one run: fsync, synchronous_commit
# and full_page_writes off. The URL's role, byline_test, is no superuser but may create
# databases: test/postgres-helper.ts gives each test a database of its own.
# BYLINE_PG_SHARED_BUFFERS sets shared_buffers (default 128MB; the benchmark asks for a quarter of memory).
set -euo pipefail

PG_VERSION=${BYLINE_PG_VERSION:-15}
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
ROLE=byline_test
PASSWORD=byline_test

die () { echo "pg-test-cluster: $*" >&2; exit 1; }
usage () { echo "usage: $0 start | stop [PORT|--all]" >&2; exit 2; }

[ "$#" -ge 1 ] || usage
[ "$(id -u)" -eq 0 ] ||
  die "must run as root (it creates a cluster with pg_createcluster and runs it as the postgres user): sudo $0 $*"
if ! command -v pg_createcluster >/dev/null || [ ! -x "$PG_BIN/postgres" ]; then
  die "PostgreSQL $PG_VERSION is not installed: apt-get update && apt-get install -y postgresql"
fi

cluster_names () { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" '$1 == v { print $2 }'; }
port_taken () { # by any cluster (even stopped) or any listener on localhost
  pg_lsclusters -h 2>/dev/null | awk '{ print $3 }' | grep -qx "$1" && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  return 1
}

drop () { # name
  if cluster_names | grep -qx "$1"; then
    pg_ctlcluster "$PG_VERSION" "$1" stop -m immediate 2>/dev/null || true
    pg_dropcluster "$PG_VERSION" "$1"
    echo "pg-test-cluster: dropped $PG_VERSION/$1" >&2
  fi
}

start () {
  local started=$SECONDS port name='' tries=0
  # Port choice and creation under one lock, so that parallel runs never pick the same port.
  exec 9>/run/lock/byline-pg-test-cluster.lock
  flock -w 60 9 || die "timed out waiting for /run/lock/byline-pg-test-cluster.lock"
  port=$((55600 + RANDOM % 400))
  while port_taken "$port" || cluster_names | grep -qx "byline_test_$port"; do
    tries=$((tries + 1))
    [ "$tries" -lt 400 ] || die "no free port in 55600-55999"
    port=$((55600 + (port - 55600 + 1) % 400))
  done
  name=byline_test_$port
  # C.UTF-8: text compares byte by byte, as SQLite's BINARY collation does (lists sorted by name agree).
  pg_createcluster "$PG_VERSION" "$name" -p "$port" --start-conf=manual --locale C.UTF-8 \
    -o listen_addresses=localhost -o fsync=off -o synchronous_commit=off -o full_page_writes=off \
    -o max_connections=200 -o shared_buffers="${BYLINE_PG_SHARED_BUFFERS:-128MB}" -- --no-sync >/dev/null ||
    die "pg_createcluster $PG_VERSION $name failed"
  # The server must not inherit the lock's descriptor.
  if ! pg_ctlcluster "$PG_VERSION" "$name" start 9>&-; then
    drop "$name"
    die "$name did not start: see /var/log/postgresql/postgresql-$PG_VERSION-$name.log"
  fi
  exec 9>&-
  (cd / && runuser -u postgres -- "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "$port" -d postgres \
    -v role="$ROLE" -v pw="$PASSWORD") >/dev/null <<'SQL' || { drop "$name"; die "could not create the role and database in $name"; }
create role :"role" login createdb password :'pw';
create database :"role" owner :"role";
SQL
  echo "pg-test-cluster: $name up on port $port in $((SECONDS - started))s" >&2
  echo "BYLINE_TEST_POSTGRES_URL=postgres://$ROLE:$PASSWORD@127.0.0.1:$port/$ROLE"
}

case $1 in
  start) [ "$#" -eq 1 ] || usage; start ;;
  stop)
    if [ "${2:-}" = --all ]; then
      for name in $(cluster_names | grep -E '^byline_test_[0-9]+$' || true); do drop "$name"; done
    else
      port=${2:-}
      if [ -z "$port" ] && [[ ${BYLINE_TEST_POSTGRES_URL:-} =~ :([0-9]+)/[^/]*$ ]]; then port=${BASH_REMATCH[1]}; fi
      [[ $port =~ ^[0-9]+$ ]] || die "stop needs the port (or BYLINE_TEST_POSTGRES_URL set, or --all)"
      drop "byline_test_$port"
    fi
    ;;
  *) usage ;;
esac
