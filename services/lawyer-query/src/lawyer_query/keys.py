"""Where the registry's master key comes from (settings; a local key file for the embedded
SQLite default only)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from lawyer_query.crypto import FieldCipher, new_master_key
from lawyer_query.settings import Settings
from suitekit.db import is_sqlite

log = logging.getLogger("lawyer_query.keys")


class MissingRegistryKey(RuntimeError):
    pass


def _key_file(settings: Settings) -> Path:
    return settings.registry_key_file or settings.data_dir / "lawyer_query.key"


def _read_or_create(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(new_master_key())
    log.warning("generated a registry key file for the embedded default: %s", path)
    return path.read_text().strip()


def registry_cipher(settings: Settings) -> FieldCipher:
    if settings.registry_key:
        return FieldCipher.from_master(settings.registry_key)
    if not is_sqlite(settings.resolved_database_url()):
        raise MissingRegistryKey(
            "LAWYER_QUERY_REGISTRY_KEY is required outside the embedded default"
        )
    return FieldCipher.from_master(_read_or_create(_key_file(settings)))
