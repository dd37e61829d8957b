"""Integrators' API clients: created with roles like staff, secrets shown once and stored as
argon2 hashes, revocable at once, and authenticated by the OAuth 2.0 token endpoint.

A client id names its tenant (`orbit_<tenant uuid hex>_<random>`), so the token endpoint
can bind the tenant before its first tenant-owned query, as row-level security requires.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select

import audit.services as audit
import rbac.services as rbac
import tenants.services as tenants
from core import access
from core.context import Actor
from core.db import bind_tenant
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from core.pagination import Page, keyset_page
from core.security import hash_password_async, verify_password
from core.tenancy import Principal, PrincipalKind
from identity.errors import IdentityErrorCode
from identity.models import ApiClient
from identity.tokens import now

ACTIVE = "active"
REVOKED = "revoked"
MAX_NAME_LENGTH = 200
CLIENT_ID = re.compile(r"^orbit_(?P<tenant>[0-9a-f]{32})_[0-9a-f]{24}$")


@dataclass(frozen=True)
class ClientWithSecret:
    """A client and its new plain secret: the only moment the secret exists outside a hash."""

    client: ApiClient
    secret: str


def new_client_id(tenant_id: uuid.UUID) -> str:
    return f"orbit_{tenant_id.hex}_{secrets.token_hex(12)}"


def tenant_of_client_id(client_id: str) -> uuid.UUID | None:
    match = CLIENT_ID.match(client_id)
    return uuid.UUID(hex=match["tenant"]) if match else None


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def principal_of(client: ApiClient) -> Principal:
    return Principal(
        kind=PrincipalKind.API_CLIENT, tenant_id=client.tenant_id, subject_id=client.id
    )


def _subject(client_id: uuid.UUID) -> str:
    return rbac.subject_of(PrincipalKind.API_CLIENT, client_id)


def _summary(client: ApiClient) -> dict[str, object]:
    return {"name": client.name, "clientId": client.client_id, "status": client.status}


# --- administration ----------------------------------------------------------------------


def check_name(name: str) -> UserError | None:
    if not name.strip():
        return UserError(
            IdentityErrorCode.REQUIRED, "Name the client after the integration using it.", ("name",)
        )
    if len(name.strip()) > MAX_NAME_LENGTH:
        return UserError(
            IdentityErrorCode.NAME_TOO_LONG, f"Use at most {MAX_NAME_LENGTH} characters.", ("name",)
        )
    return None


async def create_api_client(actor: Actor, name: str, role_keys: list[str]) -> ClientWithSecret:
    """Granting roles is access control, so it takes roles:write besides api_clients:write."""
    principal = await actor.require("api_clients", "write")
    await actor.require("roles", "write")
    errors = [e for e in [check_name(name)] if e]
    if not role_keys:
        errors.append(
            UserError(
                IdentityErrorCode.ROLE_REQUIRED, "Give the client at least one role.", ("roleKeys",)
            )
        )
    if errors:
        raise BusinessRuleError(*errors)
    await rbac.check_role_keys(actor, role_keys)
    secret = new_secret()
    client = ApiClient(
        tenant_id=actor.tenant_id,
        id=new_id(),
        name=name.strip(),
        client_id=new_client_id(actor.tenant_id),
        secret_hash=await hash_password_async(secret),
        status=ACTIVE,
        created_by=principal.subject_id,
        created_at=now(),
    )
    actor.session.add(client)
    await actor.session.flush()
    await rbac.set_subject_roles(actor, _subject(client.id), role_keys)
    await audit.record(
        actor,
        "api_clients.create",
        "api_client",
        client.id,
        after={**_summary(client), "roles": sorted(set(role_keys))},
    )
    return ClientWithSecret(client, secret)


async def list_api_clients(actor: Actor, first: int | None, after: str | None) -> Page[ApiClient]:
    stmt = await access.restrict(actor, ApiClient, "read")
    return await keyset_page(actor.session, stmt, [ApiClient.id], first=first, after=after)


async def api_clients_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[ApiClient | None]:
    """The current tenant's clients in `ids` order (api_clients:read): node lookups."""
    return await access.rows_by_id(actor, ApiClient, ids)


async def get_api_client(
    actor: Actor, api_client_id: uuid.UUID, for_update: bool = False
) -> ApiClient:
    """The current tenant's client, or NOT_FOUND (also for another tenant's id)."""
    return await access.get_scoped(actor, ApiClient, api_client_id, lock=for_update)


async def revoke_api_client(actor: Actor, api_client_id: uuid.UUID) -> ApiClient:
    """Its access tokens stop working at once: every request re-checks the client's status."""
    await actor.require("api_clients", "write")
    client = await get_api_client(actor, api_client_id, for_update=True)
    if client.status == REVOKED:
        raise BusinessRuleError.single(
            IdentityErrorCode.ALREADY_REVOKED, "This client is already revoked.", "apiClientId"
        )
    client.status, client.revoked_at = REVOKED, now()
    await audit.record(
        actor,
        "api_clients.revoke",
        "api_client",
        client.id,
        before={"status": ACTIVE},
        after={"status": REVOKED},
    )
    return client


async def rotate_api_client_secret(actor: Actor, api_client_id: uuid.UUID) -> ClientWithSecret:
    """A new secret replaces the old one, which stops authenticating at once."""
    await actor.require("api_clients", "write")
    client = await get_api_client(actor, api_client_id, for_update=True)
    if client.status == REVOKED:
        raise BusinessRuleError.single(
            IdentityErrorCode.CLIENT_REVOKED, "A revoked client cannot get a secret.", "apiClientId"
        )
    secret = new_secret()
    client.secret_hash = await hash_password_async(secret)
    await audit.record(actor, "api_clients.rotate_secret", "api_client", client.id)
    return ClientWithSecret(client, secret)


# --- the token endpoint ------------------------------------------------------------------


async def find_for_token(actor: Actor, client_id: str) -> ApiClient | None:
    """The client named by `client_id` while it and its tenant are active, else None.
    Binds the transaction to the tenant the client id names."""
    tenant_id = tenant_of_client_id(client_id)
    if tenant_id is None:
        return None
    await bind_tenant(actor.session, tenant_id)
    row = (
        await actor.session.execute(
            tenants.with_status(
                select(ApiClient).where(
                    ApiClient.tenant_id == tenant_id, ApiClient.client_id == client_id
                ),
                ApiClient.tenant_id,
            )
        )
    ).first()
    if row is None or row[0].status != ACTIVE or row[1] != ACTIVE:
        return None
    client: ApiClient = row[0]
    return client


def secret_matches(client: ApiClient | None, secret: str) -> bool:
    """Constant work whether or not the client exists, so timing tells nothing."""
    return verify_password(client.secret_hash if client else None, secret)


async def record_token_issued(actor: Actor, client: ApiClient) -> None:
    client.last_used_at = now()
    actor.principal = principal_of(client)
    await audit.record(
        actor, "auth.client_credentials", "api_client", client.id, actor_label=client.name
    )
