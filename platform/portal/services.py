"""Portal use cases: a customer's contact signs in by one-time magic link (or, once chosen,
a password) and sees only their own customer within their tenant."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

import audit.services as audit
import customers.services as customers
import identity.services as identity
import tenants.services as tenants
from core import access
from core.context import Actor
from core.db import bind_tenant
from core.errors import BusinessRuleError, Unauthenticated
from core.ids import new_id
from core.outbox import emit
from core.ratelimit import AttemptThrottle, Budget
from core.security import (
    hash_password_async,
    hash_token,
    new_tenant_token,
    tenant_of_token,
    verify_password_async,
)
from core.tenancy import Principal, PrincipalKind
from identity.errors import SignInErrorCode
from portal.errors import PortalErrorCode
from portal.events import MagicLinkRequested
from portal.models import MagicLink

if TYPE_CHECKING:
    from customers.models import Contact, Customer
    from tenants.models import Tenant

MAGIC_LINKS_PER_EMAIL = 5
MAGIC_LINKS_PER_IP = 30
MAGIC_LINK_WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class MagicLinkMail:
    """What the sign-in email says; the token exists only here and in the email."""

    to: str
    contact_name: str
    tenant_name: str
    locale: str
    url: str
    valid_minutes: int


@dataclass(frozen=True)
class PortalView:
    contact: Contact
    customer: Customer
    tenant: Tenant


def now() -> datetime:
    return datetime.now(UTC)


def sign_in_address(public_url: str, tenant_slug: str) -> str:
    """The tenant's own portal sign-in page (/portal/<slug>): its customers need not type the
    slug. Emails and invitations to contacts link here."""
    return f"{public_url}/portal/{tenant_slug}"


async def verify_portal_principal(actor: Actor, principal: Principal) -> str | None:
    """The contact's email while the tenant is active and the contact still has portal
    access to the token's customer (revoking access ends every session at once)."""
    active = await tenants.active_tenant(actor, principal.tenant_id)
    if principal.customer_id is None or active is None:
        return None
    contact = await customers.portal_contact_by_id(
        actor, principal.tenant_id, principal.subject_id, customer_id=principal.customer_id
    )
    return contact.email if contact else None


async def _sign_in(
    actor: Actor, tenant_id: uuid.UUID, contact: Contact, method: str
) -> identity.IssuedSession:
    principal = Principal(
        kind=PrincipalKind.PORTAL,
        tenant_id=tenant_id,
        subject_id=contact.id,
        customer_id=contact.customer_id,
    )
    actor.principal = principal
    customers.record_portal_sign_in(contact, now())
    await audit.record(
        actor,
        "portal.log_in",
        "contact",
        contact.id,
        after={"method": method},
        actor_label=contact.email,
    )
    return await identity.issue_session(actor, principal)


# --- magic links -----------------------------------------------------------------------------


async def _throttle_magic_links(actor: Actor, slug: str, email: str) -> None:
    """Per address and per client IP, counted whether or not the contact exists, so the
    limit itself tells nothing."""
    prefix = f"{actor.settings.redis_namespace}:magic"
    await AttemptThrottle(
        actor.services.redis,
        MAGIC_LINK_WINDOW_SECONDS,
        [
            Budget(f"{prefix}:email:{slug}:{email}", MAGIC_LINKS_PER_EMAIL),
            Budget(f"{prefix}:ip:{actor.client_ip or 'unknown'}", MAGIC_LINKS_PER_IP),
        ],
        attempts="sign-in link requests",
    ).admit()


async def request_magic_link(actor: Actor, tenant_slug: str, email: str) -> None:
    """Queue a sign-in email for a contact with portal access. The answer is the same
    whether or not such a contact exists."""
    slug, email = tenant_slug.strip().lower(), identity.normalize_email(email)
    await _throttle_magic_links(actor, slug, email)
    tenant = await tenants.tenant_by_slug(actor, slug)
    if tenant is None or tenant.status != "active":
        return
    await bind_tenant(actor.session, tenant.id)
    contact = await customers.portal_contact_by_email(actor, tenant.id, email)
    if contact is None:
        return
    link = MagicLink(
        tenant_id=tenant.id,
        id=new_id(),
        contact_id=contact.id,
        token_hash=hash_token(str(new_id())),  # replaced by the email job
        expires_at=now() + timedelta(seconds=actor.settings.magic_link_ttl_seconds),
    )
    actor.session.add(link)
    await actor.session.flush()
    await audit.record(
        actor,
        "portal.request_magic_link",
        "contact",
        contact.id,
        tenant_id=tenant.id,
        actor_label=contact.email,
    )
    await emit(
        actor, MagicLinkRequested(contact_id=contact.id, link_id=link.id), tenant_id=tenant.id
    )


