"""The compose interpolation used by the deploy checks behaves like `docker compose`."""

from __future__ import annotations

import pytest
from suitedeploy.interpolation import InterpolationError, interpolate

ENV = {"SET": "value", "EMPTY": "", "PORT": "8000"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("$SET", "value"),
        ("${SET}", "value"),
        ("${UNSET}", ""),
        ("$UNSET-x", "-x"),
        ("a-$SET-b", "a-value-b"),
        ("${SET:-d}", "value"),
        ("${EMPTY:-d}", "d"),
        ("${UNSET:-d}", "d"),
        ("${EMPTY-d}", ""),
        ("${UNSET-d}", "d"),
        ("${SET:+alt}", "alt"),
        ("${EMPTY:+alt}", ""),
        ("${EMPTY+alt}", "alt"),
        ("${UNSET+alt}", ""),
        ("${UNSET:-${PORT}}", "8000"),
        ("${UNSET:-${ALSO_UNSET:-deep}}", "deep"),
        ("${UNSET:-http://h:${PORT}/x}", "http://h:8000/x"),
        ("$$SET", "$SET"),
        ("cost: 5$", "cost: 5$"),
        ("${SET:?needed}", "value"),
        ("${EMPTY?needed}", ""),
    ],
)
def test_interpolation_matches_compose_semantics(text: str, expected: str) -> None:
    assert interpolate(text, ENV) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("${UNSET:?set it in .env}", "set it in .env"),
        ("${EMPTY:?must not be empty}", "must not be empty"),
        ("${UNSET?required}", "required"),
    ],
)
def test_required_variable_missing_is_an_error_with_its_message(text: str, message: str) -> None:
    with pytest.raises(InterpolationError, match=message):
        interpolate(text, ENV)


@pytest.mark.parametrize("text", ["${", "${SET", "${1BAD}", "${SET!x}", "${UNSET:-open"])
def test_malformed_interpolation_is_rejected(text: str) -> None:
    with pytest.raises(InterpolationError):
        interpolate(text, ENV)
