"""The events subscriptions emit: one per change of a subscription's life."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.event_types import Event, event


@dataclass(frozen=True)
class SubscriptionEvent(Event):
    """What every subscription event carries: the subscription, its number and customer."""

    subscription_id: uuid.UUID
    number: str
    customer_id: uuid.UUID


@event("subscription.started")
@dataclass(frozen=True)
class SubscriptionStarted(SubscriptionEvent):
    """A subscription was started (by staff, or by accepting a quote)."""

    status: str
    start_date: date
    mrr: Decimal
    currency: str


@event("subscription.changed")
@dataclass(frozen=True)
class SubscriptionChanged(SubscriptionEvent):
    """A subscription changed: `kind` says how (quantity, plan, cancel, cancel_at_period_end,
    reactivate, pause, resume, auto_renew, trial_end, expire, past_due, paid, ...), with the
    status and MRR after it and the day it takes effect."""

    kind: str
    status: str
    effective_on: date
    mrr: Decimal


@event("subscription.renewal_ordered")
@dataclass(frozen=True)
class SubscriptionRenewalOrdered(SubscriptionEvent):
    """The order of a subscription's next period was created."""

    period_id: uuid.UUID
    period_start: date
    period_end: date
    order_id: uuid.UUID


@event("subscription.payment_failed")
@dataclass(frozen=True)
class SubscriptionPaymentFailed(SubscriptionEvent):
    """An off-session charge of a renewal order failed; `final` when no retry is left."""

    period_id: uuid.UUID
    attempt_no: int
    final: bool


@event("subscription.renewal_reminder")
@dataclass(frozen=True)
class SubscriptionRenewalReminder(SubscriptionEvent):
    """A renewal reminder is due: `offset_days` before the term ending on `term_end`; the
    customer is emailed and the customer's owner gets a notice. `renews` tells whether it
    renews then or ends."""

    term_end: date
    offset_days: int
    renews: bool
