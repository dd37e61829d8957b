"""One access layer: the rows of a model an actor may reach for an action.

Each domain declares once, next to its models, how its rows reach a customer, an owner and a
department (`declare`). Services then ask for rows through `restrict` (a statement to narrow
further), `visible_ids` (a subquery), `get_scoped` (one row, or NOT_FOUND for missing and
out-of-scope alike) and `rows_by_id` (DataLoader batches). The tenant condition, the RBAC
permission and the data scope are applied together, so no list or lookup can forget one.

Staff and API clients need the declared RBAC permission (FORBIDDEN without it) and see the
rows within their role's data scope: all, their department's or their own (through the row's
own owner/department columns, or through its customer's). A portal contact has no roles: a
model that opens to the portal lets them reach their own customer's rows (or, for shared
reference data, every row of the tenant) with the `PORTAL` action (or the actions the
declaration lists); any other action is FORBIDDEN to them, as `PORTAL` is to staff.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Select, and_, false, select, true
from sqlalchemy.orm import InstrumentedAttribute

from core.context import Actor, DataScope
from core.errors import Forbidden, NotFound
from core.tenancy import Principal, PrincipalKind

Row = TypeVar("Row")

# The action a portal contact reaches rows with: their own customer's view, never the staff
# types. Staff and API clients asking for it are refused, like portal contacts asking for any
# action their model does not open to them.
PORTAL = "portal:own"


class PortalReach(str, Enum):
    """How far a portal contact reaches a model's rows."""

    NONE = "none"
    OWN_CUSTOMER = "own_customer"
    TENANT = "tenant"


@dataclass(frozen=True)
class AccessRule:
    """How one model's rows reach an actor. `customer` is the column naming the customer a
    row belongs to; `owner` and `department` are the row's own scope columns (the customer
    model's); without them the data scope reaches the row through its customer."""

    resource: str
    tenant: InstrumentedAttribute[uuid.UUID]
    id: InstrumentedAttribute[uuid.UUID]
    customer: InstrumentedAttribute[Any] | None = None
    owner: InstrumentedAttribute[Any] | None = None
    department: InstrumentedAttribute[Any] | None = None
    portal: PortalReach = PortalReach.NONE
    portal_actions: frozenset[str] = field(default_factory=lambda: frozenset({PORTAL}))


_rules: dict[type[Any], AccessRule] = {}
_customer_model: list[type[Any]] = []


def declare(
    model: type[Any],
    *,
    resource: str,
    customer: InstrumentedAttribute[Any] | None = None,
    owner: InstrumentedAttribute[Any] | None = None,
    department: InstrumentedAttribute[Any] | None = None,
    portal: PortalReach = PortalReach.NONE,
    portal_actions: Sequence[str] = (PORTAL,),
    is_customer: bool = False,
) -> None:
    """Declare how `model`'s rows reach an actor (once, beside the model). The customer
    model itself is declared with `is_customer=True`: other models' `customer` columns reach
    the data scope through it."""
    _rules[model] = AccessRule(
        resource=resource,
        tenant=model.tenant_id,
        id=model.id,
        customer=customer,
        owner=owner,
        department=department,
        portal=portal,
        portal_actions=frozenset(portal_actions),
    )
    if is_customer:
        _customer_model[:] = [model]


