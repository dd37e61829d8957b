"""Bulk actions on customers selected in the list: assign an owner, add a tag. Each customer
goes through the same use case as when changed alone (`update_customer`, `set_customer_tags`:
data scope, checks, audit), each in its own savepoint, with one result per customer."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from core.bulk import RowResult, check_selection, each_row
from core.context import Actor
from customers.accounts import CustomerChanges, set_customer_tags, update_customer
from customers.reading import tags_of_customers
from customers.rules import check_tags, normalize_tag, raise_if


async def assign_customer_owner(
    actor: Actor, customer_ids: Sequence[uuid.UUID], owner_id: uuid.UUID
) -> list[RowResult]:
    """Make `owner_id` the owner of each customer (customers:write); the customer moves
    into the owner's department, as with updateCustomer."""
    await actor.require("customers", "write")
    ids = check_selection(customer_ids)

    async def assign(customer_id: uuid.UUID) -> None:
        await update_customer(actor, customer_id, CustomerChanges(owner_id=owner_id))

    return await each_row(actor, ids, assign)


async def add_customer_tag(
    actor: Actor, customer_ids: Sequence[uuid.UUID], tag: str
) -> list[RowResult]:
    """Add `tag` to each customer that lacks it (customers:write)."""
    await actor.require("customers", "write")
    ids = check_selection(customer_ids)
    raise_if(check_tags([tag]))

    async def add(customer_id: uuid.UUID) -> None:
        [tags] = await tags_of_customers(actor, [customer_id], "write")
        if normalize_tag(tag) not in tags:
            await set_customer_tags(actor, customer_id, [*tags, tag])

    return await each_row(actor, ids, add)
