"""Which customers a caller reaches: the one place data scope is decided for customers,
their contacts and addresses. Staff and API clients go through RBAC and their role's data
scope; a portal contact reaches their own customer only, and only through the services
that say so (never the staff GraphQL types)."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Select, false, select, true

import identity.services as identity
from core.context import Actor, DataScope
from core.errors import NotFound
from core.tenancy import Principal, PrincipalKind
from customers.models import Contact, Customer


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
    return select(Customer).where(
        Customer.tenant_id == principal.tenant_id, await _scope_condition(actor, principal)
    )


async def visible_customer_ids(actor: Actor, action: str = "read") -> Select[uuid.UUID]:
    """The ids of `visible_customers`, as a subquery other lists filter by (e.g. orders of
    customers the caller may see: `Order.customer_id.in_(ids)`)."""
    return (await visible_customers(actor, action)).with_only_columns(Customer.id)


async def get_customer(actor: Actor, customer_id: uuid.UUID, action: str = "read") -> Customer:
    """A customer in the caller's scope, or NOT_FOUND (also when it exists out of scope).
    Any action but read locks the row, so changes to one customer run one at a time."""
    statement = (await visible_customers(actor, action)).where(Customer.id == customer_id)
    if action != "read":
        statement = statement.with_for_update(of=Customer)
    customer = await actor.session.scalar(statement)
    if customer is None:
        raise NotFound()
    return customer


async def get_contact(actor: Actor, contact_id: uuid.UUID, action: str = "read") -> Contact:
    """A contact of a customer in the caller's scope, or NOT_FOUND."""
    statement = select(Contact).where(
        Contact.tenant_id == actor.tenant_id,
        Contact.id == contact_id,
        Contact.customer_id.in_(await visible_customer_ids(actor, action)),
    )
    if action != "read":
        statement = statement.with_for_update(of=Contact)
    contact = await actor.session.scalar(statement)
    if contact is None:
        raise NotFound()
    return contact


def hidden_from_portal(actor: Actor) -> bool:
    """Portal contacts never reach the staff view of customers: for them it does not exist."""
    return actor.require_principal().kind is PrincipalKind.PORTAL


async def reachable_customers(actor: Actor) -> Select[Customer]:
    """The customers `reachable_customer` lets the caller place orders for, as a statement
    to narrow further: a staff caller's data scope, or a portal contact's own customer."""
    principal = actor.require_principal()
    if principal.kind is not PrincipalKind.PORTAL:
        return await visible_customers(actor)
    return select(Customer).where(
        Customer.tenant_id == principal.tenant_id, Customer.id == principal.customer_id
    )


async def reachable_customer(actor: Actor, customer_id: uuid.UUID) -> Customer:
    """A customer the caller may read for placing an order: within a staff caller's scope,
    or a portal contact's own customer; NOT_FOUND otherwise."""
    principal = actor.require_principal()
    if principal.kind is not PrincipalKind.PORTAL:
        return await get_customer(actor, customer_id)
    if principal.customer_id != customer_id:
        raise NotFound()
    customer = await actor.session.get(Customer, (principal.tenant_id, customer_id))
    if customer is None:
        raise NotFound()
    return customer
