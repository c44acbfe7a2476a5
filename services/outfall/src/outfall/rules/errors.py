"""Exceptions raised by the pure rules; the service layer maps them to problem+json."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RuleViolation(Exception):
    """Input that breaks a gazette rule (422 in the API)."""

    code: str
    message: str
    field_name: str | None = None
    clause: str | None = None

    def __str__(self) -> str:
        return self.message


@dataclass
class TransitionRefused(Exception):
    """A lifecycle action not allowed from the current state (409 in the API)."""

    current: str
    action: str
    allowed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        allowed = ", ".join(self.allowed) or "none"
        return f"action '{self.action}' is not allowed from '{self.current}' (allowed: {allowed})"
