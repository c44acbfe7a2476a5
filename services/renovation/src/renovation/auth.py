"""Scope dependencies of the service."""

from suitekit.identity import RequireScope

READ = RequireScope("renovation:read", "renovation:write")
WRITE = RequireScope("renovation:write")
