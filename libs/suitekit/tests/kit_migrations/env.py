from suitekit import audit, idempotency  # noqa: F401
from suitekit.db import metadata
from suitekit.migrations import run_env

run_env(metadata)
