"""The portal-access facts the portal domain signs contacts in with (it authenticates the
caller; these lookups run before any principal exists)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Select, select

import identity.services as identity
from core.context import Actor
from customers.models import Contact, Customer

if TYPE_CHECKING:
    pass

# --- portal access (used by the portal domain, which authenticates the caller) -------------


def _portal_contacts(tenant_id: uuid.UUID) -> Select[Contact]:
    """Contacts who may use the portal now: access granted and their customer active."""
    return (
        select(Contact)
        .join(
            Customer,
            (Customer.tenant_id == Contact.tenant_id) & (Customer.id == Contact.customer_id),
        )
        .where(
            Contact.tenant_id == tenant_id,
            Contact.portal_enabled.is_(True),
            Customer.status == "active",
        )
    )


async def portal_contact_by_email(actor: Actor, tenant_id: uuid.UUID, email: str) -> Contact | None:
    return await actor.session.scalar(
        _portal_contacts(tenant_id).where(Contact.email == identity.normalize_email(email))
    )


async def portal_contact_by_id(
    actor: Actor, tenant_id: uuid.UUID, contact_id: uuid.UUID, customer_id: uuid.UUID | None = None
) -> Contact | None:
    statement = _portal_contacts(tenant_id).where(Contact.id == contact_id)
    if customer_id is not None:
        statement = statement.where(Contact.customer_id == customer_id)
    return await actor.session.scalar(statement)


def portal_password_hash(contact: Contact) -> str | None:
    return contact.portal_password_hash


def set_portal_password_hash(contact: Contact, password_hash: str) -> None:
    contact.portal_password_hash = password_hash


CONTACT_LOCALES = ("en", "zh-CN")


def set_contact_locale(contact: Contact, locale: str | None) -> None:
    """The contact's language for emails (one of CONTACT_LOCALES; None: the tenant's)."""
    contact.locale = locale


def record_portal_sign_in(contact: Contact, at: datetime) -> None:
    contact.last_portal_login_at = at
