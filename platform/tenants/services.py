"""Tenant use cases: the tenant record (created by identity's sign-up) and the company's
settings."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from zoneinfo import available_timezones

import structlog
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

import audit.services as audit
from core.context import Actor, Services
from core.db import bind_tenant
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from tenants.errors import TenantErrorCode
from tenants.models import Tenant

log = structlog.get_logger("orbit.tenants")
T = TypeVar("T")

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$")
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "api",
        "app",
        "console",
        "graphql",
        "health",
        "metrics",
        "oauth",
        "portal",
        "static",
        "www",
        "assets",
        # The portal's own pages beside /portal/<slug>, the tenant's sign-in address.
        "login",
        "order",
        "orders",
        "invoices",
        "account",
    }
)
CURRENCIES = frozenset({"USD", "EUR", "GBP", "CNY", "JPY", "HKD", "SGD", "AUD", "CAD", "CHF"})
LOCALES = frozenset({"en", "zh-CN"})


def check_new_tenant(organization_name: str, slug: str) -> list[UserError]:
    """The organisation's name and its sign-in address (slug), as sign-up takes them."""
    errors: list[UserError] = []
    if not organization_name.strip() or len(organization_name) > 200:
        errors.append(
            UserError(
                TenantErrorCode.REQUIRED,
                "Enter the organisation's name (at most 200 characters).",
                ("organizationName",),
            )
        )
    if not SLUG.match(slug) or "--" in slug:
        errors.append(
            UserError(
                TenantErrorCode.INVALID_SLUG,
                "Use 3-40 lowercase letters, digits and single "
                "hyphens, starting and ending with a letter or digit.",
                ("slug",),
            )
        )
    elif slug in RESERVED_SLUGS:
        errors.append(
            UserError(TenantErrorCode.SLUG_RESERVED, "This address is reserved.", ("slug",))
        )
    return errors


SLUG_TAKEN = UserError(TenantErrorCode.SLUG_TAKEN, "This address is already taken.", ("slug",))
EMAIL_TAKEN = UserError(
    TenantErrorCode.EMAIL_TAKEN, "This email already owns an organisation.", ("email",)
)
_TAKEN_BY_CONSTRAINT = {"uq_tenants_slug": SLUG_TAKEN, "uq_tenants_owner_email": EMAIL_TAKEN}


async def _insert_tenant(actor: Actor, tenant: Tenant) -> None:
    """A concurrent sign-up can take the slug or email between the check and the insert;
    the unique constraints then decide, and the loser gets the same user error."""
    actor.session.add(tenant)
    try:
        await actor.session.flush()
    except IntegrityError as error:
        taken = [e for name, e in _TAKEN_BY_CONSTRAINT.items() if f'"{name}"' in str(error.orig)]
        if not taken:
            raise
        raise BusinessRuleError(*taken) from error


async def create_tenant(actor: Actor, slug: str, name: str, owner_email: str) -> Tenant:
    """A new tenant, bound to the actor's transaction; SLUG_TAKEN / EMAIL_TAKEN when another
    tenant has the address or the owner's email."""
    errors: list[UserError] = []
    taken = (
        await actor.session.execute(
            select(Tenant.slug, Tenant.owner_email).where(
                (Tenant.slug == slug) | (Tenant.owner_email == owner_email)
            )
        )
    ).all()
    if any(taken_slug == slug for taken_slug, _ in taken):
        errors.append(SLUG_TAKEN)
    if any(email == owner_email for _, email in taken):
        errors.append(EMAIL_TAKEN)
    if errors:
        raise BusinessRuleError(*errors)
    tenant = Tenant(id=new_id(), slug=slug, name=name, owner_email=owner_email)
    await _insert_tenant(actor, tenant)
    await bind_tenant(actor.session, tenant.id)
    return tenant


async def current_tenant(actor: Actor) -> Tenant:
    tenant = await actor.session.get(Tenant, actor.tenant_id)
    assert tenant is not None  # the principal was verified against this row
    return tenant


