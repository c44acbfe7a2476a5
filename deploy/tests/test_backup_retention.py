"""Backup retention rules (deploy/backup/retention.py) and the prune command."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from suitedeploy.paths import REPO

BACKUP_DIR = REPO / "deploy" / "backup"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"suite_backup_{name}", BACKUP_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


retention = _load("retention")
prune = _load("prune")
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


def test_yearly_backup_is_kept_no_less_than_5_years_outfall_s5_4() -> None:
    assert retention.YEARLY_YEARS == 5
    exactly_5_years = datetime(2021, 11, 29, 3, 0, tzinfo=UTC)
    newer = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    assert exactly_5_years in retention.backups_to_keep([exactly_5_years, newer], NOW)


def test_yearly_backup_just_under_5_years_is_kept_outfall_s5_4() -> None:
    under = datetime(2021, 11, 30, 3, 0, tzinfo=UTC)
    newer = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    assert under in retention.backups_to_keep([under, newer], NOW)


def test_yearly_backup_just_over_5_years_is_pruned_outfall_s5_4() -> None:
    over = datetime(2021, 11, 28, 3, 0, tzinfo=UTC)
    newer = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    assert over not in retention.backups_to_keep([over, newer], NOW)


def test_only_the_newest_backup_of_a_year_is_the_yearly_one() -> None:
    older = datetime(2023, 3, 1, tzinfo=UTC)
    newest_2023 = datetime(2023, 12, 31, tzinfo=UTC)
    newer = datetime(2026, 11, 28, tzinfo=UTC)
    keep = retention.backups_to_keep([older, newest_2023, newer], NOW)
    assert newest_2023 in keep and older not in keep


@pytest.mark.parametrize(
    ("age", "kept"),
    [(timedelta(days=14), True), (timedelta(days=13, hours=23), True), (timedelta(days=15), False)],
)
def test_every_backup_of_the_last_14_days_is_kept(age: timedelta, kept: bool) -> None:
    # in November, never the newest of the month or year: only the daily rule can keep it
    stamps = [NOW - age, NOW - timedelta(days=1)]
    assert (NOW - age).month == NOW.month
    assert ((NOW - age) in retention.backups_to_keep(stamps, NOW)) is kept


def test_monthly_backups_for_a_year() -> None:
    twelve_months = datetime(2025, 11, 29, 3, 0, tzinfo=UTC)  # newest of Nov 2025
    thirteen_months = datetime(2025, 10, 20, 3, 0, tzinfo=UTC)  # newest of Oct 2025
    newest_2025 = datetime(2025, 12, 31, tzinfo=UTC)
    keep = retention.backups_to_keep([twelve_months, thirteen_months, newest_2025], NOW)
    assert twelve_months in keep
    assert thirteen_months not in keep


def test_the_newest_backup_is_never_pruned() -> None:
    ancient = datetime(2001, 1, 1, tzinfo=UTC)
    assert retention.backups_to_keep([ancient], NOW) == {ancient}


def test_month_arithmetic_clamps_to_the_end_of_month() -> None:
    assert retention.add_months(datetime(2025, 1, 31, tzinfo=UTC), 1).day == 28
    assert retention.add_years(datetime(2024, 2, 29, tzinfo=UTC), 1) == datetime(
        2025, 2, 28, tzinfo=UTC
    )


def test_prune_deletes_only_expired_sets_and_only_with_apply(tmp_path: Path) -> None:
    names = ["20201101T020000Z", "20261128T020000Z", "20261129T020000Z", "20261129T030000Z.partial"]
    for name in names:
        (tmp_path / name).mkdir()
    (tmp_path / "README").write_text("not a backup")
    dry = prune.prune(tmp_path, now=NOW, apply=False)
    assert [p.name for p in dry] == ["20201101T020000Z"]
    assert (tmp_path / "20201101T020000Z").exists()
    prune.prune(tmp_path, now=NOW, apply=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[1:], "README"])
