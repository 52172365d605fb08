#!/usr/bin/env bash
# A PostgreSQL primary and one streaming replica for development and for the battery
# (`npm run pg:dev -- up`), built with Debian's postgresql-common as in ../shared/SCALE.md:
# pg_createcluster, then pg_basebackup -R for the replica over a physical replication slot.
#
#   scripts/pg-dev.sh up     [--port BASE] [--name PREFIX]  primary on BASE, replica on BASE+1
#   scripts/pg-dev.sh down   [--name PREFIX]                stop and drop both clusters
#   scripts/pg-dev.sh status [--name PREFIX]                state, replication and replica lag
#   scripts/pg-dev.sh urls   [--name PREFIX]                print the two URLs again
#
# BASE defaults to 5433 (5432 is Debian's own `main` cluster, left alone). The clusters are
# PREFIX_primary and PREFIX_replica (PREFIX defaults to `byline`; the battery passes its own
# so that it never touches a developer's clusters). They listen on localhost only, are not
# started at boot (start.conf manual: `up` starts them again after a reboot), and hold a
# role and a database `byline` (password BYLINE_PG_PASSWORD, default `byline`) and a
# replication role `byline_repl` (BYLINE_PG_REPL_PASSWORD, default `byline_repl`).
#
# `up` is idempotent: what exists is kept, what is missing is made, stopped clusters are
# started, and it returns once pg_stat_replication shows the replica `streaming`. Progress
# goes to stderr; stdout gets exactly two lines, usable as a .env file:
#   DATABASE_URL=postgres://byline:byline@127.0.0.1:5433/byline
#   DATABASE_REPLICA_URLS=postgres://byline:byline@127.0.0.1:5434/byline
set -euo pipefail

PG_VERSION=${BYLINE_PG_VERSION:-15}
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
DB_NAME=byline
DB_USER=byline
DB_PASSWORD=${BYLINE_PG_PASSWORD:-byline}
REPL_USER=byline_repl
REPL_PASSWORD=${BYLINE_PG_REPL_PASSWORD:-byline_repl}
STREAMING_TIMEOUT_S=${BYLINE_PG_STREAMING_TIMEOUT_S:-60}

die () { echo "pg-dev: $*" >&2; exit 1; }
say () { echo "pg-dev: $*" >&2; }

usage () {
  echo "usage: $0 up|down|status|urls [--port BASE] [--name PREFIX]" >&2
  exit 2
}

[ "$#" -ge 1 ] || usage
command=$1
shift
base_port=5433
prefix=byline
while [ "$#" -gt 0 ]; do
  case $1 in
    --port) [ "$#" -ge 2 ] || usage; base_port=$2; shift 2 ;;
    --port=*) base_port=${1#--port=}; shift ;;
    --name) [ "$#" -ge 2 ] || usage; prefix=$2; shift 2 ;;
    --name=*) prefix=${1#--name=}; shift ;;
    -h|--help) usage ;;
    *) echo "pg-dev: unknown argument: $1" >&2; usage ;;
  esac
done
case $command in up|down|status|urls) ;; *) usage ;; esac
if ! [[ $base_port =~ ^[0-9]+$ ]] || [ "$base_port" -lt 1024 ] || [ "$base_port" -gt 65534 ]; then
  die "--port must be a number from 1024 to 65534 (the replica takes BASE+1), not '$base_port'"
fi
[[ $prefix =~ ^[a-z][a-z0-9_]{0,40}$ ]] ||
  die "--name must be lowercase letters, digits and underscores (it names clusters and a replication slot), not '$prefix'"
[[ $DB_PASSWORD =~ ^[A-Za-z0-9._~-]+$ && $REPL_PASSWORD =~ ^[A-Za-z0-9._~-]+$ ]] ||
  die "BYLINE_PG_PASSWORD and BYLINE_PG_REPL_PASSWORD may only hold letters, digits and . _ ~ - (they go into URLs unescaped)"

primary=${prefix}_primary
replica=${prefix}_replica
slot=${prefix}_replica_slot

[ "$(id -u)" -eq 0 ] ||
  die "must run as root (it creates clusters with pg_createcluster and runs PostgreSQL as the postgres user): sudo $0 $command"
if ! command -v pg_createcluster >/dev/null || [ ! -x "$PG_BIN/postgres" ]; then
  die "PostgreSQL $PG_VERSION is not installed: apt-get update && apt-get install -y postgresql"
fi

