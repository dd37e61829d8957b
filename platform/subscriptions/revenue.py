"""The recurring-revenue ledger: every change to a subscription's monthly recurring revenue
(MRR) is recorded as a movement of its customer, classified by what it did to the customer's
MRR: new (from nothing, the first time), expansion, contraction, churn (to nothing) and
reactivation (from nothing, after a churn). MRR, ARR, churn and retention are read from the
ledger's monthly totals, never summed over subscriptions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.context import Actor


@dataclass(frozen=True)
class MrrChange:
    """One subscription's MRR before and after a change (tax excluded, normalised monthly:
    a yearly line ÷ 12, a quarterly one ÷ 3), in the subscription's currency."""

    customer_id: uuid.UUID
    subscription_id: uuid.UUID
    effective_on: date
    currency: str
    mrr_before: Decimal
    mrr_after: Decimal
    # What changed it: start, quantity, plan, cancel, expire, pause, resume, reactivate.
    cause: str


async def record_mrr_change(actor: Actor, change: MrrChange) -> None:
    """Record the change in the ledger, in the caller's transaction."""
    raise NotImplementedError
