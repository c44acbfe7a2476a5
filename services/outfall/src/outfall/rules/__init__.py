"""Pure business rules of the outfall campaign (牡政发〔2022〕11号). No I/O."""

from outfall.rules.errors import RuleViolation, TransitionRefused
from outfall.rules.lifecycle import Action, Status

__all__ = ["Action", "RuleViolation", "Status", "TransitionRefused"]
