#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for claimgraph's tests and for trying claimgraph on PostgreSQL on a laptop.
#   scripts/postgres.sh start [folder] [port]   initialises the folder if empty, starts the server, prints DATABASE_URL
#   scripts/postgres.sh stop  [folder]          stops it (the folder stays; delete it to start afresh)
#   scripts/postgres.sh replica folder port PRIMARY_URL
#                                               a streaming replica of the server at PRIMARY_URL
#                                               (pg_basebackup), started; prints DATABASE_READ_URL
# Defaults: folder data/postgres, port 54329. The superuser postgres has the password postgres, and the
# server listens on loopback only: for tests and trials, never for data that matters.
set -euo pipefail

command=${1:-}
folder=$(realpath -m "${2:-data/postgres}")
port=${3:-54329}

bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/pg_ctl" ] && bindir=$candidate
  done
fi
if [ -z "$bindir" ] && command -v pg_ctl >/dev/null 2>&1; then bindir=$(dirname "$(command -v pg_ctl)"); fi
if [ -z "$bindir" ]; then
  echo "postgres.sh: no PostgreSQL server binaries found (Debian: apt-get install postgresql; or set PG_BINDIR)" >&2
  exit 1
fi

# The postgres user may not read the caller's folder: run from / (every path above is absolute).
cd /

# initdb refuses to run as root: the cluster then belongs to the postgres user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi

start_server() {
  if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$folder" status >/dev/null 2>&1; then
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$folder" -l "$folder/server.log" -w \
      -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  fi
}

case "$command" in
  start)
    mkdir -p "$folder"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$folder"; fi
    if [ ! -f "$folder/PG_VERSION" ]; then
      pwfile=$(mktemp)
      echo postgres >"$pwfile"
      chmod 644 "$pwfile"
      "${as_owner[@]}" "$bindir/initdb" -D "$folder" --auth-local=trust --auth-host=scram-sha-256 \
        --username=postgres --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 >/dev/null
      rm -f "$pwfile"
    fi
    start_server
    if ! "${as_owner[@]}" "$bindir/psql" -h "$folder" -p "$port" -U postgres -Atc \
      "select 1 from pg_database where datname = 'claimgraph'" postgres | grep -q 1; then
      "${as_owner[@]}" "$bindir/createdb" -h "$folder" -p "$port" -U postgres claimgraph
    fi
    echo "DATABASE_URL=postgres://postgres:postgres@127.0.0.1:$port/claimgraph"
    ;;
  replica)
    primary=${4:?usage: scripts/postgres.sh replica folder port PRIMARY_URL}
    mkdir -p "$folder"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$folder"; fi
    chmod 700 "$folder"
    if [ ! -f "$folder/PG_VERSION" ]; then
      # -R: the copy starts as a standby that streams from the primary.
      "${as_owner[@]}" "$bindir/pg_basebackup" -D "$folder" -d "$primary" -R -X stream -c fast \
        2> >(grep -v 'skipping special file' >&2)
    fi
    start_server
    echo "DATABASE_READ_URL=$(echo "$primary" | sed -E "s#@([^/:]+)(:[0-9]+)?/#@127.0.0.1:$port/#")"
    ;;
  stop)
    if [ -f "$folder/postmaster.pid" ]; then "${as_owner[@]}" "$bindir/pg_ctl" -D "$folder" -m fast -w stop >/dev/null; fi
    ;;
  *)
    echo "usage: scripts/postgres.sh start|stop [folder] [port] | replica folder port PRIMARY_URL" >&2
    exit 2
    ;;
esac
