"""The tenant's ticket categories: the built-in ones (renamed or switched off by a row of
`ticket_categories`) and the tenant's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

import audit.services as audit
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.tenancy import PrincipalKind
from tickets import rules
from tickets.errors import TicketErrorCode
from tickets.models import TicketCategory


@dataclass(frozen=True)
class Category:
    key: str
    name: str
    active: bool
    built_in: bool


async def _all(actor: Actor) -> dict[str, Category]:
    rows = (
        await actor.session.scalars(
            select(TicketCategory)
            .where(TicketCategory.tenant_id == actor.tenant_id)
            .order_by(TicketCategory.created_at, TicketCategory.key)
        )
    ).all()
    found = {
        key: Category(key, name, True, True) for key, name in rules.BUILT_IN_CATEGORIES.items()
    }
    for row in rows:
        found[row.key] = Category(row.key, row.name, row.active, row.key in found)
    return found


async def categories(actor: Actor, include_inactive: bool = False) -> list[Category]:
    """The categories tickets can be filed under (staff with tickets:read, and portal
    contacts, who choose one when they open a ticket), built-in ones first."""
    if actor.require_principal().kind is not PrincipalKind.PORTAL:
        await actor.require("tickets", "read")
    return [c for c in (await _all(actor)).values() if include_inactive or c.active]


async def categories_by_key(actor: Actor, keys: list[str]) -> list[Category | None]:
    """Categories of tickets the caller already reached, by key (a DataLoader batch)."""
    found = await _all(actor)
    return [found.get(key) for key in keys]


async def category_named(actor: Actor, key: str) -> Category | None:
    return (await _all(actor)).get(key)


async def check_category(actor: Actor, key: str, field: str = "category") -> list[UserError]:
    """A category the tenant has and has not switched off."""
    found = await category_named(actor, key)
    if found is None:
        return [UserError(TicketErrorCode.UNKNOWN_CATEGORY, f"No category {key!r}.", (field,))]
    if not found.active:
        return [
            UserError(
                TicketErrorCode.INACTIVE_CATEGORY,
                f"The category {found.name} is switched off.",
                (field,),
            )
        ]
    return []


async def save_category(actor: Actor, key: str, name: str, active: bool) -> Category:
    """Add a category, or rename or switch one on or off (tickets:configure); tickets keep
    their category when it is switched off, new ones cannot choose it."""
    await actor.require("tickets", "configure")
    key, name = rules.clean(key), rules.clean(name)
    errors = [*rules.check_category_key(key), *rules.check_category_name(name)]
    if errors:
        raise BusinessRuleError(*errors)
    before = await category_named(actor, key)
    row = await actor.session.scalar(
        select(TicketCategory)
        .where(TicketCategory.tenant_id == actor.tenant_id, TicketCategory.key == key)
        .with_for_update()
    )
    if row is None:
        row = TicketCategory(tenant_id=actor.tenant_id, key=key, name=name, active=active)
        row.created_at = datetime.now(UTC)
        actor.session.add(row)
    row.name, row.active = name, active
    await actor.session.flush()
    await audit.record(
        actor,
        "tickets.save_category",
        "ticket_category",
        row.id,
        before={"name": before.name, "active": before.active} if before else None,
        after={"key": key, "name": name, "active": active},
    )
    return Category(key, name, active, key in rules.BUILT_IN_CATEGORIES)
