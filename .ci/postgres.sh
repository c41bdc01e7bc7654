#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (installing the package if missing) and creates a role and a
# database for the registry tests. Prints `export LABGRAPH_TEST_POSTGRES_URL=…` for the caller to
# eval; prints nothing (and says why on stderr) when PostgreSQL cannot be provided.
# Usage: eval "$(.ci/postgres.sh)"
set -uo pipefail

role=labgraph_test
database=labgraph_test
# A fixed password on a loopback-only test server; it is not a secret of anything real.
password=labgraph_test

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && command -v apt-get >/dev/null; then
  echo "== apt-get install postgresql" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2 \
    || { echo "could not install postgresql: the real-PostgreSQL registry tests will skip" >&2; exit 0; }
fi
cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR == 1 { print $1 " " $2 }')
if [ -z "$cluster" ]; then
  echo "no PostgreSQL cluster found: the real-PostgreSQL registry tests will skip" >&2
  exit 0
fi
read -r version name <<<"$cluster"
pg_ctlcluster "$version" "$name" start >&2 2>/dev/null || true   # already running is fine
port=$(pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1 == v && $2 == n { print $3 }')

as_postgres() {
  if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -c "$(printf '%q ' "$@")"; fi
}
psql_admin() { as_postgres psql --port "$port" --no-psqlrc --quiet --tuples-only -v ON_ERROR_STOP=1 "$@"; }

for _ in $(seq 1 30); do psql_admin -c 'select 1' >/dev/null 2>&1 && break; sleep 1; done
if ! psql_admin -c 'select 1' >/dev/null 2>&1; then
  echo "PostgreSQL $version/$name did not accept connections: the real-PostgreSQL registry tests will skip" >&2
  exit 0
fi
psql_admin >&2 <<SQL
do \$\$ begin
  if not exists (select from pg_roles where rolname = '$role') then
    create role $role login password '$password';
  end if;
end \$\$;
SQL
if [ -z "$(psql_admin -c "select 1 from pg_database where datname = '$database'")" ]; then
  psql_admin -c "create database $database owner $role" >&2
fi
echo "export LABGRAPH_TEST_POSTGRES_URL=postgres://$role:$password@127.0.0.1:$port/$database"
