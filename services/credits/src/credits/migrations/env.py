from credits import models  # noqa: F401  (registers the tables)
from suitekit import audit, idempotency  # noqa: F401  (kit tables, so autogenerate keeps them)
from suitekit.db import metadata
from suitekit.migrations import run_env

run_env(metadata)
