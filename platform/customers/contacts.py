"""Contact people at customers: recording them and granting them the portal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

import audit.services as audit
import identity.services as identity
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from customers.access import get_contact, get_customer, nodes_by_id
from customers.errors import CustomerErrorCode
from customers.models import Contact
from customers.rules import (
    Path,
    check_contact_email,
    check_contact_name,
    check_contact_phone,
    raise_if,
)


@dataclass
class ContactInput:
    name: str
    email: str
    phone: str | None = None


@dataclass
class ContactChanges:
    """Fields left None stay as they are; an empty phone clears it."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None


def check_contact(data: ContactInput, path: Path = ()) -> list[UserError]:
    return [
        *check_contact_name(data.name, path),
        *check_contact_email(data.email, path),
        *check_contact_phone(data.phone, path),
    ]


def contact_summary(contact: Contact) -> dict[str, Any]:
    return {
        "customerId": str(contact.customer_id),
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "portalEnabled": contact.portal_enabled,
    }


async def contacts_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Contact | None]:
    return await nodes_by_id(actor, Contact, ids)


async def contacts_of_customers(actor: Actor, customer_ids: list[uuid.UUID]) -> list[list[Contact]]:
    """Contacts of the customers in the caller's scope, in creation order (a DataLoader
    batch)."""
    statement = (await access.restrict(actor, Contact)).where(Contact.customer_id.in_(customer_ids))
    rows = (await actor.session.scalars(statement.order_by(Contact.id))).all()
    grouped: dict[uuid.UUID, list[Contact]] = {i: [] for i in customer_ids}
    for contact in rows:
        grouped[contact.customer_id].append(contact)
    return [grouped[i] for i in customer_ids]


async def check_emails_free(
    actor: Actor, emails: list[tuple[str, Path]], except_contact: uuid.UUID | None = None
) -> None:
    """Contact emails are unique within the tenant (they sign in to the portal)."""
    if not emails:
        return
    wanted = [email for email, _ in emails]
    statement = select(Contact.email).where(
        Contact.tenant_id == actor.tenant_id, Contact.email.in_(wanted)
    )
    if except_contact is not None:
        statement = statement.where(Contact.id != except_contact)
    taken = set((await actor.session.scalars(statement)).all())
    seen: set[str] = set()
    errors = []
    for email, path in emails:
        if email in taken or email in seen:
            errors.append(
                UserError(
                    CustomerErrorCode.EMAIL_TAKEN,
                    "Another contact already uses this email.",
                    (*path, "email"),
                )
            )
        seen.add(email)
    raise_if(errors)


async def flush_contacts(actor: Actor, path: Path) -> None:
    """Flush, turning a concurrent insert of the same email into the same user error."""
    try:
        await actor.session.flush()
    except IntegrityError as error:
        raise BusinessRuleError(
            UserError(
                CustomerErrorCode.EMAIL_TAKEN,
                "Another contact already uses this email.",
                (*path, "email"),
            )
        ) from error


def new_contact(tenant_id: uuid.UUID, customer_id: uuid.UUID, data: ContactInput) -> Contact:
    return Contact(
        tenant_id=tenant_id,
        id=new_id(),
        customer_id=customer_id,
        name=data.name.strip(),
        email=identity.normalize_email(data.email),
        phone=data.phone.strip() if data.phone and data.phone.strip() else None,
        portal_enabled=False,
    )


async def add_contact(actor: Actor, customer_id: uuid.UUID, data: ContactInput) -> Contact:
    customer = await get_customer(actor, customer_id, "write")
    raise_if(check_contact(data))
    await check_emails_free(actor, [(identity.normalize_email(data.email), ())])
    contact = new_contact(actor.tenant_id, customer.id, data)
    actor.session.add(contact)
    await flush_contacts(actor, ())
    await audit.record(
        actor, "customers.add_contact", "contact", contact.id, after=contact_summary(contact)
    )
    return contact


async def update_contact(actor: Actor, contact_id: uuid.UUID, changes: ContactChanges) -> Contact:
    contact = await get_contact(actor, contact_id, "write")
    raise_if(
        [
            *(check_contact_name(changes.name, ()) if changes.name is not None else []),
            *(check_contact_email(changes.email, ()) if changes.email is not None else []),
            *check_contact_phone(changes.phone, ()),
        ]
    )
    before = contact_summary(contact)
    if changes.email is not None:
        email = identity.normalize_email(changes.email)
        await check_emails_free(actor, [(email, ())], except_contact=contact.id)
        contact.email = email
    if changes.name is not None:
        contact.name = changes.name.strip()
    if changes.phone is not None:
        contact.phone = changes.phone.strip() or None
    await flush_contacts(actor, ())
    await audit.record(
        actor,
        "customers.update_contact",
        "contact",
        contact.id,
        before=before,
        after=contact_summary(contact),
    )
    return contact


async def grant_portal_access(actor: Actor, contact_id: uuid.UUID) -> Contact:
    """Let the contact sign in to the portal (by magic link, then optionally a password)."""
    contact = await get_contact(actor, contact_id, "portal")
    before = contact.portal_enabled
    contact.portal_enabled = True
    await audit.record(
        actor,
        "customers.grant_portal_access",
        "contact",
        contact.id,
        before={"portalEnabled": before},
        after={"portalEnabled": True},
    )
    return contact


async def revoke_portal_access(actor: Actor, contact_id: uuid.UUID) -> Contact:
    """End the contact's portal access: sessions end at once and the password is dropped,
    so a later grant starts again from a magic link."""
    contact = await get_contact(actor, contact_id, "portal")
    before = contact.portal_enabled
    contact.portal_enabled = False
    contact.portal_password_hash = None
    await identity.end_sessions_of(actor, contact.id)
    await audit.record(
        actor,
        "customers.revoke_portal_access",
        "contact",
        contact.id,
        before={"portalEnabled": before},
        after={"portalEnabled": False},
    )
    return contact
