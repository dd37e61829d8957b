"""Payments' field of the GraphQL `Customer` type, added by the composition root
(orbit.schema) so that customers' schema need not know this domain."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from core.gql.context import context_of
from core.gql.money import MoneyType
from payments.services import open_balance


async def _open_balance(root: Any, info: Info) -> MoneyType | None:
    actor = await context_of(info).reader()
    owed = await open_balance(actor, uuid.UUID(root.id))
    return None if owed is None else MoneyType.from_amount(owed, root.credit_limit.currency)


# Customer.openBalance comes right after its department.
CUSTOMER_FIELDS: dict[str, StrawberryField] = {
    "open_balance": strawberry.field(
        resolver=_open_balance,
        description="What the customer owes on confirmed orders: their totals "
        "less what was paid. Null without payments:read.",
    )
}
