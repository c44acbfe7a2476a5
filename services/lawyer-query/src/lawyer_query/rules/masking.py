"""Masking of personal data wherever it might leave the registry (logs, errors, metrics)."""

from __future__ import annotations

import re

ID_NUMBER_PATTERN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def mask_id_number(number: str) -> str:
    """Keep only the first and last character: 2****************4."""
    if len(number) <= 2:
        return "*" * len(number)
    return number[0] + "*" * (len(number) - 2) + number[-1]


def mask_name(name: str) -> str:
    """Keep the first character (the surname, usually): 张**."""
    if not name:
        return name
    return name[0] + "*" * (len(name) - 1)


def scrub_id_numbers(text: str) -> str:
    """Mask every 18-character citizen ID number inside free text."""
    return ID_NUMBER_PATTERN.sub(lambda m: mask_id_number(m.group(0)), text)
