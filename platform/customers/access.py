"""Which customers a caller reaches: the one place data scope is decided for customers,
their contacts and addresses. Staff and API clients go through RBAC and their role's data
scope; a portal contact reaches their own customer only, and only through the services
that say so (never the staff GraphQL types)."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select

from core import access
from core.context import Actor
from core.errors import NotFound
from core.tenancy import PrincipalKind
from customers.models import Contact, Customer


async def visible_customers(actor: Actor, action: str = "read") -> Select[Customer]:
    """Customers the caller may `action` within their data scope; every list, lookup and
    change starts here, so none forgets the scope."""
    return await access.restrict(actor, Customer, action)


async def visible_customer_ids(actor: Actor, action: str = "read") -> Select[uuid.UUID]:
    """The ids of `visible_customers`, as a subquery other lists filter by (e.g. orders of
    customers the caller may see: `Order.customer_id.in_(ids)`)."""
    return await access.visible_ids(actor, Customer, action)


async def get_customer(actor: Actor, customer_id: uuid.UUID, action: str = "read") -> Customer:
    """A customer in the caller's scope, or NOT_FOUND (also when it exists out of scope).
    Any action but read locks the row, so changes to one customer run one at a time."""
    return await access.get_scoped(actor, Customer, customer_id, action, lock=action != "read")


async def get_contact(actor: Actor, contact_id: uuid.UUID, action: str = "read") -> Contact:
    """A contact of a customer in the caller's scope, or NOT_FOUND."""
    return await access.get_scoped(actor, Contact, contact_id, action, lock=action != "read")


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
