#!/usr/bin/env bash
# One database and one login role per suite member, each database owned by its role and
# closed to every other role (CONNECT revoked from PUBLIC).
#
# Used in three places, always this same file:
#   - the postgres container runs it once from /docker-entrypoint-initdb.d/ (compose);
#   - ops run it against a managed server (Kubernetes, runbook "first start");
#   - tests/integration/test_compose_topology.py and deploy/tests run it against the local
#     server with SUITE_DB_PREFIX set to a unique per-run prefix, and drop the result.
#
# Environment:
#   SUITE_DB_MEMBERS   members to create (default: all six, underscores for hyphens)
#   SUITE_DB_PREFIX    prefix for database and role names (default: none)
#   <MEMBER>_DB_PASSWORD  password of that member's role (e.g. OUTFALL_DB_PASSWORD,
#                      LAWYER_QUERY_DB_PASSWORD); required unless SUITE_DB_ALLOW_NO_PASSWORD=1
#   POSTGRES_USER / POSTGRES_DB / PG* variables: how psql connects (libpq defaults)
# Idempotent: existing roles get their password reset, existing databases are kept.
set -euo pipefail

members="${SUITE_DB_MEMBERS:-gateway outfall renovation credits labs lawyer_query}"
prefix="${SUITE_DB_PREFIX:-}"
admin_user="${POSTGRES_USER:-${PGUSER:-postgres}}"
admin_db="${POSTGRES_DB:-${PGDATABASE:-postgres}}"

psql_admin() {
    psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 --username "$admin_user" --dbname "$admin_db" "$@"
}

for member in $members; do
    if [[ ! "$member" =~ ^[a-z][a-z0-9_]*$ ]]; then
        echo "init-databases: bad member name '$member'" >&2
        exit 2
    fi
    name="${prefix}${member}"
    password_var="$(echo "$member" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
    password="${!password_var:-}"
    if [[ -z "$password" && "${SUITE_DB_ALLOW_NO_PASSWORD:-0}" != "1" ]]; then
        echo "init-databases: $password_var is not set" >&2
        exit 3
    fi

    psql_admin -v name="$name" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L',
              :'name', NULLIF(:'password', '')) \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8'' TEMPLATE template0',
              :'name', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'name', :'name') \gexec
SQL
    echo "init-databases: database and role '$name' ready"
done
