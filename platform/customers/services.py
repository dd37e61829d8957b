"""Customer use cases: customers and their contacts, narrowed by the caller's data scope,
and the portal-access facts the portal domain signs contacts in with."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select, true
from sqlalchemy.exc import IntegrityError

import audit.services as audit
import identity.services as identity
from core.context import Actor, DataScope
from core.errors import BusinessRuleError, NotFound, UserError
from core.gql.pagination import Page, keyset_page
from core.ids import new_id
from core.tenancy import Principal, PrincipalKind
from customers.models import Contact, Customer
from identity import tokens
from identity.models import User

CUSTOMER_STATUSES = ("active", "inactive")
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,38}$")
Path = tuple[str, ...]


@dataclass
class ContactInput:
    name: str
    email: str
    phone: str | None = None


@dataclass
class NewCustomer:
    name: str
    owner_id: uuid.UUID | None = None
    department_key: str | None = None
    contacts: list[ContactInput] = field(default_factory=list)


@dataclass
class CustomerChanges:
    """Fields left None stay as they are."""

    name: str | None = None
    status: str | None = None
    owner_id: uuid.UUID | None = None
    department_key: str | None = None


@dataclass
class ContactChanges:
    """Fields left None stay as they are; an empty phone clears it."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None


# --- validation ----------------------------------------------------------------------------

def check_customer_name(name: str, path: Path = ("name",)) -> list[UserError]:
    if not name.strip() or len(name.strip()) > 200:
        return [UserError("REQUIRED", "Enter the customer's name (at most 200 characters).", path)]
    return []


def check_status(status: str) -> list[UserError]:
    if status not in CUSTOMER_STATUSES:
        return [UserError("INVALID_STATUS", "Use active or inactive.", ("status",))]
    return []


def check_contact_name(name: str, path: Path) -> list[UserError]:
    if not name.strip() or len(name.strip()) > 200:
        return [UserError("REQUIRED", "Enter the contact's name (at most 200 characters).",
                          (*path, "name"))]
    return []


def check_contact_email(email: str, path: Path) -> list[UserError]:
    error = identity.check_email(identity.normalize_email(email))
    return [UserError(error.code, error.message, (*path, "email"))] if error else []


def check_contact_phone(phone: str | None, path: Path) -> list[UserError]:
    if phone and not PHONE.match(phone.strip()):
        return [UserError("INVALID_PHONE", "Enter a phone number of digits, spaces and + - ( ).",
                          (*path, "phone"))]
    return []


def check_contact(data: ContactInput, path: Path = ()) -> list[UserError]:
    return [*check_contact_name(data.name, path), *check_contact_email(data.email, path),
            *check_contact_phone(data.phone, path)]


