"""deploy/backup/sqlite_backup.py on real SQLite files, including a database that is being
written to (WAL mode, as the services run it) while the backup runs."""

from __future__ import annotations

import importlib.util
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from suitedeploy.paths import REPO

SCRIPT = REPO / "deploy" / "backup" / "sqlite_backup.py"
_spec = importlib.util.spec_from_file_location("suite_sqlite_backup", SCRIPT)
sqlite_backup = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sqlite_backup)


def _make_store(path: Path, rows: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, note TEXT NOT NULL)")
        conn.executemany(
            "INSERT INTO ledger (id, note) VALUES (?, ?)",
            [(i, f"台账 {i}") for i in range(rows)],
        )
    conn.close()


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM ledger").fetchone()[0]
    finally:
        conn.close()


def test_backup_directory_copies_every_store_with_checksums(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir()
    _make_store(data / "outfall.db", 50)
    _make_store(data / "labs.db", 7)
    backup = sqlite_backup.backup_directory(data, tmp_path / "backups")
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "labs.db", "outfall.db"]
    assert (_count(backup / "outfall.db"), _count(backup / "labs.db")) == (50, 7)
    sqlite_backup.verify_checksums(backup)


def test_backup_while_a_writer_commits_is_consistent(tmp_path: Path) -> None:
    store = tmp_path / "outfall.db"
    _make_store(store, 1000)
    stop = threading.Event()

    def write_batches() -> None:
        conn = sqlite3.connect(store, timeout=30)
        next_id = 1000
        while not stop.is_set():
            with conn:  # each batch of 10 commits atomically
                conn.executemany(
                    "INSERT INTO ledger (id, note) VALUES (?, ?)",
                    [(i, "new") for i in range(next_id, next_id + 10)],
                )
            next_id += 10
        conn.close()

    writer = threading.Thread(target=write_batches)
    writer.start()
    try:
        copy = tmp_path / "copy.db"
        sqlite_backup.copy_database(store, copy)
    finally:
        stop.set()
        writer.join()
    copied = _count(copy)
    assert copied >= 1000 and copied % 10 == 0  # whole batches only
    sqlite_backup.check_integrity(copy)


def test_restore_replaces_the_store_and_drops_its_wal(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir()
    _make_store(data / "outfall.db", 20)
    backup = sqlite_backup.backup_directory(data, tmp_path / "backups")
    conn = sqlite3.connect(data / "outfall.db")
    conn.execute("DELETE FROM ledger")
    conn.commit()
    conn.close()
    Path(f"{data / 'outfall.db'}-wal").write_bytes(b"stale wal")
    sqlite_backup.restore_database(backup / "outfall.db", data / "outfall.db")
    assert _count(data / "outfall.db") == 20
    assert not Path(f"{data / 'outfall.db'}-wal").exists()


def test_restore_refuses_a_backup_that_does_not_match_its_checksum(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir()
    _make_store(data / "outfall.db", 5)
    backup = sqlite_backup.backup_directory(data, tmp_path / "backups")
    with open(backup / "outfall.db", "r+b") as handle:
        handle.seek(200)
        handle.write(b"\xff\xff\xff\xff")
    target = tmp_path / "target.db"
    _make_store(target, 3)
    with pytest.raises(sqlite_backup.BackupError, match="SHA256SUMS"):
        sqlite_backup.restore_database(backup / "outfall.db", target)
    assert _count(target) == 3


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"not a database" * 100)
    with pytest.raises(sqlite_backup.BackupError):
        sqlite_backup.check_integrity(bogus)


def test_command_line_backup_and_restore(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir()
    _make_store(data / "credits.db", 12)
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "backup", str(data), str(tmp_path / "b")],
        capture_output=True,
        text=True,
        check=True,
    )
    backup = Path(done.stdout.strip())
    (data / "credits.db").unlink()
    target = data / "credits.db"
    subprocess.run(
        [sys.executable, str(SCRIPT), "restore", str(backup / "credits.db"), str(target)],
        check=True,
        capture_output=True,
    )
    assert _count(data / "credits.db") == 12
    empty = tmp_path / "empty"
    empty.mkdir()
    failed = subprocess.run(
        [sys.executable, str(SCRIPT), "backup", str(empty), str(tmp_path / "b")],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1 and "no *.db" in failed.stderr
