"""Signing in: sessions for every kind of principal, the owner a new tenant starts with,
staff log-in, refresh and log-out, and the check every authenticated request starts with."""

from __future__ import annotations

import uuid
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, bindparam, select

import audit.services as audit
import rbac.services as rbac
import tenants.services as tenants
from core.context import Actor
from core.db import bind_tenant
from core.errors import BusinessRuleError
from core.ids import new_id
from core.ratelimit import AttemptThrottle, Budget
from core.security import (
    hash_password_async,
    verify_password_async,
)
from core.tenancy import Principal, PrincipalKind
from identity import tokens
from identity.checks import (
    normalize_email,
)
from identity.departments import seed_departments
from identity.errors import SignInErrorCode
from identity.models import ApiClient, User
from identity.tokens import IssuedSession, now

if TYPE_CHECKING:
    from tenants.models import Tenant

# --- sessions, for every kind of principal -----------------------------------------------


async def issue_session(actor: Actor, principal: Principal) -> IssuedSession:
    """A new session (access and refresh token) for a principal another domain has signed
    in: a portal contact, a new tenant's owner."""
    return await tokens.issue_session(actor, principal)


async def end_sessions_of(actor: Actor, subject_id: uuid.UUID) -> None:
    """End every session of a user or portal contact of the caller's tenant at once."""
    await tokens.revoke_subject(actor, actor.tenant_id, subject_id)


# --- owner and log-in -------------------------------------------------------------------


async def create_owner(
    actor: Actor, tenant_id: uuid.UUID, name: str, email: str, password: str
) -> User:
    departments = await seed_departments(actor, tenant_id)
    owner = User(
        tenant_id=tenant_id,
        id=new_id(),
        email=email,
        name=name,
        password_hash=await hash_password_async(password),
        status="active",
        department_id=departments["management"].id,
    )
    actor.session.add(owner)
    await actor.session.flush()
    await rbac.set_subject_roles(actor, f"user:{owner.id}", [rbac.ADMIN_ROLE], tenant_id)
    return owner


def password_throttle(actor: Actor, scope: str, account: str) -> AttemptThrottle:
    """Password checks of one account and from the caller's address, counted before each
    check: at most the configured number per account and per address in a window. A right
    password starts the account's count afresh and costs the address nothing."""
    s = actor.settings
    prefix = f"{s.redis_namespace}:{scope}"
    return AttemptThrottle(
        actor.services.redis,
        s.login_failure_window_seconds,
        [
            Budget(f"{prefix}-account:{account}", s.login_max_failures_per_account, "clear"),
            Budget(
                f"{prefix}-ip:{actor.client_ip or 'unknown'}", s.login_max_failures_per_ip, "refund"
            ),
        ],
        attempts="sign-in attempts",
    )


def _bad_credentials() -> BusinessRuleError:
    return BusinessRuleError.single(
        SignInErrorCode.INVALID_CREDENTIALS, "The organisation, email or password is incorrect."
    )


async def _tenant_and_user(
    actor: Actor, slug: str, email: str
) -> tuple[Tenant | None, User | None]:
    tenant = await tenants.tenant_by_slug(actor, slug)
    if tenant is None:
        return None, None
    await bind_tenant(actor.session, tenant.id)
    return tenant, await actor.session.scalar(
        select(User).where(User.tenant_id == tenant.id, User.email == email)
    )


async def log_in(actor: Actor, tenant_slug: str, email: str, password: str) -> IssuedSession:
    """Sign a staff user in. Raises Throttled (TOO_MANY_ATTEMPTS) before checking anything
    once the account or the address has used its attempts; the password is checked even
    when the organisation or user does not exist, so the answer takes as long."""
    email = normalize_email(email)
    slug = tenant_slug.strip().lower()
    throttle = password_throttle(actor, "login", f"{slug}:{email}")
    await throttle.admit()
    tenant, user = await _tenant_and_user(actor, slug, email)
    verified = await verify_password_async(user.password_hash if user else None, password)
    if tenant is None or user is None or not verified:
        raise _bad_credentials()
    await throttle.succeeded()
    if user.status != "active":
        raise BusinessRuleError.single(
            SignInErrorCode.ACCOUNT_DEACTIVATED, "This account is deactivated."
        )
    if tenant.status != "active":
        raise BusinessRuleError.single(
            SignInErrorCode.TENANT_SUSPENDED, "This organisation is suspended."
        )
    user.last_login_at = now()
    principal = Principal(kind=PrincipalKind.STAFF, tenant_id=tenant.id, subject_id=user.id)
    actor.principal = principal
    await audit.record(actor, "auth.log_in", "user", user.id, actor_label=user.email)
    return await tokens.issue_session(actor, principal)


async def refresh_session(actor: Actor, raw_token: str) -> IssuedSession:
    _, issued = await tokens.rotate(actor, raw_token)
    actor.principal = issued.principal
    label = await actor.services.verify_principal(actor.session, issued.principal)
    if label is None:
        raise BusinessRuleError.single(
            SignInErrorCode.INVALID_REFRESH_TOKEN,
            "The session has expired; sign in again.",
            "refreshToken",
        )
    actor.actor_label = label
    await audit.record(
        actor, "auth.refresh", target_type_of(issued.principal.kind), issued.principal.subject_id
    )
    return issued


def target_type_of(kind: PrincipalKind) -> str:
    """The audit target type naming a principal's record."""
    return {
        PrincipalKind.STAFF: "user",
        PrincipalKind.API_CLIENT: "api_client",
        PrincipalKind.PORTAL: "contact",
    }[kind]


async def log_out(actor: Actor, raw_token: str) -> None:
    stored = await tokens.find_for_logout(actor, raw_token)
    if stored is None:
        return
    await tokens.revoke_family(actor, stored.tenant_id, stored.family_id)
    principal = Principal(
        kind=PrincipalKind(stored.subject_kind),
        tenant_id=stored.tenant_id,
        subject_id=stored.subject_id,
        customer_id=stored.customer_id,
    )
    actor.principal = principal
    actor.actor_label = await actor.services.verify_principal(actor.session, principal)
    await audit.record(actor, "auth.log_out", target_type_of(principal.kind), stored.subject_id)


def _status_check(table: type[User] | type[ApiClient], label: Any) -> Select[Any]:
    """The subject's status and label, then its tenant's status (no row when either is
    missing)."""
    subject = select(table.status, label).where(
        table.tenant_id == bindparam("tenant_id"), table.id == bindparam("subject_id")
    )
    return tenants.with_status(subject, table.tenant_id)


@cache
def _status_checks() -> dict[PrincipalKind, Select[Any]]:
    """Built once: this runs at the start of every authenticated request."""
    return {
        PrincipalKind.STAFF: _status_check(User, User.email),
        PrincipalKind.API_CLIENT: _status_check(ApiClient, ApiClient.name),
    }


async def verify_staff_or_client(actor: Actor, principal: Principal) -> str | None:
    """The user's email or the client's name while the tenant and the user or API client
    are active; None otherwise."""
    row = (
        await actor.session.execute(
            _status_checks()[principal.kind],
            {"tenant_id": principal.tenant_id, "subject_id": principal.subject_id},
        )
    ).first()
    if row is None or row[0] != "active" or row[2] != "active":
        return None
    return str(row[1])
