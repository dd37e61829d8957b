"""Secrets Orbit stores for tenants (e.g. a tenant's Stripe keys) are encrypted at rest with
Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) under keys from configuration.

`ORBIT_SECRETS_KEYS` lists one or more Fernet keys, comma separated: the first encrypts,
every one decrypts, so a key is rotated by putting the new one first and re-saving."""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from core.settings import Settings


class SecretUnreadable(RuntimeError):
    """A stored secret cannot be decrypted with the configured keys (a key was removed)."""


@lru_cache(maxsize=4)
def _box(keys: str) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()])


def encrypt(settings: Settings, plaintext: str) -> bytes:
    return _box(settings.secrets_keys).encrypt(plaintext.encode())


def decrypt(settings: Settings, ciphertext: bytes) -> str:
    try:
        return _box(settings.secrets_keys).decrypt(ciphertext).decode()
    except InvalidToken as error:
        raise SecretUnreadable(
            "a stored secret cannot be decrypted with ORBIT_SECRETS_KEYS; "
            "was the key that encrypted it removed?"
        ) from error
