"""An order's payment schedule, from its payment terms: pure rules, no database.

* prepaid: the whole total, due when the order is confirmed;
* net N days: the whole total, due N days after the order ships;
* instalments: each part of the plan (e.g. 30 % on confirmation, 70 % 30 days after
  delivery), due its days after the order reaches its trigger.

Each schedule line is a receivable; amounts are rounded to cents and the last line takes
the remainder, so the lines always add up to the order's total exactly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from customers.services import PaymentTerms

CENT = Decimal("0.01")
FULL_LABEL = "Payment in full"
NET_LABEL = re.compile(r"^Net (?P<days>\d+)$")
PART_LABEL = re.compile(r"^(?P<percent>\d+(?:\.\d+)?)% ")


class Trigger(str, Enum):
    """What starts a receivable's clock."""

    CONFIRMATION = "confirmation"
    SHIPMENT = "shipment"
    DELIVERY = "delivery"


# The order status that starts each trigger's clock.
TRIGGER_STATUS = {
    Trigger.CONFIRMATION: "confirmed",
    Trigger.SHIPMENT: "shipped",
    Trigger.DELIVERY: "delivered",
}


@dataclass(frozen=True)
class Instalment:
    label: str
    percent: Decimal
    trigger: Trigger
    days_after: int


@dataclass(frozen=True)
class ScheduledAmount:
    sequence: int
    instalment: Instalment
    amount: Decimal


def plan_for(terms: PaymentTerms) -> list[Instalment]:
    if terms.kind == "net" and terms.net_days:
        return [Instalment(f"Net {terms.net_days}", Decimal(100), Trigger.SHIPMENT, terms.net_days)]
    if terms.kind == "instalments" and terms.instalments:
        return [
            Instalment(part.label, part.percent, Trigger(part.trigger), part.days_after)
            for part in terms.instalments
        ]
    return [Instalment(FULL_LABEL, Decimal(100), Trigger.CONFIRMATION, 0)]


def split(total: Decimal, plan: list[Instalment]) -> list[ScheduledAmount]:
    """The plan's amounts for `total`, in cents, adding up to it exactly."""
    amounts: list[ScheduledAmount] = []
    remaining = total
    for index, instalment in enumerate(plan, start=1):
        if index == len(plan):
            amount = remaining
        else:
            amount = (total * instalment.percent / 100).quantize(CENT, ROUND_HALF_UP)
            remaining -= amount
        if amount > 0:
            amounts.append(ScheduledAmount(index, instalment, amount))
    return amounts


def due_date(started_on: date, days_after: int) -> date:
    return started_on + timedelta(days=days_after)


AGING_BUCKETS = ("current", "days_1_to_30", "days_31_to_60", "days_61_to_90", "over_90")


def aging_bucket(due: date | None, as_of: date) -> str:
    """Where an open amount falls: not yet due (or no due date yet) is current."""
    overdue = 0 if due is None else (as_of - due).days
    if overdue <= 0:
        return "current"
    if overdue <= 30:
        return "days_1_to_30"
    if overdue <= 60:
        return "days_31_to_60"
    if overdue <= 90:
        return "days_61_to_90"
    return "over_90"


class TermKind(str, Enum):
    FULL = "full"  # prepaid: the whole total on confirmation
    NET = "net"  # the whole total, net days after shipping
    INSTALMENT = "instalment"  # one part of an instalment plan


@dataclass(frozen=True)
class Term:
    """What a receivable's label says, in parts clients word in the reader's language."""

    kind: TermKind
    percent: Decimal | None = None


def term_of(label: str) -> Term:
    """The term behind a label `plan_for` wrote (its trigger and days are the receivable's
    own columns); a plan part's percent leads its label."""
    if label == FULL_LABEL:
        return Term(TermKind.FULL)
    if NET_LABEL.match(label):
        return Term(TermKind.NET)
    part = PART_LABEL.match(label)
    return Term(TermKind.INSTALMENT, Decimal(part["percent"]) if part else None)