def _raise_if(errors: list[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


# --- data scope: the one place that decides which customers a caller reaches -------------

async def _scope_condition(actor: Actor, principal: Principal) -> ColumnElement[bool]:
    """The caller's widest data scope as a condition on customers. API clients own nothing
    and belong to no department, so only an all-records role lets them see customers."""
    scope = await actor.services.authorizer.data_scope(principal)
    if scope is DataScope.ALL:
        return true()
    if principal.kind is not PrincipalKind.STAFF:
        return false()
    if scope is DataScope.OWN:
        return Customer.owner_id == principal.subject_id
    user = await identity.current_user(actor)
    if user.department_id is None:
        return false()
    return Customer.department_id == user.department_id


async def visible_customers(actor: Actor, action: str = "read") -> Select[Customer]:
    """Customers the caller may `action` within their data scope; every list, lookup and
    change starts here, so none forgets the scope."""
    principal = await actor.require("customers", action)
    return select(Customer).where(Customer.tenant_id == principal.tenant_id,
                                  await _scope_condition(actor, principal))


async def get_customer(actor: Actor, customer_id: uuid.UUID, action: str = "read") -> Customer:
    """A customer in the caller's scope, or NOT_FOUND (also when it exists out of scope)."""
    statement = (await visible_customers(actor, action)).where(Customer.id == customer_id)
    if action != "read":
        statement = statement.with_for_update()
    customer = await actor.session.scalar(statement)
    if customer is None:
        raise NotFound()
    return customer


async def get_contact(actor: Actor, contact_id: uuid.UUID, action: str = "read") -> Contact:
    """A contact of a customer in the caller's scope, or NOT_FOUND."""
    customer_ids = (await visible_customers(actor, action)).with_only_columns(Customer.id)
    statement = select(Contact).where(Contact.tenant_id == actor.tenant_id,
                                      Contact.id == contact_id,
                                      Contact.customer_id.in_(customer_ids))
    if action != "read":
        statement = statement.with_for_update(of=Contact)
    contact = await actor.session.scalar(statement)
    if contact is None:
        raise NotFound()
    return contact


async def list_customers(actor: Actor, search: str | None, first: int | None,
                         after: str | None) -> Page[Customer]:
    """Customers in scope, newest first; `search` matches the name or a contact's name or
    email."""
    statement = await visible_customers(actor)
    if search and search.strip():
        pattern = f"%{search.strip().lower()}%"
        contact_match = select(Contact.customer_id).where(
            Contact.tenant_id == actor.tenant_id,
            or_(func.lower(Contact.name).like(pattern), Contact.email.like(pattern)))
        statement = statement.where(or_(func.lower(Customer.name).like(pattern),
                                        Customer.id.in_(contact_match)))
    return await keyset_page(actor.session, statement, [Customer.id], first=first, after=after)


def _hidden_from_portal(actor: Actor) -> bool:
    """Portal contacts never reach the staff view of customers: for them it does not exist."""
    return actor.require_principal().kind is PrincipalKind.PORTAL


async def customers_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Customer | None]:
    if _hidden_from_portal(actor):
        return [None] * len(ids)
    statement = (await visible_customers(actor)).where(Customer.id.in_(ids))
    found = {c.id: c for c in (await actor.session.scalars(statement)).all()}
    return [found.get(i) for i in ids]


async def contacts_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Contact | None]:
    if _hidden_from_portal(actor):
        return [None] * len(ids)
    customer_ids = (await visible_customers(actor)).with_only_columns(Customer.id)
    rows = (await actor.session.scalars(select(Contact).where(
        Contact.tenant_id == actor.tenant_id, Contact.id.in_(ids),
        Contact.customer_id.in_(customer_ids)))).all()
    found = {c.id: c for c in rows}
    return [found.get(i) for i in ids]


async def contacts_of_customers(actor: Actor, customer_ids: list[uuid.UUID]
                                ) -> list[list[Contact]]:
    """Contacts of customers the caller already reached, in creation order."""
    rows = (await actor.session.scalars(select(Contact).where(
        Contact.tenant_id == actor.tenant_id, Contact.customer_id.in_(customer_ids)
    ).order_by(Contact.id))).all()
    grouped: dict[uuid.UUID, list[Contact]] = {i: [] for i in customer_ids}
    for contact in rows:
        grouped[contact.customer_id].append(contact)
    return [grouped[i] for i in customer_ids]


async def _ensure_in_scope(actor: Actor, customer: Customer) -> None:
    """After a change, the caller must still reach the customer (a sales user cannot hand
    a new customer to a colleague and lose sight of it)."""
    await actor.session.flush()
    statement = (await visible_customers(actor, "write")).where(
        Customer.id == customer.id).with_only_columns(Customer.id)
    if await actor.session.scalar(statement) is None:
        raise BusinessRuleError.single(
            "OUTSIDE_DATA_SCOPE", "You would no longer see this customer; choose an owner or "
            "department within your data scope.", "ownerId")


# --- customers -------------------------------------------------------------------------------

def _customer_summary(customer: Customer) -> dict[str, Any]:
    return {"name": customer.name, "status": customer.status,
            "ownerId": str(customer.owner_id) if customer.owner_id else None,
            "departmentId": str(customer.department_id) if customer.department_id else None}


def _contact_summary(contact: Contact) -> dict[str, Any]:
    return {"customerId": str(contact.customer_id), "name": contact.name,
            "email": contact.email, "phone": contact.phone,
            "portalEnabled": contact.portal_enabled}


async def _owner(actor: Actor, owner_id: uuid.UUID) -> User:
    [owner] = await identity.users_by_id(actor, [owner_id])
    if owner is None:
        raise BusinessRuleError.single("UNKNOWN_OWNER", "No such staff user.", "ownerId")
    if owner.status == "deactivated":
        raise BusinessRuleError.single("INACTIVE_OWNER", "This user is deactivated.", "ownerId")
    return owner


