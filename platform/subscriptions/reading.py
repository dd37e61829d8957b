"""Reading subscriptions: the staff list with its filters, lookups by id and number, and
the DataLoader batches of their lines, periods, changes and payment attempts; a customer's
and a portal contact's own subscriptions; the period an order bills."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select, select

from core import access
from core.context import Actor
from core.pagination import Page, keyset_page
from core.tenancy import PrincipalKind
from subscriptions.models import (
    Subscription,
    SubscriptionChange,
    SubscriptionLine,
    SubscriptionPaymentAttempt,
    SubscriptionPeriod,
)
from subscriptions.rules import SubscriptionStatus

Row = TypeVar("Row")


@dataclass(frozen=True)
class SubscriptionFilter:
    """The staff list's filters; every one given must match."""

    statuses: tuple[SubscriptionStatus, ...] = ()
    customer_id: uuid.UUID | None = None
    plan_id: uuid.UUID | None = None
    # Only those whose current period ends before this day.
    renewing_before: date | None = None


def read_action(actor: Actor) -> str:
    return access.PORTAL if actor.require_principal().kind is PrincipalKind.PORTAL else "read"


def _filtered(statement: Select[Subscription], flt: SubscriptionFilter) -> Select[Subscription]:
    if flt.statuses:
        statement = statement.where(Subscription.status.in_([s.value for s in flt.statuses]))
    if flt.customer_id is not None:
        statement = statement.where(Subscription.customer_id == flt.customer_id)
    if flt.plan_id is not None:
        statement = statement.where(
            Subscription.id.in_(
                select(SubscriptionLine.subscription_id).where(
                    SubscriptionLine.tenant_id == Subscription.tenant_id,
                    SubscriptionLine.plan_id == flt.plan_id,
                )
            )
        )
    if flt.renewing_before is not None:
        statement = statement.where(Subscription.current_period_end < flt.renewing_before)
    return statement


async def list_subscriptions(
    actor: Actor, flt: SubscriptionFilter, first: int | None, after: str | None
) -> Page[Subscription]:
    """Subscriptions of customers in the caller's reach (staff: subscriptions:read and the
    data scope; a portal contact: their own customer's), newest first."""
    statement = _filtered(await access.restrict(actor, Subscription, read_action(actor)), flt)
    return await keyset_page(
        actor.session,
        statement,
        [Subscription.created_at, Subscription.id],
        first=first,
        after=after,
    )


async def subscriptions_by_id(actor: Actor, ids: Sequence[uuid.UUID]) -> list[Subscription | None]:
    return await access.rows_by_id(actor, Subscription, ids, read_action(actor))


async def subscription_by_number(actor: Actor, number: str) -> Subscription | None:
    statement = await access.restrict(actor, Subscription, read_action(actor))
    return await actor.session.scalar(
        statement.where(Subscription.number == number.strip().upper())
    )


async def _grouped(
    actor: Actor,
    model: type[Row],
    key: Any,
    ids: Sequence[uuid.UUID],
    order: Sequence[Any],
) -> list[list[Row]]:
    statement = (await access.restrict(actor, model, read_action(actor))).where(key.in_(ids))
    rows = (await actor.session.scalars(statement.order_by(*order))).all()
    grouped: dict[uuid.UUID, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key.key)].append(row)
    return [grouped.get(i, []) for i in ids]


async def lines_of_subscriptions(
    actor: Actor, ids: Sequence[uuid.UUID]
) -> list[list[SubscriptionLine]]:
    return await _grouped(
        actor, SubscriptionLine, SubscriptionLine.subscription_id, ids, [SubscriptionLine.line_no]
    )


async def periods_of_subscriptions(
    actor: Actor, ids: Sequence[uuid.UUID]
) -> list[list[SubscriptionPeriod]]:
    return await _grouped(
        actor,
        SubscriptionPeriod,
        SubscriptionPeriod.subscription_id,
        ids,
        [SubscriptionPeriod.period_start.desc()],
    )


async def changes_of_subscriptions(
    actor: Actor, ids: Sequence[uuid.UUID]
) -> list[list[SubscriptionChange]]:
    return await _grouped(
        actor,
        SubscriptionChange,
        SubscriptionChange.subscription_id,
        ids,
        [SubscriptionChange.created_at.desc(), SubscriptionChange.id],
    )


async def attempts_of_subscriptions(
    actor: Actor, ids: Sequence[uuid.UUID]
) -> list[list[SubscriptionPaymentAttempt]]:
    return await _grouped(
        actor,
        SubscriptionPaymentAttempt,
        SubscriptionPaymentAttempt.subscription_id,
        ids,
        [
            SubscriptionPaymentAttempt.created_at.desc(),
            SubscriptionPaymentAttempt.attempt_no.desc(),
        ],
    )


async def subscriptions_of_customers(
    actor: Actor, ids: Sequence[uuid.UUID]
) -> list[list[Subscription]]:
    return await _grouped(
        actor, Subscription, Subscription.customer_id, ids, [Subscription.created_at.desc()]
    )


async def periods_of_orders(
    actor: Actor, ids: Sequence[uuid.UUID]
) -> list[SubscriptionPeriod | None]:
    """The period each order bills (None for other orders)."""
    statement = (await access.restrict(actor, SubscriptionPeriod, read_action(actor))).where(
        SubscriptionPeriod.order_id.in_(ids)
    )
    found = {row.order_id: row for row in (await actor.session.scalars(statement)).all()}
    return [found.get(i) for i in ids]
