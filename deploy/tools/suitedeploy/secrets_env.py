"""`make secrets`: write `.env` from deploy/env.example with a strong random value per secret.

Every `NAME=CHANGE_ME` line of the template gets `secrets.token_urlsafe(32)` (32 random bytes,
URL-safe base64: the form LAWYER_QUERY_REGISTRY_KEY needs too); everything else is copied as
written. An existing `.env` is never touched: its values may already be in a database.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

PLACEHOLDER = "CHANGE_ME"
SECRET_BYTES = 32


def fill_template(template: str, token: Callable[[], str] | None = None) -> str:
    """The template with each `NAME=CHANGE_ME` assignment given a fresh random value."""
    make = token or (lambda: secrets.token_urlsafe(SECRET_BYTES))
    lines = []
    for line in template.splitlines():
        name, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith("#") and value.strip() == PLACEHOLDER:
            line = f"{name}={make()}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def write_env(template_path: Path, target: Path) -> bool:
    """Write `target` (mode 0600) unless it exists; True when written."""
    if target.exists():
        return False
    content = fill_template(template_path.read_text(encoding="utf-8"))
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(content)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make secrets")
    parser.add_argument("--template", type=Path, default=Path("deploy/env.example"))
    parser.add_argument("--output", type=Path, default=Path(".env"))
    args = parser.parse_args(argv)
    if write_env(args.template, args.output):
        print(f"{args.output}: written with fresh random secrets (mode 0600); keep a copy offline")
    else:
        print(f"{args.output}: exists, left unchanged (delete it only before the first start)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
