import gateway.clients.models  # noqa: F401  (registers the tables)
from suitekit.db import metadata
from suitekit.migrations import run_env

run_env(metadata)
