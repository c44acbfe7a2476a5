"""Delete backup directories (pg-backup.sh / sqlite_backup.py output) the retention rules no
longer need. Dry run unless --apply.

  python deploy/backup/prune.py /backups            # prints what would go
  python deploy/backup/prune.py /backups --apply
"""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from retention import backups_to_keep

STAMP_FORMAT = "%Y%m%dT%H%M%SZ"


def backup_dirs(root: Path) -> dict[datetime, Path]:
    found: dict[datetime, Path] = {}
    for path in root.iterdir():
        try:
            stamp = datetime.strptime(path.name, STAMP_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            continue  # not a backup set (e.g. a .partial directory still being written)
        if path.is_dir():
            found[stamp] = path
    return found


def prune(root: Path, *, now: datetime, apply: bool) -> list[Path]:
    found = backup_dirs(root)
    keep = backups_to_keep(found, now)
    doomed = [found[s] for s in sorted(found) if s not in keep]
    if apply:
        for path in doomed:
            shutil.rmtree(path)
    return doomed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--apply", action="store_true")
    args = parser.parse_args(argv)
    for path in prune(args.root, now=datetime.now(UTC), apply=args.apply):
        print(("deleted " if args.apply else "would delete ") + str(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
