"""Defence in depth for logs: any citizen ID number that reaches a log line is masked."""

from __future__ import annotations

import logging

from lawyer_query.rules.masking import scrub_id_numbers


class MaskIdNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub_id_numbers(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True


def install_log_masking() -> None:
    """Attach the filter to the root handlers (idempotent)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskIdNumbers) for f in handler.filters):
            handler.addFilter(MaskIdNumbers())
