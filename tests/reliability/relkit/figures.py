"""Figures measured during the run, kept in one JSON file that the report renders."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

_lock = threading.Lock()


def figures_path() -> Path:
    default = Path(__file__).resolve().parents[3] / "var" / "reliability" / "figures.json"
    return Path(os.environ.get("RELIABILITY_FIGURES", str(default)))


def load() -> dict[str, Any]:
    path = figures_path()
    if not path.exists():
        return {}
    return json.loads(path.read_text())  # type: ignore[no-any-return]


def record(section: str, **values: Any) -> None:
    """Merge `values` into `section` of the figures file (one writer per process)."""
    with _lock:
        data = load()
        data.setdefault(section, {}).update(values)
        path = figures_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
