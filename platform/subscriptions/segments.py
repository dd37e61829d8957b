"""Customers' lifecycle segments, from rules that can be explained: each customer that has
ever paid recurring revenue gets one segment, and the rule that put it there is stored with
it in words. The first rule that holds wins:

1. churned - no recurring revenue now, after having had some (CHURNED_NO_MRR);
2. at risk - paying, and one of: a subscription past due (PAST_DUE_SUBSCRIPTION), an open
   receivable past its due date (OVERDUE_RECEIVABLE), a subscription that ends within 60
   days (set to cancel at its period end, or not renewing automatically) with no renewal
   quote (ENDING_WITHOUT_RENEWAL_QUOTE), or a bad satisfaction rating in the last 90 days
   (BAD_SATISFACTION);
3. new - paying for less than 90 days (PAYING_LESS_THAN_90_DAYS);
4. growing - MRR grew in the last 90 days: expansion and reactivation above contraction
   and churn (MRR_GREW);
5. mature - paying for 90 days or more without growing (STEADY).

A worker job recomputes every tenant's segments each night; `recompute_segments` is the
same work for one tenant."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert

import catalog.services as catalog
import payments.services as payments
import tenants.services as tenants
import tickets.services as tickets
from core.context import Actor, Services
from subscriptions.models import Subscription
from subscriptions.revenue import ZERO, MovementKind
from subscriptions.revenue_models import CustomerMrr, CustomerSegment, MrrMovement

RECENT_DAYS = 90
ENDING_WITHIN_DAYS = 60
LIVE_STATUSES = ("trialing", "active", "past_due")


class Segment(str, Enum):
    NEW = "new"
    GROWING = "growing"
    MATURE = "mature"
    AT_RISK = "at_risk"
    CHURNED = "churned"


@dataclass(frozen=True)
class Verdict:
    segment: Segment
    rule: str
    reason: str


@dataclass
class CustomerFacts:
    """What the rules look at for one customer."""

    paying: bool = False
    first_active_on: date | None = None
    last_churn_on: date | None = None
    grown_recently: Decimal = ZERO
    past_due: str | None = None
    ending: tuple[str, date] | None = None
    overdue: tuple[str, int] | None = None
    bad_rating: str | None = None
    currencies: set[str] = field(default_factory=set)


def verdict_of(facts: CustomerFacts, today: date) -> Verdict:
    """The segment the rules give (pure: the module docstring is its specification)."""
    if not facts.paying:
        churned = facts.last_churn_on.isoformat() if facts.last_churn_on else "earlier"
        return Verdict(Segment.CHURNED, "CHURNED_NO_MRR", f"No recurring revenue since {churned}.")
    risk = _risk(facts)
    if risk is not None:
        return risk
    since = facts.first_active_on or today
    if (today - since).days < RECENT_DAYS:
        return Verdict(
            Segment.NEW,
            "PAYING_LESS_THAN_90_DAYS",
            f"Paying since {since.isoformat()}, less than {RECENT_DAYS} days.",
        )
    if facts.grown_recently > ZERO:
        return Verdict(
            Segment.GROWING,
            "MRR_GREW",
            f"MRR grew by {facts.grown_recently.normalize():f} in the last {RECENT_DAYS} days.",
        )
    return Verdict(
        Segment.MATURE,
        "STEADY",
        f"Paying since {since.isoformat()}; MRR has not grown in the last {RECENT_DAYS} days.",
    )


def _risk(facts: CustomerFacts) -> Verdict | None:
    if facts.past_due is not None:
        return Verdict(
            Segment.AT_RISK, "PAST_DUE_SUBSCRIPTION", f"Subscription {facts.past_due} is past due."
        )
    if facts.overdue is not None:
        number, days = facts.overdue
        return Verdict(
            Segment.AT_RISK, "OVERDUE_RECEIVABLE", f"Order {number} is {days} days overdue."
        )
    if facts.ending is not None:
        number, end = facts.ending
        return Verdict(
            Segment.AT_RISK,
            "ENDING_WITHOUT_RENEWAL_QUOTE",
            f"Subscription {number} ends on {end.isoformat()} with no renewal quote.",
        )
    if facts.bad_rating is not None:
        return Verdict(
            Segment.AT_RISK, "BAD_SATISFACTION", f"Ticket {facts.bad_rating} was rated bad."
        )
    return None


# --- gathering the facts ---------------------------------------------------------------------


async def gather_facts(actor: Actor, today: date) -> dict[uuid.UUID, CustomerFacts]:
    """Every customer that ever had recurring revenue in the tenant, with its facts."""
    facts: dict[uuid.UUID, CustomerFacts] = defaultdict(CustomerFacts)
    await _revenue_facts(actor, facts, today)
    await _subscription_facts(actor, facts, today)
    known = set(facts)
    for customer_id, overdue in (await payments.overdue_by_customer(actor, today)).items():
        if customer_id in known:
            facts[customer_id].overdue = overdue
    since = datetime.combine(today - timedelta(days=RECENT_DAYS), datetime.min.time(), UTC)
    for customer_id, number in (await tickets.bad_ratings_by_customer(actor, since)).items():
        if customer_id in known:
            facts[customer_id].bad_rating = number
    return dict(facts)


async def _revenue_facts(actor: Actor, facts: dict[uuid.UUID, CustomerFacts], today: date) -> None:
    rows = await actor.session.execute(
        select(
            CustomerMrr.customer_id,
            CustomerMrr.currency,
            CustomerMrr.mrr,
            CustomerMrr.first_active_on,
        ).where(CustomerMrr.tenant_id == actor.tenant_id, CustomerMrr.ever_active.is_(True))
    )
    for customer_id, currency, mrr, first_active_on in rows:
        customer = facts[customer_id]
        customer.paying = customer.paying or mrr > ZERO
        customer.currencies.add(currency)
        if first_active_on and (
            customer.first_active_on is None or first_active_on < customer.first_active_on
        ):
            customer.first_active_on = first_active_on
    recent = today - timedelta(days=RECENT_DAYS)
    growth = await actor.session.execute(
        select(MrrMovement.customer_id, MrrMovement.kind, func.sum(MrrMovement.amount))
        .where(MrrMovement.tenant_id == actor.tenant_id, MrrMovement.effective_on > recent)
        .group_by(MrrMovement.customer_id, MrrMovement.kind)
    )
    for customer_id, kind, amount in growth:
        if kind in (MovementKind.EXPANSION.value, MovementKind.REACTIVATION.value):
            facts[customer_id].grown_recently += amount
        else:
            # A churn in the window means the customer came back since (it pays now) and
            # its reactivation only restored what it had.
            facts[customer_id].grown_recently -= amount if kind != MovementKind.NEW.value else 0
    churns = await actor.session.execute(
        select(MrrMovement.customer_id, func.max(MrrMovement.effective_on))
        .where(
            MrrMovement.tenant_id == actor.tenant_id,
            MrrMovement.kind == MovementKind.CHURN.value,
        )
        .group_by(MrrMovement.customer_id)
    )
    for customer_id, last_churn_on in churns:
        facts[customer_id].last_churn_on = last_churn_on


async def _subscription_facts(
    actor: Actor, facts: dict[uuid.UUID, CustomerFacts], today: date
) -> None:
    rows = await actor.session.execute(
        select(
            Subscription.customer_id,
            Subscription.number,
            Subscription.status,
            Subscription.current_period_end,
            Subscription.cancel_at_period_end,
            Subscription.auto_renew,
            Subscription.renewal_quote_id,
        )
        .where(Subscription.tenant_id == actor.tenant_id, Subscription.status.in_(LIVE_STATUSES))
        .order_by(Subscription.current_period_end)
    )
    horizon = today + timedelta(days=ENDING_WITHIN_DAYS)
    for customer_id, number, status, end, cancelling, auto_renew, renewal_quote in rows:
        if customer_id not in facts:
            continue
        customer = facts[customer_id]
        if status == "past_due" and customer.past_due is None:
            customer.past_due = number
        ending = (cancelling or not auto_renew) and end <= horizon
        if ending and renewal_quote is None and customer.ending is None:
            customer.ending = (number, end)


# --- storing -----------------------------------------------------------------------------------


async def recompute_segments(actor: Actor, today: date | None = None) -> int:
    """Recompute the tenant's segments (run by the system); returns how many customers."""
    today = today or await catalog.today(actor)
    facts = await gather_facts(actor, today)
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    for customer_id, customer in facts.items():
        verdict = verdict_of(customer, today)
        rows.append(
            {
                "tenant_id": actor.tenant_id,
                "customer_id": customer_id,
                "segment": verdict.segment.value,
                "rule": verdict.rule,
                "reason": verdict.reason,
                "computed_at": now,
            }
        )
    await actor.session.execute(
        delete(CustomerSegment).where(
            CustomerSegment.tenant_id == actor.tenant_id,
            CustomerSegment.customer_id.not_in(list(facts)),
        )
    )
    for chunk in _chunks(rows, 1000):
        statement = insert(CustomerSegment).values(chunk)
        await actor.session.execute(
            statement.on_conflict_do_update(
                index_elements=["tenant_id", "customer_id"],
                set_={
                    name: statement.excluded[name]
                    for name in ("segment", "rule", "reason", "computed_at")
                },
            )
        )
    return len(rows)


def _chunks(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


async def recompute_all_segments(services: Services, today: date | None = None) -> int:
    """Every active tenant's segments, one transaction per tenant; a tenant that fails is
    logged and left for the next night."""
    counts = await tenants.for_each_active_tenant(
        services,
        lambda actor: recompute_segments(actor, today),
        "subscriptions.segments_failed",
    )
    return sum(counts)


async def segments_of_customers(
    actor: Actor, customer_ids: list[uuid.UUID]
) -> dict[uuid.UUID, CustomerSegment]:
    """The stored segments of customers the caller has already read (customers:read)."""
    rows = await actor.session.scalars(
        select(CustomerSegment).where(
            CustomerSegment.tenant_id == actor.tenant_id,
            CustomerSegment.customer_id.in_(customer_ids),
        )
    )
    return {row.customer_id: row for row in rows}
