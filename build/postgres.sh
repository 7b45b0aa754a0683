#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 and makes sure the test role and database exist.
# Safe to run repeatedly. Prints the line to export for the storage tests, e.g.
#   eval "export $(bash build/postgres.sh | tail -n 1)"
set -euo pipefail

readonly version=15
readonly cluster=main
readonly role=rasa
readonly password=rasa
readonly database=rasa_test
readonly port=5432

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -c "$(printf '%q ' "$@")"; fi
}

psql_admin() {
    as_postgres psql --no-psqlrc --quiet --tuples-only --no-align -v ON_ERROR_STOP=1 --port "$port" "$@"
}

if ! command -v pg_ctlcluster >/dev/null; then
    echo "postgres.sh: PostgreSQL $version is not installed (apt-get install postgresql-$version)" >&2
    exit 1
fi

if ! pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c && $4 == "online" { found = 1 } END { exit !found }'; then
    pg_ctlcluster "$version" "$cluster" start >&2
fi

for _ in $(seq 1 60); do
    if pg_isready --quiet --host 127.0.0.1 --port "$port"; then
        break
    fi
    sleep 0.5
done
if ! pg_isready --host 127.0.0.1 --port "$port" >&2; then
    echo "postgres.sh: PostgreSQL did not become ready on port $port" >&2
    exit 1
fi

# The test suite runs its PostgreSQL classes in parallel, each with its own pools: 100 connections ran out.
if [ "$(psql_admin -c 'SHOW max_connections')" -lt 300 ]; then
    psql_admin -c 'ALTER SYSTEM SET max_connections = 300' >&2
    pg_ctlcluster "$version" "$cluster" restart >&2
    for _ in $(seq 1 60); do
        pg_isready --quiet --host 127.0.0.1 --port "$port" && break
        sleep 0.5
    done
fi

# The role and database names are fixed identifiers above, so interpolating them is safe.
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]; then
    psql_admin -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'"
else
    psql_admin -c "ALTER ROLE $role LOGIN CREATEDB PASSWORD '$password'"
fi

# DROP DATABASE ... WITH (FORCE) ends the database's other backends, autovacuum workers among them, which belong to
# no role: only a member of pg_signal_backend may end those (the benchmark's clean-up after a large run met one).
psql_admin -c "GRANT pg_signal_backend TO $role" >/dev/null 2>&1

if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
    psql_admin -c "CREATE DATABASE $database OWNER $role"
fi

echo "RASA_TEST_POSTGRES=Host=127.0.0.1;Port=$port;Username=$role;Password=$password;Database=$database"
