"""Settings shared by every service; each service subclasses with its own env prefix."""

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Base settings. Subclass and set `model_config = service_config("OUTFALL_")`."""

    model_config = SettingsConfigDict(extra="ignore")

    service_name: str = "service"
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8001
    identity_issuer: str = "mudanjiang-gateway"
    identity_jwks_url: str | None = None
    identity_jwks: str | None = Field(default=None, description="inline JWKS JSON (tests)")
    log_level: str = "INFO"
    dev_mode: bool = False
    migrate_on_start: bool = True
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=20, ge=0, le=200)
    data_dir: Path = Path("var")
    audit_key_file: Path | None = Field(
        default=None, description="Ed25519 PEM key signing audit checkpoints (dev: generated)"
    )
    audit_key_seed: SecretStr | None = Field(
        default=None, description="secret seed of the audit signing key (overrides the key file)"
    )
    audit_checkpoint_every_entries: int = Field(default=1000, ge=1)
    audit_checkpoint_every_seconds: float = Field(default=600, gt=0)
    audit_checkpoint_poll_seconds: float = Field(default=5, gt=0)

    def resolved_audit_key_file(self) -> Path:
        name = self.service_name.replace("-", "_") + "-audit-ed25519.pem"
        return self.audit_key_file or self.data_dir / name

    # scheduled audit-chain verification (suitekit.audit_watch); 0 turns it off
    audit_verify_interval_seconds: float = Field(default=3600, ge=0)
    # retention of idempotency records (suitekit.retention): how often, how long; 0: off
    retention_interval_seconds: float = Field(default=3600, ge=0)
    idempotency_retention_hours: float = Field(default=24, gt=0)

    # the gateway's public address, for absolute links (QR codes, public pages); shared by all
    # services as SUITE_PUBLIC_BASE_URL, overridable per service as <PREFIX>PUBLIC_BASE_URL
    suite_public_base_url: str = Field(
        default="http://127.0.0.1:8000",
        validation_alias=AliasChoices("SUITE_PUBLIC_BASE_URL", "suite_public_base_url"),
    )
    public_base_url: str | None = None
    # language of problem titles/details when Accept-Language names none we speak
    default_language: str = "zh-CN"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / (self.service_name.replace('-', '_') + '.db')}"


def service_config(prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(env_prefix=prefix, extra="ignore")
