"""One log line schema: ISO 8601 UTC timestamps ending in Z (issue 21: services wrote
`2026-12-02 13:24:59,943`, no zone, while the gateway wrote ISO 8601 with Z)."""

import json
import logging
import re

import pytest

from suitekit.observability import LOG_FIELDS, configure_logging, iso_utc

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_iso_utc_is_utc_with_milliseconds_and_z() -> None:
    assert iso_utc(0) == "1970-01-01T00:00:00.000Z"
    assert iso_utc(1_764_681_899.943) == "2025-12-02T13:24:59.943Z"


def test_configured_logging_writes_the_schema_with_an_iso_utc_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging("kit-test", "INFO")
        logging.getLogger("kit.format.test").warning("something happened")
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(LOG_FIELDS) <= set(line)
    assert (line["service"], line["level"], line["message"]) == (
        "kit-test",
        "WARNING",
        "something happened",
    )
    assert ISO_UTC.match(line["time"]), line["time"]
