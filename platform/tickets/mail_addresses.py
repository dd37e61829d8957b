"""The addresses support mail arrives at. Each tenant has one: `<slug>@<inbound domain>`;
each ticket's notification emails carry a Reply-To of `<slug>+<token>@<inbound domain>`,
where the token names the ticket by its number and is signed (HMAC-SHA256 over the tenant
and the ticket under the server's secret), so an answer threads into its ticket and a
made-up token never reaches one."""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass

SIGNATURE_LENGTH = 12
_TOKEN = re.compile(r"^t(?P<digits>\d{6,12})\.(?P<signature>[0-9a-f]{12})$")


@dataclass(frozen=True)
class Recipient:
    slug: str
    token: str | None


def _signature(secret: str, tenant_id: uuid.UUID, ticket_id: uuid.UUID) -> str:
    message = f"ticket-mail:{tenant_id}:{ticket_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:SIGNATURE_LENGTH]


def support_address(slug: str, domain: str) -> str:
    return f"{slug}@{domain}"


def reply_address(
    slug: str, domain: str, secret: str, tenant_id: uuid.UUID, ticket_id: uuid.UUID, number: str
) -> str:
    digits = number.rpartition("-")[2]
    return f"{slug}+t{digits}.{_signature(secret, tenant_id, ticket_id)}@{domain}"


def parse_recipient(address: str, domain: str) -> Recipient | None:
    """The tenant slug and ticket token an envelope recipient names; None when it is not an
    address of the inbound domain."""
    local, at, host = address.strip().strip("<>").rpartition("@")
    if not at or host.lower() != domain.lower() or not local:
        return None
    slug, plus, token = local.lower().partition("+")
    if not slug:
        return None
    return Recipient(slug, token if plus else None)


def token_number(token: str) -> str | None:
    """The ticket number a token claims (T-000042), before its signature is checked."""
    found = _TOKEN.match(token)
    return f"T-{found.group('digits')}" if found else None


def token_is_genuine(token: str, secret: str, tenant_id: uuid.UUID, ticket_id: uuid.UUID) -> bool:
    found = _TOKEN.match(token)
    if found is None:
        return False
    return hmac.compare_digest(found.group("signature"), _signature(secret, tenant_id, ticket_id))