# One `up`/`down` at a time per PREFIX (the servers started below must not inherit fd 9).
exec 9>"/run/lock/byline-pg-dev-$prefix.lock"
flock -w 120 9 || die "another pg-dev.sh is working on $prefix (lock /run/lock/byline-pg-dev-$prefix.lock)"

# The cluster's line of pg_lsclusters: version name port status owner datadir logfile.
cluster_field () { # name field-number
  pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v n="$1" -v f="$2" '$1 == v && $2 == n { print $f }'
}
cluster_exists () { [ -n "$(cluster_field "$1" 2)" ]; }
cluster_port () { cluster_field "$1" 3; }
cluster_online () { [[ $(cluster_field "$1" 4) == online* ]]; } # the replica is "online,recovery"
cluster_datadir () { cluster_field "$1" 6; }

port_taken () { # by any cluster (even stopped) or any listener on localhost
  pg_lsclusters -h 2>/dev/null | awk '{ print $3 }' | grep -qx "$1" && return 0
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  return 1
}

# psql as the postgres superuser over the Unix socket; extra arguments go to psql.
psql_su () { # port args...
  local port=$1
  shift
  (cd / && runuser -u postgres -- "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "$port" -d postgres "$@")
}
psql_value () { # port sql
  psql_su "$1" -At -c "$2"
}

url_for () { # port
  echo "postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$1/$DB_NAME"
}

print_urls () {
  if ! cluster_exists "$primary" || ! cluster_exists "$replica"; then
    die "no $primary/$replica clusters: run $0 up first"
  fi
  echo "DATABASE_URL=$(url_for "$(cluster_port "$primary")")"
  echo "DATABASE_REPLICA_URLS=$(url_for "$(cluster_port "$replica")")"
}

replication_state () { # state of the replica's walsender on the primary, empty if none
  psql_value "$(cluster_port "$primary")" \
    "select s.state from pg_stat_replication s join pg_replication_slots r on r.active_pid = s.pid where r.slot_name = '$slot'" 2>/dev/null || true
}

start_cluster () { # name
  if ! cluster_online "$1"; then
    say "starting $1"
    pg_ctlcluster "$PG_VERSION" "$1" start 9>&- ||
      die "$1 did not start: see $(cluster_field "$1" 7) and journalctl"
  fi
}

new_cluster () { # name port
  port_taken "$2" && die "port $2 is taken (pg_lsclusters, or another server on it): choose another with --port"
  say "creating cluster $PG_VERSION/$1 on port $2"
  # C.UTF-8: text compares byte by byte, as SQLite's BINARY collation does (lists sorted by name agree).
  pg_createcluster "$PG_VERSION" "$1" -p "$2" --start-conf=manual --locale C.UTF-8 \
    -o listen_addresses=localhost -o wal_level=replica -o max_wal_senders=10 \
    -o max_replication_slots=10 -o hot_standby=on >/dev/null
}

up () {
  local started=$SECONDS replica_port=$((base_port + 1))
  local state='' waited=0 name

  # Already up and streaming: only the URLs.
  if cluster_exists "$primary" && cluster_exists "$replica" && cluster_online "$primary" &&
    cluster_online "$replica" && [ "$(replication_state)" = streaming ]; then
    say "$primary and $replica are already up and streaming"
    print_urls
    return
  fi

  for name in "$primary" "$replica"; do
    if cluster_exists "$name"; then
      local want=$base_port
      [ "$name" = "$replica" ] && want=$replica_port
      [ "$(cluster_port "$name")" = "$want" ] ||
        say "note: $name already exists on port $(cluster_port "$name"), not $want; keeping it (down first to move it)"
    fi
  done

  # The primary, its roles, its database, the replication line and the slot.
  cluster_exists "$primary" || new_cluster "$primary" "$base_port"
  local primary_port
  primary_port=$(cluster_port "$primary")
  local hba=/etc/postgresql/$PG_VERSION/$primary/pg_hba.conf
  if ! grep -qE "^host[[:space:]]+replication[[:space:]]+${REPL_USER}[[:space:]]" "$hba"; then
    {
      echo "# pg-dev.sh: the streaming replica's user"
      echo "host    replication     $REPL_USER     127.0.0.1/32            scram-sha-256"
      echo "host    replication     $REPL_USER     ::1/128                 scram-sha-256"
    } >>"$hba"
    cluster_online "$primary" && pg_ctlcluster "$PG_VERSION" "$primary" reload
  fi
  start_cluster "$primary"
  # Each statement on its own (CREATE DATABASE cannot run inside a transaction block);
  # passwords are set again each time so that they match the environment.
  psql_su "$primary_port" -v user="$DB_USER" -v pw="$DB_PASSWORD" -v db="$DB_NAME" \
    -v repl="$REPL_USER" -v replpw="$REPL_PASSWORD" -v slot="$slot" >/dev/null <<'SQL'
select format('create role %I login', :'user') where not exists (select from pg_roles where rolname = :'user') \gexec
alter role :"user" with login password :'pw';
select format('create database %I owner %I', :'db', :'user') where not exists (select from pg_database where datname = :'db') \gexec
select format('create role %I replication login', :'repl') where not exists (select from pg_roles where rolname = :'repl') \gexec
alter role :"repl" with replication login password :'replpw';
select format('select from pg_create_physical_replication_slot(%L, true)', :'slot') where not exists (select from pg_replication_slots where slot_name = :'slot') \gexec
SQL

  # The replica: a base backup of the primary that streams from the slot (-R writes
  # standby.signal and primary_conninfo). A data directory without standby.signal is an
  # interrupted earlier attempt: it is taken again.
  cluster_exists "$replica" || new_cluster "$replica" "$replica_port"
  local datadir
  datadir=$(cluster_datadir "$replica")
  if [ -z "$datadir" ] || [ "$datadir" = / ]; then die "cannot find the data directory of $replica"; fi
  if [ ! -f "$datadir/standby.signal" ] || [ ! -f "$datadir/PG_VERSION" ]; then
    cluster_online "$replica" && pg_ctlcluster "$PG_VERSION" "$replica" stop -m fast
    say "taking a base backup of $primary into $replica"
    find "$datadir" -mindepth 1 -delete
    (cd / && runuser -u postgres -- env PGPASSWORD="$REPL_PASSWORD" "$PG_BIN/pg_basebackup" \
      -h 127.0.0.1 -p "$primary_port" -U "$REPL_USER" -D "$datadir" -R -X stream -S "$slot" -c fast) ||
      die "pg_basebackup from $primary failed"
  fi
  start_cluster "$replica"

  say "waiting for $replica to stream"
  while :; do
    state=$(replication_state)
    [ "$state" = streaming ] && break
    [ "$waited" -ge $((STREAMING_TIMEOUT_S * 10)) ] &&
      die "$replica is not streaming after ${STREAMING_TIMEOUT_S}s (state: '${state:-no walsender}'); see $(cluster_field "$replica" 7); '$0 down' then '$0 up' rebuilds it"
    sleep 0.1
    waited=$((waited + 1))
  done
  say "up in $((SECONDS - started))s: $primary on port $primary_port, $replica on port $(cluster_port "$replica") streaming"
  print_urls
}

down () {
  local name dropped=0
  for name in "$replica" "$primary"; do
    if cluster_exists "$name"; then
      cluster_online "$name" && pg_ctlcluster "$PG_VERSION" "$name" stop -m fast
      pg_dropcluster "$PG_VERSION" "$name"
      say "dropped $PG_VERSION/$name"
      dropped=1
    fi
  done
  [ "$dropped" -eq 1 ] || say "no $primary or $replica cluster: nothing to do"
}

status () {
  local name
  cluster_exists "$primary" || cluster_exists "$replica" || { say "no $primary or $replica cluster (run $0 up)"; exit 3; }
  pg_lsclusters | awk -v p="$primary" -v r="$replica" 'NR == 1 || $2 == p || $2 == r'
  if cluster_exists "$primary" && cluster_online "$primary"; then
    echo
    echo "replication, seen from $primary:"
    psql_su "$(cluster_port "$primary")" -P pager=off -c "
      select r.slot_name, r.active, coalesce(s.state, 'not connected') as state,
             pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), coalesce(s.replay_lsn, r.restart_lsn))) as replay_behind,
             s.replay_lag
        from pg_replication_slots r left join pg_stat_replication s on s.pid = r.active_pid
       where r.slot_name = '$slot'"
  fi
  if cluster_exists "$replica" && cluster_online "$replica"; then
    echo "lag, seen from $replica:"
    psql_su "$(cluster_port "$replica")" -P pager=off -c "
      select pg_is_in_recovery() as standby, pg_get_wal_replay_pause_state() as replay,
             now() - pg_last_xact_replay_timestamp() as since_last_replayed_commit"
  fi
}

case $command in
  up) up ;;
  down) down ;;
  status) status ;;
  urls) print_urls ;;
esac
