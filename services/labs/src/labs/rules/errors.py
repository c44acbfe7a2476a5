"""Errors raised by the pure rules; the service turns them into problem+json."""


class RuleError(ValueError):
    """A request breaks a rule of the gazette (HTTP 422 unless a subclass says otherwise)."""

    code = "rule_violated"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidTransition(RuleError):
    """An action that the state machine does not allow from the current state (HTTP 409)."""

    code = "invalid_transition"

    def __init__(self, current: str, action: str, allowed: list[str]) -> None:
        super().__init__(f"cannot {action} from state {current}")
        self.current = current
        self.action = action
        self.allowed = allowed


class RuleConflict(RuleError):
    """The request is valid but the current state of the records forbids it (HTTP 409)."""

    code = "conflict"
