"""Short-lived signed URLs for stored files, so an <img> or a plain link can fetch a file
the caller was just shown without carrying the bearer token. A URL names the tenant, the
file and its expiry and is signed with HMAC-SHA256 under the server's secret; whoever holds
it reads that one file until it expires, as with an object store's pre-signed URL."""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from urllib.parse import quote

from core.settings import Settings

LINK_TTL_SECONDS = 15 * 60


def _signature(settings: Settings, tenant_id: uuid.UUID, file_id: uuid.UUID, expires: int) -> str:
    message = f"file:{tenant_id}:{file_id}:{expires}".encode()
    return hmac.new(settings.jwt_secret.encode(), message, hashlib.sha256).hexdigest()


def signed_path(
    settings: Settings, tenant_id: uuid.UUID, file_id: uuid.UUID, file_name: str
) -> str:
    # Rounded up to the minute, so one page's repeated reads yield the same URL (and cache).
    expires = (int(time.time()) + LINK_TTL_SECONDS) // 60 * 60 + 60
    signature = _signature(settings, tenant_id, file_id, expires)
    return (
        f"/files/{tenant_id}/{file_id}/{quote(file_name)}?expires={expires}&signature={signature}"
    )


def verify(
    settings: Settings, tenant_id: uuid.UUID, file_id: uuid.UUID, expires: int, signature: str
) -> bool:
    if expires < time.time():
        return False
    expected = _signature(settings, tenant_id, file_id, expires)
    return hmac.compare_digest(expected, signature)
