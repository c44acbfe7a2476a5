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

# For the BackupTooOld alert: node-exporter's textfile collector reads this directory
# (compose mounts it; Kubernetes reads the CronJob's own status instead).
metrics_dir="${SUITE_BACKUP_METRICS_DIR:-$dest_root/metrics}"
mkdir -p "$metrics_dir"
{
    echo "# HELP suite_backup_last_success_timestamp_seconds When the last complete backup set was written."
    echo "# TYPE suite_backup_last_success_timestamp_seconds gauge"
    echo "suite_backup_last_success_timestamp_seconds $(date -u +%s)"
    echo "# HELP suite_backup_last_size_bytes Size of the last complete backup set."
    echo "# TYPE suite_backup_last_size_bytes gauge"
    echo "suite_backup_last_size_bytes $(du -sb "$dest" | cut -f1)"
} >"$metrics_dir/backup.prom.tmp"
mv "$metrics_dir/backup.prom.tmp" "$metrics_dir/backup.prom"
echo "$dest"