def rule_of(model: type[Any]) -> AccessRule:
    try:
        return _rules[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no access rule; declare() it") from None


async def restrict(actor: Actor, model: type[Row], action: str = "read") -> Select[Row]:
    """The rows of `model` the actor may `action`: the tenant, the permission and the data
    scope (or the portal contact's reach), as a statement to narrow further."""
    rule = rule_of(model)
    return select(model).where(await _condition(actor, rule, action))


async def visible_ids(actor: Actor, model: type[Any], action: str = "read") -> Select[Any]:
    """The ids of `restrict`, as a subquery other lists filter by."""
    rule = rule_of(model)
    return select(rule.id).where(await _condition(actor, rule, action))


async def get_scoped(
    actor: Actor,
    model: type[Row],
    row_id: uuid.UUID,
    action: str = "read",
    *,
    lock: bool = False,
) -> Row:
    """One row the actor may `action`, or NOT_FOUND whether it is missing, another tenant's
    or out of the actor's scope. `lock` takes the row's lock (FOR UPDATE of that table)."""
    rule = rule_of(model)
    statement = (await restrict(actor, model, action)).where(rule.id == row_id)
    if lock:
        statement = statement.with_for_update(of=model)
    row = await actor.session.scalar(statement)
    if row is None:
        raise NotFound()
    return row


async def rows_by_id(
    actor: Actor, model: type[Row], ids: Sequence[uuid.UUID], action: str = "read"
) -> list[Row | None]:
    """A DataLoader batch: each id's row when the actor may `action` it, else None."""
    rule = rule_of(model)
    statement = (await restrict(actor, model, action)).where(rule.id.in_(ids))
    rows = (await actor.session.scalars(statement)).all()
    found = {row.id: row for row in rows}  # type: ignore[attr-defined]
    return [found.get(i) for i in ids]


async def _condition(actor: Actor, rule: AccessRule, action: str) -> ColumnElement[bool]:
    if actor.principal is None and actor.system_tenant_id is not None:
        # The system's own work for a tenant (a renewal order the worker enters) answers to
        # no one's permissions or data scope: it reaches the whole tenant, never another.
        return rule.tenant == actor.system_tenant_id
    principal = actor.require_principal()
    tenant = rule.tenant == principal.tenant_id
    if principal.kind is PrincipalKind.PORTAL:
        return and_(tenant, _portal_condition(principal, rule, action))
    if action == PORTAL or not await actor.services.authorizer.allows(
        principal, rule.resource, action
    ):
        raise Forbidden(f"Missing permission {rule.resource}:{action}.")
    return and_(tenant, await _scope_condition(actor, principal, rule))


def _portal_condition(principal: Principal, rule: AccessRule, action: str) -> ColumnElement[bool]:
    if action not in rule.portal_actions or rule.portal is PortalReach.NONE:
        raise Forbidden()
    if rule.portal is PortalReach.TENANT:
        return true()
    if rule.customer is None:
        raise LookupError(f"{rule.resource}: portal reach by customer needs a customer column")
    return _is(rule.customer == principal.customer_id)


async def _scope_condition(
    actor: Actor, principal: Principal, rule: AccessRule
) -> ColumnElement[bool]:
    """The caller's widest data scope as a condition on the rule's rows. API clients belong to
    no department and own only what they created (users own customers), so without an
    all-records role they see little."""
    if rule.owner is None and rule.department is None and rule.customer is None:
        return true()
    scope = await actor.services.authorizer.data_scope(principal)
    if scope is DataScope.ALL:
        return true()
    if rule.owner is None and rule.department is None:
        assert rule.customer is not None
        return _is(rule.customer.in_(await _customer_ids_in_scope(actor, principal)))
    if scope is DataScope.OWN or rule.department is None:
        # A department scope on rows that belong to no department reaches the caller's own.
        return _is(rule.owner == principal.subject_id) if rule.owner is not None else false()
    department = await actor.services.department_of(actor)
    if department is None:
        return false()
    return _is(rule.department == department)


async def _customer_ids_in_scope(actor: Actor, principal: Principal) -> Select[Any]:
    if not _customer_model:
        raise LookupError("no customer model is declared (declare(..., is_customer=True))")
    customer_rule = rule_of(_customer_model[0])
    condition = await _scope_condition(actor, principal, customer_rule)
    return select(customer_rule.id).where(customer_rule.tenant == principal.tenant_id, condition)


def _is(condition: Any) -> ColumnElement[bool]:
    """Comparisons on mapped attributes are typed loosely by SQLAlchemy's stubs."""
    return cast(ColumnElement[bool], condition)