async def prepare_magic_link_mail(
    actor: Actor, tenant_id: uuid.UUID, link_id: uuid.UUID
) -> MagicLinkMail | None:
    """Give a pending link its secret token and say what to email; None when the link was
    used, expired or its contact lost access meanwhile (then nothing is sent)."""
    link = await actor.session.get(MagicLink, (tenant_id, link_id), with_for_update=True)
    if link is None or link.used_at is not None or link.expires_at <= now():
        return None
    tenant = await tenants.active_tenant(actor, tenant_id)
    contact = await customers.portal_contact_by_id(actor, tenant_id, link.contact_id)
    if tenant is None or contact is None:
        return None
    token = new_tenant_token(tenant_id)
    link.token_hash = hash_token(token)
    await actor.session.flush()
    remaining = int((link.expires_at - now()).total_seconds() // 60)
    return MagicLinkMail(
        to=contact.email,
        contact_name=contact.name,
        tenant_name=tenant.name,
        locale=contact.locale or tenant.locale,
        valid_minutes=max(remaining, 1),
        url=f"{sign_in_address(actor.settings.public_url, tenant.slug)}?token={token}",
    )


async def redeem_magic_link(actor: Actor, raw_token: str) -> identity.IssuedSession:
    """Sign in with a link from the email; each link works once, before it expires."""
    invalid = BusinessRuleError.single(
        SignInErrorCode.INVALID_MAGIC_LINK,
        "This sign-in link is invalid, already used or expired; request a new one.",
        "token",
    )
    tenant_id = tenant_of_token(raw_token.strip())
    if tenant_id is None:
        raise invalid
    await bind_tenant(actor.session, tenant_id)
    link = await actor.session.scalar(
        select(MagicLink)
        .where(
            MagicLink.tenant_id == tenant_id, MagicLink.token_hash == hash_token(raw_token.strip())
        )
        .with_for_update()
    )
    if link is None or link.used_at is not None or link.expires_at <= now():
        raise invalid
    contact = await customers.portal_contact_by_id(actor, tenant_id, link.contact_id)
    if contact is None or await tenants.active_tenant(actor, tenant_id) is None:
        raise invalid
    link.used_at = now()
    return await _sign_in(actor, tenant_id, contact, "magic_link")


# --- passwords -------------------------------------------------------------------------------


async def log_in(
    actor: Actor, tenant_slug: str, email: str, password: str
) -> identity.IssuedSession:
    """Sign in with a password the contact chose; attempts are throttled like staff log-in
    (before anything is checked) and failures look the same, and take as long, whatever was
    wrong."""
    slug, email = tenant_slug.strip().lower(), identity.normalize_email(email)
    throttle = identity.password_throttle(actor, "portal-login", f"{slug}:{email}")
    await throttle.admit()
    tenant = await tenants.tenant_by_slug(actor, slug)
    contact = None
    if tenant is not None and tenant.status == "active":
        await bind_tenant(actor.session, tenant.id)
        contact = await customers.portal_contact_by_email(actor, tenant.id, email)
    stored_hash = customers.portal_password_hash(contact) if contact else None
    verified = await verify_password_async(stored_hash, password)
    if tenant is None or contact is None or not verified:
        raise BusinessRuleError.single(
            SignInErrorCode.INVALID_CREDENTIALS, "The organisation, email or password is incorrect."
        )
    await throttle.succeeded()
    return await _sign_in(actor, tenant.id, contact, "password")


async def _signed_in_contact(actor: Actor) -> Contact:
    principal = actor.require_portal()
    contact = await customers.portal_contact_by_id(
        actor, principal.tenant_id, principal.subject_id, customer_id=principal.customer_id
    )
    if contact is None:  # access revoked since the token was verified
        raise Unauthenticated("The token is no longer valid.")
    return contact


async def set_password(actor: Actor, password: str) -> Contact:
    """Let a signed-in contact choose a password for later sign-ins."""
    contact = await _signed_in_contact(actor)
    weak = identity.check_password(password, contact.email, contact.name)
    if weak:
        raise BusinessRuleError(weak)
    had_password = customers.portal_password_hash(contact) is not None
    customers.set_portal_password_hash(contact, await hash_password_async(password))
    await audit.record(
        actor,
        "portal.set_password",
        "contact",
        contact.id,
        before={"passwordSet": had_password},
        after={"passwordSet": True},
        actor_label=contact.email,
    )
    return contact


async def set_language(actor: Actor, locale: str | None) -> Contact:
    """The signed-in contact's language for emails (en or zh-CN; None: the tenant's)."""
    if locale is not None and locale not in customers.CONTACT_LOCALES:
        raise BusinessRuleError.single(
            PortalErrorCode.UNSUPPORTED_LOCALE, "Supported languages: en, zh-CN.", "locale"
        )
    contact = await _signed_in_contact(actor)
    before = contact.locale
    customers.set_contact_locale(contact, locale)
    await audit.record(
        actor,
        "portal.set_language",
        "contact",
        contact.id,
        before={"locale": before},
        after={"locale": locale},
        actor_label=contact.email,
    )
    return contact


# --- the signed-in contact's view ------------------------------------------------------------


async def portal_view(actor: Actor) -> PortalView:
    """The signed-in contact, their own customer (reached with `access.PORTAL`) and tenant."""
    contact = await _signed_in_contact(actor)
    customer = await customers.get_customer(actor, contact.customer_id, access.PORTAL)
    tenant = await tenants.current_tenant(actor)
    return PortalView(contact=contact, customer=customer, tenant=tenant)
