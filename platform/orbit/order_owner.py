"""The `owner` field of the GraphQL `Order` type: the staff user responsible for the order
(the customer's owner when it was entered, or whoever a bulk action assigned). It is typed
by identity's schema, so the composition root adds it, as downstream domains add theirs."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Protocol

import strawberry
from strawberry.types import Info

import identity.services as identity
from core.context import Actor
from core.gql.context import context_of
from identity.user_types_schema import UserType

if TYPE_CHECKING:
    from identity.models import User
    from orders.models import Order


class _OrderNode(Protocol):
    row: Order


async def _load_users(actor: Actor, ids: list[uuid.UUID]) -> list[User | None]:
    return await identity.users_by_id(actor, ids)


async def _owner(root: _OrderNode, info: Info) -> UserType | None:
    if root.row.owner_id is None:
        return None
    user = await context_of(info).loader(_load_users).load(root.row.owner_id)
    return UserType.of(user) if user else None


def _owner_field() -> Any:
    return strawberry.field(
        resolver=_owner, description="The staff user responsible for the order, if any."
    )


ORDER_FIELDS = {"owner": _owner_field()}
