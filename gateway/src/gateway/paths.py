"""Locations inside the package (a light module: the CLI imports it)."""

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
