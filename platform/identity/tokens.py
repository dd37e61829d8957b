"""Sessions: access tokens plus rotating refresh tokens, for staff and portal contacts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from core.context import Actor
from core.db import bind_tenant
from core.errors import BusinessRuleError
from core.ids import new_id
from core.security import hash_token, new_tenant_token, tenant_of_token
from core.tenancy import Principal, PrincipalKind
from identity.errors import SignInErrorCode
from identity.models import RefreshToken


@dataclass(frozen=True)
class IssuedSession:
    principal: Principal
    access_token: str
    refresh_token: str
    expires_in: int


def now() -> datetime:
    return datetime.now(UTC)


async def issue_session(
    actor: Actor, principal: Principal, family_id: uuid.UUID | None = None
) -> IssuedSession:
    access = actor.services.signer.issue(principal)
    refresh = new_tenant_token(principal.tenant_id)
    actor.session.add(
        RefreshToken(
            tenant_id=principal.tenant_id,
            id=new_id(),
            subject_kind=principal.kind.value,
            subject_id=principal.subject_id,
            customer_id=principal.customer_id,
            family_id=family_id or new_id(),
            token_hash=hash_token(refresh),
            expires_at=now() + timedelta(seconds=actor.settings.refresh_token_ttl_seconds),
        )
    )
    await actor.session.flush()
    return IssuedSession(principal, access.token, refresh, access.expires_in)


def _invalid_refresh() -> BusinessRuleError:
    return BusinessRuleError.single(
        SignInErrorCode.INVALID_REFRESH_TOKEN,
        "The session has expired; sign in again.",
        "refreshToken",
    )


async def rotate(actor: Actor, raw_token: str) -> tuple[RefreshToken, IssuedSession]:
    """Exchange a refresh token for a new pair. Presenting an already-rotated token is
    treated as theft: the whole family is revoked."""
    tenant_id = tenant_of_token(raw_token)
    if tenant_id is None:
        raise _invalid_refresh()
    await bind_tenant(actor.session, tenant_id)
    by_hash = select(RefreshToken).where(
        RefreshToken.tenant_id == tenant_id, RefreshToken.token_hash == hash_token(raw_token)
    )
    stored = await actor.session.scalar(by_hash)
    if stored is None or stored.revoked_at is not None or stored.expires_at <= now():
        raise _invalid_refresh()
    if stored.rotated_at is not None:
        # Its own transaction: the revocation must stand although this request fails.
        async with actor.services.db.transaction(tenant_id) as session:
            await revoke_family(
                Actor(services=actor.services, session=session), tenant_id, stored.family_id
            )
        raise _invalid_refresh()
    stored = await actor.session.scalar(
        by_hash.with_for_update().execution_options(populate_existing=True)
    )
    if stored is None or stored.rotated_at is not None or stored.revoked_at is not None:
        raise _invalid_refresh()  # rotated or revoked by a concurrent request meanwhile
    stored.rotated_at = now()
    principal = Principal(
        kind=PrincipalKind(stored.subject_kind),
        tenant_id=tenant_id,
        subject_id=stored.subject_id,
        customer_id=stored.customer_id,
    )
    return stored, await issue_session(actor, principal, stored.family_id)


async def revoke_family(actor: Actor, tenant_id: uuid.UUID, family_id: uuid.UUID) -> None:
    await actor.session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.tenant_id == tenant_id,
            RefreshToken.family_id == family_id,
            RefreshToken.revoked_at.is_(None),
        )
        .values(revoked_at=now())
    )


async def revoke_subject(actor: Actor, tenant_id: uuid.UUID, subject_id: uuid.UUID) -> None:
    await actor.session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.tenant_id == tenant_id,
            RefreshToken.subject_id == subject_id,
            RefreshToken.revoked_at.is_(None),
        )
        .values(revoked_at=now())
    )


async def find_for_logout(actor: Actor, raw_token: str) -> RefreshToken | None:
    tenant_id = tenant_of_token(raw_token)
    if tenant_id is None:
        return None
    await bind_tenant(actor.session, tenant_id)
    return await actor.session.scalar(
        select(RefreshToken).where(
            RefreshToken.tenant_id == tenant_id, RefreshToken.token_hash == hash_token(raw_token)
        )
    )