async def _department_id(actor: Actor, key: str) -> uuid.UUID:
    departments = await identity.list_departments(actor)
    match = next((d for d in departments if d.key == key), None)
    if match is None:
        raise BusinessRuleError.single("UNKNOWN_DEPARTMENT", f"Unknown department {key!r}.",
                                       "departmentKey")
    return match.id


async def _check_emails_free(actor: Actor, emails: list[tuple[str, Path]],
                             except_contact: uuid.UUID | None = None) -> None:
    """Contact emails are unique within the tenant (they sign in to the portal)."""
    wanted = [email for email, _ in emails]
    statement = select(Contact.email).where(Contact.tenant_id == actor.tenant_id,
                                            Contact.email.in_(wanted))
    if except_contact is not None:
        statement = statement.where(Contact.id != except_contact)
    taken = set((await actor.session.scalars(statement)).all())
    seen: set[str] = set()
    errors = []
    for email, path in emails:
        if email in taken or email in seen:
            errors.append(UserError("EMAIL_TAKEN", "Another contact already uses this email.",
                                    (*path, "email")))
        seen.add(email)
    _raise_if(errors)


async def _flush_contacts(actor: Actor, path: Path) -> None:
    """Flush, turning a concurrent insert of the same email into the same user error."""
    try:
        await actor.session.flush()
    except IntegrityError as error:
        raise BusinessRuleError(UserError("EMAIL_TAKEN", "Another contact already uses this "
                                          "email.", (*path, "email"))) from error


def _new_contact(tenant_id: uuid.UUID, customer_id: uuid.UUID, data: ContactInput) -> Contact:
    return Contact(tenant_id=tenant_id, id=new_id(), customer_id=customer_id,
                   name=data.name.strip(), email=identity.normalize_email(data.email),
                   phone=data.phone.strip() if data.phone and data.phone.strip() else None,
                   portal_enabled=False)


async def create_customer(actor: Actor, data: NewCustomer) -> Customer:
    """Owner defaults to the creating staff user, department to the owner's."""
    principal = await actor.require("customers", "write")
    _raise_if([*check_customer_name(data.name), *(
        error for index, contact in enumerate(data.contacts)
        for error in check_contact(contact, ("contacts", str(index))))])
    owner_id = data.owner_id or (
        principal.subject_id if principal.kind is PrincipalKind.STAFF else None)
    owner = await _owner(actor, owner_id) if owner_id else None
    department_id = (await _department_id(actor, data.department_key) if data.department_key
                     else owner.department_id if owner else None)
    await _check_emails_free(actor, [(identity.normalize_email(c.email), ("contacts", str(i)))
                                     for i, c in enumerate(data.contacts)])
    customer = Customer(tenant_id=actor.tenant_id, id=new_id(), name=data.name.strip(),
                        status="active", owner_id=owner.id if owner else None,
                        department_id=department_id)
    actor.session.add(customer)
    await actor.session.flush()
    actor.session.add_all([_new_contact(actor.tenant_id, customer.id, c) for c in data.contacts])
    await _flush_contacts(actor, ("contacts",))
    await _ensure_in_scope(actor, customer)
    await audit.record(actor, "customers.create", "customer", customer.id, after={
        **_customer_summary(customer),
        "contacts": [identity.normalize_email(c.email) for c in data.contacts]})
    return customer


async def update_customer(actor: Actor, customer_id: uuid.UUID,
                          changes: CustomerChanges) -> Customer:
    """A new owner brings the customer into their department unless one is given."""
    customer = await get_customer(actor, customer_id, "write")
    _raise_if([*(check_customer_name(changes.name) if changes.name is not None else []),
               *(check_status(changes.status) if changes.status is not None else [])])
    before = _customer_summary(customer)
    if changes.name is not None:
        customer.name = changes.name.strip()
    if changes.status is not None:
        customer.status = changes.status
    if changes.owner_id is not None:
        owner = await _owner(actor, changes.owner_id)
        customer.owner_id = owner.id
        customer.department_id = owner.department_id
    if changes.department_key is not None:
        customer.department_id = await _department_id(actor, changes.department_key)
    await _ensure_in_scope(actor, customer)
    await audit.record(actor, "customers.update", "customer", customer.id, before=before,
                       after=_customer_summary(customer))
    return customer


