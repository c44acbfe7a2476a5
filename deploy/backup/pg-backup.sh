#!/usr/bin/env bash
# Dump every member's Postgres database (custom format, restorable one by one) into
# DEST/<UTC timestamp>/, with the roles (no passwords) and a SHA256SUMS file.
#   PGHOST=... PGUSER=postgres PGPASSWORD=... deploy/backup/pg-backup.sh /backups
# Environment: SUITE_DB_MEMBERS, SUITE_DB_PREFIX as in deploy/postgres/init-databases.sh;
# libpq's PG* variables say where the server is. Prints the backup directory on success.
set -euo pipefail

dest_root="${1:?usage: pg-backup.sh DEST_DIR}"
members="${SUITE_DB_MEMBERS:-gateway outfall renovation credits labs lawyer_query}"
prefix="${SUITE_DB_PREFIX:-}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dest="$dest_root/$stamp"
work="$dest.partial"

mkdir -p "$work"
chmod 700 "$work"
trap 'rm -rf "$work"' ERR

pg_dumpall --roles-only --no-role-passwords --file="$work/roles.sql"
for member in $members; do
    database="${prefix}${member}"
    pg_dump --format=custom --compress=6 --dbname="$database" --file="$work/$member.dump"
    # A dump that pg_restore cannot list is not a backup.
    pg_restore --list "$work/$member.dump" >/dev/null
done
{
    echo "created=$stamp"
    echo "members=$members"
    echo "prefix=$prefix"
    echo "server_version=$(psql --no-psqlrc -Atqc 'SHOW server_version' --dbname=postgres)"
} >"$work/MANIFEST"
(cd "$work" && sha256sum -- * >SHA256SUMS)
mv "$work" "$dest"
trap - ERR
echo "$dest"
