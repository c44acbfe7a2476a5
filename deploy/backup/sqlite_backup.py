"""Online backup and restore of the embedded (SQLite) stores.

  python deploy/backup/sqlite_backup.py backup var/ backups/      # every var/*.db, while running
  python deploy/backup/sqlite_backup.py restore backups/<stamp>/outfall.db var/outfall.db

Backup uses SQLite's online backup API, so a service may keep writing meanwhile; every copy
is checked with PRAGMA integrity_check and listed in SHA256SUMS. Restore wants the member
stopped: it checks the backup, writes beside the target and renames over it (WAL and SHM
files of the old database are removed), so a crash never leaves a half-written store.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path


class BackupError(RuntimeError):
    pass


def copy_database(source: Path, destination: Path) -> None:
    """Consistent copy of a live database, checked before it counts."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=1024)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    check_integrity(partial)
    _fsync(partial)
    os.replace(partial, destination)


def check_integrity(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (result,) = connection.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a usable SQLite database: {exc}") from exc
    finally:
        connection.close()
    if result != "ok":
        raise BackupError(f"{path} failed integrity_check: {result}")


def backup_directory(data_dir: Path, dest_root: Path, *, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    databases = sorted(data_dir.glob("*.db"))
    if not databases:
        raise BackupError(f"no *.db in {data_dir}")
    work = dest_root / f"{stamp}.partial"
    work.mkdir(parents=True, mode=0o700)
    for database in databases:
        copy_database(database, work / database.name)
    sums = "".join(f"{_sha256(work / db.name)}  {db.name}\n" for db in databases)
    (work / "SHA256SUMS").write_text(sums)
    final = dest_root / stamp
    os.replace(work, final)
    return final


def verify_checksums(backup_dir: Path) -> None:
    for line in (backup_dir / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        if _sha256(backup_dir / name) != digest:
            raise BackupError(f"{backup_dir / name} does not match SHA256SUMS")


def restore_database(backup: Path, target: Path) -> None:
    sums = backup.parent / "SHA256SUMS"
    if sums.exists():
        verify_checksums(backup.parent)
    check_integrity(backup)
    partial = target.with_name(target.name + ".restoring")
    partial.write_bytes(backup.read_bytes())
    _fsync(partial)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(partial, target)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    backup = commands.add_parser("backup", help="back up every *.db of a data directory")
    backup.add_argument("data_dir", type=Path)
    backup.add_argument("dest_root", type=Path)
    restore = commands.add_parser("restore", help="restore one database (member stopped)")
    restore.add_argument("backup", type=Path)
    restore.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            print(backup_directory(args.data_dir, args.dest_root))
        else:
            restore_database(args.backup, args.target)
            print(f"restored {args.target} from {args.backup}")
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
