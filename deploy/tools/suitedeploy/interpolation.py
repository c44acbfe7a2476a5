"""Compose-file variable interpolation (the Compose Specification, "Interpolation").

Supported, as `docker compose` does: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
`${VAR:?error}`, `${VAR?error}`, `${VAR:+replacement}`, `${VAR+replacement}`, nesting in the
default/replacement part (`${A:-${B:-x}}`) and `$$` for a literal `$`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


class InterpolationError(ValueError):
    """A `${VAR?message}` variable is missing, or the syntax is invalid."""


def interpolate(text: str, env: Mapping[str, str]) -> str:
    value, end = _interpolate_until(text, 0, env, stop_at_brace=False)
    if end != len(text):
        raise InterpolationError(f"unexpected '}}' at {end} in {text!r}")
    return value


def _interpolate_until(
    text: str, start: int, env: Mapping[str, str], *, stop_at_brace: bool
) -> tuple[str, int]:
    out: list[str] = []
    i = start
    while i < len(text):
        char = text[i]
        if stop_at_brace and char == "}":
            return "".join(out), i
        if char != "$":
            out.append(char)
            i += 1
            continue
        value, i = _expand_dollar(text, i, env)
        out.append(value)
    if stop_at_brace:
        raise InterpolationError(f"unterminated '${{' in {text!r}")
    return "".join(out), i


def _expand_dollar(text: str, i: int, env: Mapping[str, str]) -> tuple[str, int]:
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt == "$":
        return "$", i + 2
    if nxt == "{":
        return _expand_braced(text, i + 2, env)
    match = _NAME.match(text, i + 1)
    if match is None:
        return "$", i + 1
    return env.get(match.group(0), ""), match.end()


def _expand_braced(text: str, i: int, env: Mapping[str, str]) -> tuple[str, int]:
    match = _NAME.match(text, i)
    if match is None:
        raise InterpolationError(f"invalid variable name at {i} in {text!r}")
    name, i = match.group(0), match.end()
    if i < len(text) and text[i] == "}":
        return env.get(name, ""), i + 1
    operator = next((op for op in _OPERATORS if text.startswith(op, i)), None)
    if operator is None:
        raise InterpolationError(f"invalid interpolation format in {text!r}")
    argument, end = _interpolate_until(text, i + len(operator), env, stop_at_brace=True)
    return _apply_operator(name, operator, argument, env), end + 1


def _apply_operator(name: str, operator: str, argument: str, env: Mapping[str, str]) -> str:
    is_set = name in env
    is_set_and_not_empty = is_set and env[name] != ""
    present = is_set_and_not_empty if operator.startswith(":") else is_set
    kind = operator[-1]
    if kind == "-":
        return env[name] if present else argument
    if kind == "+":
        return argument if present else ""
    if not present:
        raise InterpolationError(f"required variable {name} is missing a value: {argument}")
    return env[name]