# --- contacts --------------------------------------------------------------------------------

async def add_contact(actor: Actor, customer_id: uuid.UUID, data: ContactInput) -> Contact:
    customer = await get_customer(actor, customer_id, "write")
    _raise_if(check_contact(data))
    await _check_emails_free(actor, [(identity.normalize_email(data.email), ())])
    contact = _new_contact(actor.tenant_id, customer.id, data)
    actor.session.add(contact)
    await _flush_contacts(actor, ())
    await audit.record(actor, "customers.add_contact", "contact", contact.id,
                       after=_contact_summary(contact))
    return contact


async def update_contact(actor: Actor, contact_id: uuid.UUID,
                         changes: ContactChanges) -> Contact:
    contact = await get_contact(actor, contact_id, "write")
    _raise_if([*(check_contact_name(changes.name, ()) if changes.name is not None else []),
               *(check_contact_email(changes.email, ()) if changes.email is not None else []),
               *check_contact_phone(changes.phone, ())])
    before = _contact_summary(contact)
    if changes.email is not None:
        email = identity.normalize_email(changes.email)
        await _check_emails_free(actor, [(email, ())], except_contact=contact.id)
        contact.email = email
    if changes.name is not None:
        contact.name = changes.name.strip()
    if changes.phone is not None:
        contact.phone = changes.phone.strip() or None
    await _flush_contacts(actor, ())
    await audit.record(actor, "customers.update_contact", "contact", contact.id, before=before,
                       after=_contact_summary(contact))
    return contact


async def grant_portal_access(actor: Actor, contact_id: uuid.UUID) -> Contact:
    """Let the contact sign in to the portal (by magic link, then optionally a password)."""
    contact = await get_contact(actor, contact_id, "portal")
    before = contact.portal_enabled
    contact.portal_enabled = True
    await audit.record(actor, "customers.grant_portal_access", "contact", contact.id,
                       before={"portalEnabled": before}, after={"portalEnabled": True})
    return contact


async def revoke_portal_access(actor: Actor, contact_id: uuid.UUID) -> Contact:
    """End the contact's portal access: sessions end at once and the password is dropped,
    so a later grant starts again from a magic link."""
    contact = await get_contact(actor, contact_id, "portal")
    before = contact.portal_enabled
    contact.portal_enabled = False
    contact.portal_password_hash = None
    await tokens.revoke_subject(actor, actor.tenant_id, contact.id)
    await audit.record(actor, "customers.revoke_portal_access", "contact", contact.id,
                       before={"portalEnabled": before}, after={"portalEnabled": False})
    return contact


# --- portal access (used by the portal domain, which authenticates the caller) -------------

def _portal_contacts(tenant_id: uuid.UUID) -> Select[Contact]:
    """Contacts who may use the portal now: access granted and their customer active."""
    return select(Contact).join(Customer, (Customer.tenant_id == Contact.tenant_id)
                                & (Customer.id == Contact.customer_id)).where(
        Contact.tenant_id == tenant_id, Contact.portal_enabled.is_(True),
        Customer.status == "active")


async def portal_contact_by_email(actor: Actor, tenant_id: uuid.UUID,
                                  email: str) -> Contact | None:
    return await actor.session.scalar(_portal_contacts(tenant_id).where(
        Contact.email == identity.normalize_email(email)))


async def portal_contact_by_id(actor: Actor, tenant_id: uuid.UUID, contact_id: uuid.UUID,
                               customer_id: uuid.UUID | None = None) -> Contact | None:
    statement = _portal_contacts(tenant_id).where(Contact.id == contact_id)
    if customer_id is not None:
        statement = statement.where(Contact.customer_id == customer_id)
    return await actor.session.scalar(statement)


async def portal_customer(actor: Actor, tenant_id: uuid.UUID, customer_id: uuid.UUID
                          ) -> Customer | None:
    return await actor.session.get(Customer, (tenant_id, customer_id))


def portal_password_hash(contact: Contact) -> str | None:
    return contact.portal_password_hash


def set_portal_password_hash(contact: Contact, password_hash: str) -> None:
    contact.portal_password_hash = password_hash


def record_portal_sign_in(contact: Contact, at: datetime) -> None:
    contact.last_portal_login_at = at
