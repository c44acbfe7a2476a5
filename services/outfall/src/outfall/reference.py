"""Loader of the gazette reference data shipped in ``outfall/refdata/*.json``.

The files are static package data, so reading them is not business I/O; the parsed
objects are cached and immutable from the rules' point of view.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """Parse ``refdata/<name>.json`` once."""
    text = resources.files("outfall").joinpath("refdata", f"{name}.json").read_text("utf-8")
    return json.loads(text)
