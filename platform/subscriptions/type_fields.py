"""Subscriptions' fields of the GraphQL `Order` and `Customer` types, added by the
composition root (orbit.schema), so neither orders' nor customers' schema knows this
domain."""

from __future__ import annotations

import uuid
from typing import Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

import subscriptions.services as subscriptions
from core.context import Actor
from core.gql.context import context_of
from subscriptions.models import Subscription, SubscriptionPeriod
from subscriptions.types_schema import PeriodType, SubscriptionType


class _Row(Protocol):
    id: uuid.UUID


class _Node(Protocol):
    row: _Row


class _CustomerNode(Protocol):
    id: object


async def _periods_of_orders(actor: Actor, ids: list[uuid.UUID]) -> list[SubscriptionPeriod | None]:
    if not await actor.can("subscriptions", "read"):
        return [None] * len(ids)
    return await subscriptions.periods_of_orders(actor, ids)


async def _subscriptions_of_customers(
    actor: Actor, ids: list[uuid.UUID]
) -> list[list[Subscription]]:
    if not await actor.can("subscriptions", "read"):
        return [[] for _ in ids]
    return await subscriptions.subscriptions_of_customers(actor, ids)


async def _order_period(root: _Node, info: Info) -> PeriodType | None:
    found = await context_of(info).loader(_periods_of_orders).load(root.row.id)
    return PeriodType.of(found) if found else None


async def _customer_subscriptions(root: _CustomerNode, info: Info) -> list[SubscriptionType]:
    customer_id = uuid.UUID(str(root.id))
    rows = await context_of(info).loader(_subscriptions_of_customers).load(customer_id)
    return [SubscriptionType.of(row) for row in rows]


ORDER_FIELDS: dict[str, StrawberryField] = {
    "subscription_period": strawberry.field(
        resolver=_order_period,
        description="For a subscription order (channel SUBSCRIPTION): the period it bills "
        "(null otherwise or without subscriptions:read).",
    )
}
CUSTOMER_FIELDS: dict[str, StrawberryField] = {
    "subscriptions": strawberry.field(
        resolver=_customer_subscriptions,
        description="The customer's subscriptions, newest first (empty without "
        "subscriptions:read).",
    )
}