def with_currency_and_time_zone(
    statement: Select[Any], tenant_id: InstrumentedAttribute[uuid.UUID]
) -> Select[Any]:
    """`statement` joined to its rows' tenant (`tenant_id`), with the tenant's currency and
    time zone as its next two columns: for reads that need them in the same statement."""
    return statement.join(Tenant, Tenant.id == tenant_id).add_columns(
        Tenant.currency, Tenant.time_zone
    )


def with_status(statement: Select[Any], tenant_id: InstrumentedAttribute[uuid.UUID]) -> Select[Any]:
    """`statement` joined to its rows' tenant (`tenant_id`), with the tenant's status as
    its last column: for sign-in checks that need it in the same statement."""
    return statement.join(Tenant, Tenant.id == tenant_id).add_columns(Tenant.status)


async def for_each_active_tenant(
    services: Services, work: Callable[[Actor], Awaitable[T]], failed_event: str
) -> list[T]:
    """Nightly work once per active tenant, each in its own transaction as the system bound
    to that tenant; a tenant whose work fails is logged (`failed_event`) and left for the
    next run. Returns the results of the tenants that succeeded."""
    async with services.db.transaction() as session:
        tenant_ids = await active_tenant_ids(Actor(services=services, session=session))
    results: list[T] = []
    for tenant_id in tenant_ids:
        try:
            async with services.db.transaction(tenant_id) as session:
                actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
                results.append(await work(actor))
        except Exception:
            log.exception(failed_event, tenant_id=str(tenant_id))
    return results


async def active_tenant_ids(actor: Actor) -> list[uuid.UUID]:
    """Every active tenant (for nightly work that runs once per tenant)."""
    return list(
        (await actor.session.scalars(select(Tenant.id).where(Tenant.status == "active"))).all()
    )


async def tenant_by_slug(actor: Actor, slug: str) -> Tenant | None:
    """The tenant signing in with `slug` (any status), before any tenant is bound."""
    return await actor.session.scalar(select(Tenant).where(Tenant.slug == slug.strip().lower()))


async def active_tenant(actor: Actor, tenant_id: uuid.UUID) -> Tenant | None:
    """The tenant while it is active (suspended ones sign nobody in), else None."""
    tenant = await actor.session.get(Tenant, tenant_id)
    return tenant if tenant is not None and tenant.status == "active" else None


@dataclass
class SettingsInput:
    name: str | None = None
    time_zone: str | None = None
    currency: str | None = None
    locale: str | None = None


def check_settings(data: SettingsInput) -> list[UserError]:
    errors: list[UserError] = []
    if data.name is not None and (not data.name.strip() or len(data.name) > 200):
        errors.append(
            UserError(TenantErrorCode.REQUIRED, "Enter the organisation's name.", ("name",))
        )
    if data.time_zone is not None and data.time_zone not in available_timezones():
        errors.append(
            UserError(TenantErrorCode.INVALID_TIME_ZONE, "Unknown time zone.", ("timeZone",))
        )
    if data.currency is not None and data.currency not in CURRENCIES:
        errors.append(
            UserError(
                TenantErrorCode.UNSUPPORTED_CURRENCY,
                f"Supported: {', '.join(sorted(CURRENCIES))}.",
                ("currency",),
            )
        )
    if data.locale is not None and data.locale not in LOCALES:
        errors.append(
            UserError(TenantErrorCode.UNSUPPORTED_LOCALE, "Supported: en, zh-CN.", ("locale",))
        )
    return errors


async def update_settings(actor: Actor, data: SettingsInput) -> Tenant:
    await actor.require("settings", "write")
    errors = check_settings(data)
    if errors:
        raise BusinessRuleError(*errors)
    tenant = await current_tenant(actor)
    before = _settings_summary(tenant)
    for f in ("name", "time_zone", "currency", "locale"):
        value = getattr(data, f)
        if value is not None:
            setattr(tenant, f, value.strip() if f == "name" else value)
    await audit.record(
        actor,
        "settings.update",
        "tenant",
        tenant.id,
        before=before,
        after=_settings_summary(tenant),
    )
    return tenant


def _settings_summary(tenant: Tenant) -> dict[str, object]:
    """The settings as the audit log shows them: named like the GraphQL input fields."""
    return {
        "name": tenant.name,
        "timeZone": tenant.time_zone,
        "currency": tenant.currency,
        "locale": tenant.locale,
    }
