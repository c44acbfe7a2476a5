#!/usr/bin/env bash
# Restore members' databases from a pg-backup.sh directory. Stop the members first
# (docs/runbook.md, "Restore"). Each database is dropped and re-created owned by its role,
# then filled in one transaction; a failure leaves that database empty, never half-restored.
#   PGHOST=... PGUSER=postgres deploy/backup/pg-restore.sh /backups/20260101T020000Z [member...]
# Environment: SUITE_DB_PREFIX (prefix of the target databases and roles, default none).
set -euo pipefail

backup="${1:?usage: pg-restore.sh BACKUP_DIR [member...]}"
shift
prefix="${SUITE_DB_PREFIX:-}"
if [[ $# -gt 0 ]]; then
    members="$*"
else
    members="$(sed -n 's/^members=//p' "$backup/MANIFEST")"
fi

(cd "$backup" && sha256sum --check --quiet SHA256SUMS)

psql_admin() {
    psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 --dbname=postgres "$@"
}

for member in $members; do
    if [[ ! "$member" =~ ^[a-z][a-z0-9_]*$ || ! -f "$backup/$member.dump" ]]; then
        echo "pg-restore: no dump for member '$member' in $backup" >&2
        exit 2
    fi
    database="${prefix}${member}"
    role_exists="$(psql_admin -At -v name="$database" <<'SQL'
SELECT count(*) FROM pg_roles WHERE rolname = :'name'
SQL
)"
    if [[ "$role_exists" != "1" ]]; then
        echo "pg-restore: role '$database' missing: run deploy/postgres/init-databases.sh" >&2
        exit 3
    fi
    psql_admin -v name="$database" <<'SQL'
\o /dev/null
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :'name';
\o
SELECT format('DROP DATABASE IF EXISTS %I', :'name') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8'' TEMPLATE template0', :'name', :'name') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'name', :'name') \gexec
SQL
    pg_restore --exit-on-error --single-transaction --no-owner --no-acl \
        --role="$database" --dbname="$database" "$backup/$member.dump"
    echo "pg-restore: $database restored from $backup/$member.dump"
done
