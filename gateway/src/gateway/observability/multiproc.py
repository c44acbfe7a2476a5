"""Prometheus across several gateway workers (uvicorn ``--workers N``).

Each worker is its own process with its own counters; a scrape lands on one of them. With
``PROMETHEUS_MULTIPROC_DIR`` set before the workers start, prometheus_client keeps every
value in a memory-mapped file there and ``/metrics`` sums all workers' files. The serving
command sets it (a fresh directory per start) when it runs more than one worker.

prometheus_client picks its value store when it is first imported, which the serving command
has already done (the kit's logging imports it); the store is picked again after the variable
is set, for servers that fork their workers instead of spawning them (uvicorn spawns).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

ENV = "PROMETHEUS_MULTIPROC_DIR"
_LIVE_GAUGE_FILE = re.compile(r"gauge_live\w+_(\d+)\.db")


def prepare_for_workers() -> Path:
    """Point prometheus_client at an empty directory before the workers are spawned: an
    operator's ``PROMETHEUS_MULTIPROC_DIR`` is emptied (files of a previous run would be
    added to this one's); otherwise a private temporary one is made and removed at exit."""
    given = os.environ.get(ENV)
    if given:
        directory = Path(given)
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
    else:
        directory = Path(tempfile.mkdtemp(prefix="gateway-metrics-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        os.environ[ENV] = str(directory)
    from prometheus_client import values

    values.ValueClass = values.get_value_class()
    return directory


def _forget_dead_workers(directory: Path) -> None:
    """A worker that died (and was replaced) must not keep reporting its circuit states."""
    from prometheus_client import multiprocess

    for path in directory.glob("gauge_live*.db"):
        match = _LIVE_GAUGE_FILE.fullmatch(path.name)
        if match and not _alive(int(match[1])):
            multiprocess.mark_process_dead(int(match[1]), str(directory))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: existence check only
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, owned by another user
    return True


def exposition() -> tuple[bytes, str]:
    """The text of ``/metrics``: this process's registry, or every worker's summed."""
    from prometheus_client import (
        CONTENT_TYPE_LATEST,
        REGISTRY,
        CollectorRegistry,
        generate_latest,
        multiprocess,
    )

    directory = os.environ.get(ENV)
    if not directory:
        return generate_latest(REGISTRY), CONTENT_TYPE_LATEST

    _forget_dead_workers(Path(directory))
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)
    return generate_latest(registry), CONTENT_TYPE_LATEST
