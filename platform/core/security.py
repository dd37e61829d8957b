"""Passwords, opaque tokens and signed access tokens.

Access tokens are short-lived JWTs signed with joserfc (the JOSE library Authlib now
delegates to). Refresh tokens, invitation and magic-link tokens are opaque random strings
prefixed with their tenant id, so a lookup can bind the tenant before reading; only their
SHA-256 is stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import secrets
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey
from zxcvbn import zxcvbn

from core.settings import get_settings
from core.tenancy import Principal, PrincipalKind


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """argon2id with the configured cost (verification reads the cost from each hash, so
    changing the setting never locks anyone out)."""
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.password_hash_time_cost, memory_cost=settings.password_hash_memory_kib
    )


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A real hash to verify against when the account does not exist, so timing does not
    tell whether it does."""
    return _hasher().hash(secrets.token_urlsafe(16))


# argon2 holds the CPU and its memory cost (64 MiB by default) for the whole hash, so it runs
# off the event loop on a few threads of its own: a burst of log-ins queues here instead of
# stalling every other request or taking the memory of dozens of hashes at once.
_PASSWORD_THREADS = ThreadPoolExecutor(
    max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="argon2"
)

MIN_PASSWORD_LENGTH = 10
MIN_PASSWORD_SCORE = 2


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no hash (no such account) it checks against a dummy
    hash all the same and says False, so the answer takes as long either way."""
    try:
        verified = _hasher().verify(password_hash or _dummy_hash(), password)
        return verified and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def hash_password_async(password: str) -> str:
    """hash_password, off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(
        _PASSWORD_THREADS, hash_password, password
    )


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """verify_password, off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(
        _PASSWORD_THREADS, verify_password, password_hash, password
    )


def password_weakness(password: str, *user_inputs: str) -> str | None:
    """Why a password is too weak, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > 256:
        return "Use at most 256 characters."
    result = zxcvbn(password[:100], user_inputs=[u for u in user_inputs if u])
    if int(result["score"]) < MIN_PASSWORD_SCORE:
        hint = result["feedback"].get("warning") or "It is too easy to guess."
        return f"Password is too weak: {hint}".strip()
    return None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_tenant_token(tenant_id: uuid.UUID) -> str:
    """An opaque token whose prefix names its tenant (not a secret; the rest is)."""
    return f"{tenant_id.hex}.{secrets.token_urlsafe(32)}"


def tenant_of_token(token: str) -> uuid.UUID | None:
    prefix, dot, secret = token.partition(".")
    if not dot or not secret:
        return None
    try:
        return uuid.UUID(hex=prefix)
    except ValueError:
        return None


def constant_time_equals(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


@dataclass(frozen=True)
class AccessToken:
    token: str
    expires_in: int


class TokenSigner:
    """Issues and verifies access tokens for every kind of principal."""

    algorithm = "HS256"

    def __init__(self, secret: str, ttl_seconds: int, issuer: str = "orbit") -> None:
        self._key = OctKey.import_key(secret.encode())
        self._ttl = ttl_seconds
        self._issuer = issuer

    def issue(self, principal: Principal, ttl_seconds: int | None = None) -> AccessToken:
        now = int(time.time())
        ttl = ttl_seconds or self._ttl
        claims: dict[str, Any] = {
            "iss": self._issuer,
            "sub": str(principal.subject_id),
            "tid": str(principal.tenant_id),
            "knd": principal.kind.value,
            "iat": now,
            "exp": now + ttl,
            "jti": secrets.token_hex(8),
        }
        if principal.customer_id:
            claims["cid"] = str(principal.customer_id)
        token = jwt.encode({"alg": self.algorithm}, claims, self._key, algorithms=[self.algorithm])
        return AccessToken(token=token, expires_in=ttl)

    def verify(self, token: str) -> Principal | None:
        """The token's principal, or None when it is forged, malformed or expired."""
        try:
            decoded = jwt.decode(token, self._key, algorithms=[self.algorithm])
            registry = jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": self._issuer},
                exp={"essential": True},
                sub={"essential": True},
            )
            registry.validate(decoded.claims)
            claims = decoded.claims
            customer = claims.get("cid")
            return Principal(
                kind=PrincipalKind(claims["knd"]),
                tenant_id=uuid.UUID(claims["tid"]),
                subject_id=uuid.UUID(claims["sub"]),
                customer_id=uuid.UUID(customer) if customer else None,
            )
        except (JoseError, KeyError, ValueError, TypeError):
            return None
