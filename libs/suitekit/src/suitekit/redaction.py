"""Error answers name a request's path and query values by kind and never repeat them.

A path or query value may be personal data (a citizen ID number, a name): a 404 says
`application {application_id} not found`, not the value the caller sent (issue 14).
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

OWN_FIELDS = frozenset({"type", "status", "code"})  # the suite's own constants, never echoes
MIN_QUERY_VALUE = 4  # shorter query values (limit=5, true) are no identifiers; keep text readable


def request_values(
    path_params: Mapping[str, Any], query: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(value, kind) pairs to hide, longest value first so a value inside another goes last."""
    pairs = [(str(v), k) for k, v in path_params.items() if str(v)]
    pairs += [(v, k) for k, v in query if len(v) >= MIN_QUERY_VALUE]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def unknown_keys(errors: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Keys a caller sent that the schema does not know: named, not repeated."""
    keys = {str(e["loc"][-1]) for e in errors if e.get("type") == "extra_forbidden" and e["loc"]}
    return [(key, "unknown field") for key in sorted(keys, key=len, reverse=True)]


def named_by_kind(text: str, values: list[tuple[str, str]]) -> str:
    """Whole values only: `accept` is named inside "cannot accept", not inside "acceptance"
    (ASCII word edges, so a name within Chinese text is still found)."""
    for value, kind in values:
        if not any(ch.isalnum() for ch in value):
            continue  # "", " ", "/": no identifier or name, and would cut the text apart
        pattern = rf"(?<![0-9A-Za-z_]){re.escape(value)}(?![0-9A-Za-z_])"
        text = re.sub(pattern, lambda _m, kind=kind: "{" + kind + "}", text)
    return text


def redact(value: Any, values: list[tuple[str, str]]) -> Any:
    """`named_by_kind` through the strings of a JSON-like value (problem extras, errors)."""
    if not values:
        return value
    if isinstance(value, str):
        return named_by_kind(value, values)
    if isinstance(value, list | tuple):
        return [redact(item, values) for item in value]
    if isinstance(value, dict):
        return {
            key: item if key in OWN_FIELDS else redact(item, values) for key, item in value.items()
        }
    return value
