"""Bulk actions on orders selected in the list: assign an owner, add a tag, take a lifecycle
action. Each order is checked by the same rules as when it is changed alone (its data scope,
its status and the action's permission and preconditions), each in its own savepoint, and the
caller gets one result per order."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

import audit.services as audit
import identity.services as identity
from core.bulk import RowResult, check_selection, each_row
from core.context import Actor
from core.errors import BusinessRuleError
from orders import rules
from orders.errors import OrderErrorCode
from orders.lifecycle import TransitionInput, lock_order, transition_order
from orders.rules import Action
from orders.validation import raise_if

if TYPE_CHECKING:
    from identity.models import User


async def _owner(actor: Actor, owner_id: uuid.UUID) -> User:
    [owner] = await identity.users_by_id(actor, [owner_id])
    if owner is None:
        raise BusinessRuleError.single(
            OrderErrorCode.UNKNOWN_OWNER, "No such staff user.", "ownerId"
        )
    if owner.status == "deactivated":
        raise BusinessRuleError.single(
            OrderErrorCode.INACTIVE_OWNER, "This user is deactivated.", "ownerId"
        )
    return owner


async def assign_order_owner(
    actor: Actor, order_ids: Sequence[uuid.UUID], owner_id: uuid.UUID
) -> list[RowResult]:
    """Make `owner_id` the owner of each order (orders:write)."""
    await actor.require("orders", "write")
    ids = check_selection(order_ids)
    owner = await _owner(actor, owner_id)

    async def assign(order_id: uuid.UUID) -> None:
        order = await lock_order(actor, order_id)
        before = str(order.owner_id) if order.owner_id else None
        order.owner_id = owner.id
        order.version += 1
        await actor.session.flush()
        await audit.record(
            actor,
            "orders.assign_owner",
            "order",
            order.id,
            before={"ownerId": before},
            after={"ownerId": str(owner.id)},
        )

    return await each_row(actor, ids, assign)


async def add_order_tag(actor: Actor, order_ids: Sequence[uuid.UUID], tag: str) -> list[RowResult]:
    """Add `tag` to each order that lacks it (orders:write); at most MAX_TAGS per order."""
    await actor.require("orders", "write")
    ids = check_selection(order_ids)
    raise_if(rules.check_tags([tag]))
    [normalized] = rules.normalize_tags([tag])

    async def add(order_id: uuid.UUID) -> None:
        order = await lock_order(actor, order_id)
        if normalized in order.tags:
            return
        tags = [*order.tags, normalized]
        raise_if(rules.check_tags(tags))
        before = list(order.tags)
        order.tags = tags
        order.version += 1
        await actor.session.flush()
        await audit.record(
            actor,
            "orders.add_tag",
            "order",
            order.id,
            before={"tags": before},
            after={"tags": tags},
        )

    return await each_row(actor, ids, add)


async def transition_orders(
    actor: Actor, order_ids: Sequence[uuid.UUID], action: Action, note: str | None = None
) -> list[RowResult]:
    """Take `action` on each order, exactly as `transition_order` would on each alone."""
    await actor.require("orders", rules.PERMISSION_OF[action])
    ids = check_selection(order_ids)

    async def transition(order_id: uuid.UUID) -> None:
        await transition_order(actor, TransitionInput(order_id=order_id, action=action, note=note))

    return await each_row(actor, ids, transition)
