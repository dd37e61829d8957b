"""Which customers a caller reaches: the one place data scope is decided for customers,
their contacts and addresses (the rules are declared beside the models). Staff and API
clients go through RBAC and their role's data scope; a portal contact reaches their own
customer with `access.PORTAL` only, and only through the services that ask for it (never
the staff GraphQL types)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Select

from core import access
from core.context import Actor
from core.tenancy import PrincipalKind
from customers.models import Contact, Customer

Row = TypeVar("Row")


async def visible_customers(actor: Actor, action: str = "read") -> Select[Customer]:
    """Customers the caller may `action` within their data scope; every list, lookup and
    change starts here, so none forgets the scope."""
    return await access.restrict(actor, Customer, action)


async def visible_customer_ids(actor: Actor, action: str = "read") -> Select[uuid.UUID]:
    """The ids of `visible_customers`, as a subquery other lists filter by (e.g. orders of
    customers the caller may see: `Order.customer_id.in_(ids)`)."""
    return await access.visible_ids(actor, Customer, action)


async def get_customer(actor: Actor, customer_id: uuid.UUID, action: str = "read") -> Customer:
    """A customer the caller may `action` (staff: within their scope; `access.PORTAL`: a
    portal contact's own), or NOT_FOUND (also when it exists out of reach). Any action but
    reading locks the row, so changes to one customer run one at a time."""
    reading = action in ("read", access.PORTAL)
    return await access.get_scoped(actor, Customer, customer_id, action, lock=not reading)


async def get_contact(actor: Actor, contact_id: uuid.UUID, action: str = "read") -> Contact:
    """A contact of a customer in the caller's scope, or NOT_FOUND."""
    return await access.get_scoped(actor, Contact, contact_id, action, lock=action != "read")


def ordering_action(actor: Actor) -> str:
    """The action a caller reaches the customer of an order with: staff read customers in
    their data scope, a portal contact reaches their own with `access.PORTAL`, the system
    (the worker entering a renewal order) reads any of the tenant's."""
    if actor.principal is None and actor.system_tenant_id is not None:
        return "read"
    portal = actor.require_principal().kind is PrincipalKind.PORTAL
    return access.PORTAL if portal else "read"


async def reachable_customers(actor: Actor, action: str | None = None) -> Select[Customer]:
    """The customers the caller may place orders for (`action`, by default the caller's
    `ordering_action`), as a statement to narrow further."""
    return await visible_customers(actor, action or ordering_action(actor))


async def reachable_customer(
    actor: Actor, customer_id: uuid.UUID, action: str | None = None
) -> Customer:
    """A customer the caller may place an order for (see `reachable_customers`), or
    NOT_FOUND."""
    return await get_customer(actor, customer_id, action or ordering_action(actor))


def never_reaches(actor: Actor, model: type[Any], action: str) -> bool:
    """Whether the caller's kind never reaches `model` with `action`, whatever their
    permissions: staff the portal's action, a portal contact an action the model's rule
    does not open to them. Node lookups then find nothing, as for another tenant's id."""
    if actor.require_principal().kind is not PrincipalKind.PORTAL:
        return action == access.PORTAL
    rule = access.rule_of(model)
    return rule.portal is access.PortalReach.NONE or action not in rule.portal_actions


async def nodes_by_id(
    actor: Actor, model: type[Row], ids: Sequence[uuid.UUID], action: str = "read"
) -> list[Row | None]:
    """A DataLoader batch of `model`'s rows the caller may `action`, None elsewhere; a
    caller who never reaches the model with it finds nothing (no FORBIDDEN)."""
    if never_reaches(actor, model, action):
        return [None] * len(ids)
    return await access.rows_by_id(actor, model, ids, action)
