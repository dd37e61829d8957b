"""Configuration read from the environment (prefix ORBIT_), validated once at start-up."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigurationError(RuntimeError):
    """Start-up configuration is missing or invalid; the message names the setting."""


# Signs tokens anyone can forge once they read this file: refused in production.
DEVELOPMENT_JWT_SECRET = "dev-only-insecure-secret-change-me-0123456789"
# Likewise public: decrypts every tenant secret stored with it; refused in production.
DEVELOPMENT_SECRETS_KEY = "ZGV2LW9ubHktaW5zZWN1cmUtc2VjcmV0cy1rZXktMDE="


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORBIT_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="postgresql://postgres@127.0.0.1:5432/orbit",
        description="Owner/superuser connection used by `orbit migrate`.",
    )
    app_database_url: str | None = Field(
        default=None,
        description="Connection of the unprivileged application role; derived from "
        "database_url (role orbit_app) when unset.",
    )
    db_pool_recycle_seconds: int = Field(
        default=1800,
        gt=0,
        description="Age after which a pooled database connection is replaced.",
    )
    app_role: str = "orbit_app"
    app_role_password: str = "orbit_app"
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_namespace: str = Field(
        default="orbit",
        pattern=r"^[A-Za-z0-9_.-]{1,60}$",
        description="Prefix of every Redis key, queue and channel (lets stacks share a server).",
    )

    jwt_secret: str = Field(default=DEVELOPMENT_JWT_SECRET, min_length=32)
    access_token_ttl_seconds: int = Field(default=900, gt=0)
    refresh_token_ttl_seconds: int = Field(default=30 * 24 * 3600, gt=0)
    invitation_ttl_seconds: int = Field(default=7 * 24 * 3600, gt=0)
    magic_link_ttl_seconds: int = Field(default=15 * 60, gt=0)

    public_url: str = "http://127.0.0.1:8000"
    environment: Literal["development", "production", "test"] = "development"
    graphiql: bool = False
    log_level: str = "INFO"
    log_json: bool = True

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=1025, gt=0, lt=65536)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "Orbit <no-reply@orbit.localhost>"

    password_hash_time_cost: int = Field(default=3, ge=1, le=10)
    password_hash_memory_kib: int = Field(default=65536, ge=1024)
    login_max_failures_per_account: int = Field(default=5, gt=0)
    login_max_failures_per_ip: int = Field(default=30, gt=0)
    login_failure_window_seconds: int = Field(default=900, gt=0)
    tenant_rate_limit_per_minute: int = Field(default=1200, gt=0)

    graphql_max_depth: int = Field(default=12, gt=0)
    graphql_max_aliases: int = Field(default=30, gt=0)
    graphql_max_tokens: int = Field(default=2000, gt=0)
    graphql_max_expanded_nodes: int = Field(
        default=2000,
        gt=0,
        description="Most selections, counted with every fragment spread expanded, that one "
        "document may reach; larger documents are refused before validation.",
    )
    graphql_max_fragment_depth: int = Field(
        default=10, gt=0, description="Deepest chain of fragments spreading fragments."
    )
    graphql_max_variables: int = Field(
        default=100, gt=0, description="Most variables one operation may declare."
    )
    graphql_max_input_depth: int = Field(
        default=20,
        gt=0,
        description="Deepest nesting of lists and objects in variables and input literals.",
    )
    graphql_max_variable_values: int = Field(
        default=10000,
        gt=0,
        description="Most values (list items, object fields, scalars) in one request's variables.",
    )
    graphql_introspection: Literal["public", "authenticated", "off"] | None = Field(
        default=None,
        description="Who may introspect the schema; unset: public in development, "
        "authenticated callers elsewhere.",
    )

    api_workers: int | None = Field(
        default=None,
        gt=0,
        le=64,
        description="API processes `orbit serve` runs (its --workers); unset: one per CPU.",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Comma-separated proxy addresses (or *) whose X-Forwarded-For and "
        "X-Forwarded-Proto are trusted; the client address of every limit comes from them.",
    )
    hsts_max_age_seconds: int = Field(
        default=31536000,
        ge=0,
        description="Strict-Transport-Security max-age sent when public_url is https; 0: none.",
    )
    metrics_token: str | None = Field(
        default=None,
        min_length=16,
        description="Bearer token /metrics requires; unset: /metrics answers only direct "
        "connections from the local machine.",
    )

    job_timeout_seconds: int = Field(default=30, gt=0)
    event_max_attempts: int = Field(default=5, gt=0)
    event_retry_base_seconds: float = Field(default=2.0, gt=0)
    worker_metrics_port: int | None = Field(default=None, gt=0, lt=65536)
    export_max_rows: int = Field(
        default=50_000,
        gt=0,
        description="Most rows an export may hold; a longer list fails with EXPORT_TOO_LARGE.",
    )

    secrets_keys: str = Field(
        default=DEVELOPMENT_SECRETS_KEY,
        description="Fernet keys (comma separated; the first encrypts) for tenant secrets "
        "stored in the database, such as Stripe keys.",
    )
    stripe_api_base: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="Base URL of the Stripe API (e.g. a Stripe-compatible test server); "
        "unset: Stripe's own.",
    )
    stripe_timeout_seconds: float = Field(default=10.0, gt=0)
    stripe_js_url: str = Field(
        default="https://js.stripe.com/v3/",
        pattern=r"^https?://",
        description="Where the portal loads Stripe.js from (a Stripe-compatible test server "
        "serves a stand-in).",
    )
    invoice_font: str | None = Field(
        default=None,
        description="TrueType/TrueType-collection font invoice PDFs are drawn with (must "
        "cover Chinese); unset: the first of WenQuanYi Micro Hei and Zen Hei installed.",
    )

    frontend_dist: str | None = None
    migrations_dir: str | None = None
    data_dir: str = ".data"
    inbound_mail_domain: str | None = Field(
        default=None,
        description="Mail domain support mail arrives at (`<tenant slug>@<domain>`, replies "
        "`<slug>+<ticket token>@<domain>`), served by `orbit inbound-mail`; unset: no inbound "
        "mail, and ticket emails carry no Reply-To.",
    )
    inbound_mail_max_bytes: int = Field(
        default=25 * 1024 * 1024,
        description="Largest support mail the inbound SMTP server accepts.",
    )
    files_dir: str | None = Field(
        default=None,
        description="Directory stored files (ticket attachments, return photos) are kept in, "
        "one sub-directory per tenant; unset: <data_dir>/files.",
    )

    @field_validator("database_url", "app_database_url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must be a postgresql:// URL")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_only(cls, value: str) -> str:
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must be a redis:// URL")
        return value

    @field_validator("secrets_keys")
    @classmethod
    def _fernet_keys(cls, value: str) -> str:
        from cryptography.fernet import Fernet

        keys = [key.strip() for key in value.split(",") if key.strip()]
        if not keys:
            raise ValueError("at least one key is needed")
        for key in keys:
            try:
                Fernet(key.encode())
            except ValueError:
                raise ValueError(
                    "each key must be 32 url-safe base64-encoded bytes "
                    "(python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())')"
                ) from None
        return value

    @model_validator(mode="after")
    def _production_has_its_own_secret(self) -> Settings:
        if self.environment == "production" and self.jwt_secret == DEVELOPMENT_JWT_SECRET:
            raise ValueError(
                "ORBIT_JWT_SECRET: set a secret of your own in production (the default is public)"
            )
        if self.environment == "production" and DEVELOPMENT_SECRETS_KEY in self.secrets_keys:
            raise ValueError(
                "ORBIT_SECRETS_KEYS: set a key of your own in production (the default is public)"
            )
        return self

    @property
    def is_development(self) -> bool:
        return self.environment == "development"

    @property
    def introspection_policy(self) -> Literal["public", "authenticated", "off"]:
        if self.graphql_introspection is not None:
            return self.graphql_introspection
        return "public" if self.is_development else "authenticated"


def load_settings() -> Settings:
    """Read settings, turning pydantic's report into one message that names each setting."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(_describe(e["loc"], e["msg"]) for e in error.errors())
        raise ConfigurationError(f"Invalid configuration: {problems}") from None


def _describe(location: tuple[int | str, ...], message: str) -> str:
    if not location:  # a rule over several settings names them itself
        return message.removeprefix("Value error, ")
    return f"ORBIT_{'_'.join(str(p) for p in location).upper()}: {message}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
