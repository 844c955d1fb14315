#!/usr/bin/env bash
# Run a command against a private, throw-away PostgreSQL server.
#
#   tools/test-postgres.sh pytest …
#
# Installs Debian's postgresql package when no server binaries are present (as root, like CI), starts
# a server on 127.0.0.1:$PG_TEST_PORT (default 54329) with its data in a temporary folder, runs the
# command with DATABASE_URL pointing at it, then stops the server and removes the folder — whatever
# the command's outcome. Durability is switched off: the data is thrown away anyway.
set -euo pipefail

port="${PG_TEST_PORT:-54329}"

find_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

bindir="$(find_bindir)"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server binaries not found; install Debian's 'postgresql' package." >&2
    exit 1
  fi
  echo "Installing PostgreSQL (Debian package 'postgresql') …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  # The package starts its own cluster on 5432; ours is separate, so stop that one if it runs.
  pg_ctlcluster --help >/dev/null 2>&1 && for c in $(pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}'); do
    pg_ctlcluster ${c%/*} ${c#*/} stop 2>/dev/null || true
  done
  bindir="$(find_bindir)"
fi

data="$(mktemp -d /tmp/wucheng-pg.XXXXXX)"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb and postgres refuse to run as root; run them as the package's postgres user.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$data" postgres
  chown postgres "$data"
  chmod 700 "$data"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$data/db" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$data/db" -l "$data/server.log" -w -o \
  "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$data/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://postgres@127.0.0.1:${port}/wucheng"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:${port}"
"$@"
