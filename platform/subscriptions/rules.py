"""The rules of subscriptions, without I/O: statuses, billing periods and their dates, the
monthly recurring revenue of lines, proration by days and the tenant's renewal terms."""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from core.errors import UserError
from subscriptions.errors import SubscriptionErrorCode

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MAX_CODE = 40
MAX_NAME = 200
MAX_TRIAL_DAYS = 365
MAX_QUANTITY = Decimal("1000000")
MAX_LINES = 50


class BillingPeriod(str, Enum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


MONTHS_IN = {BillingPeriod.MONTH: 1, BillingPeriod.QUARTER: 3, BillingPeriod.YEAR: 12}


class SubscriptionStatus(str, Enum):
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


ENDED = frozenset({SubscriptionStatus.CANCELLED, SubscriptionStatus.EXPIRED})
# Statuses whose lines count as recurring revenue (a trial and a pause bring none yet).
EARNING = frozenset({SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE})


class ProrationMode(str, Enum):
    """How a change made now is charged for the rest of the period: a one-off line on the
    next renewal order, or an order of its own at once."""

    NEXT_RENEWAL = "next_renewal"
    IMMEDIATE_ORDER = "immediate_order"


class ChangeTiming(str, Enum):
    NOW = "now"
    PERIOD_END = "period_end"


class PeriodStatus(str, Enum):
    BILLED = "billed"
    PAID = "paid"
    PAYMENT_FAILED = "payment_failed"


class ChangeKind(str, Enum):
    START = "start"
    QUANTITY = "quantity"
    PLAN = "plan"
    CANCEL = "cancel"
    CANCEL_AT_PERIOD_END = "cancel_at_period_end"
    REACTIVATE = "reactivate"
    PAUSE = "pause"
    RESUME = "resume"
    AUTO_RENEW = "auto_renew"
    RENEW = "renew"
    TRIAL_END = "trial_end"
    EXPIRE = "expire"
    PAST_DUE = "past_due"
    PAID = "paid"
    PAYMENT_METHOD = "payment_method"
    REMINDERS = "reminders"


@dataclass(frozen=True)
class RenewalTerms:
    """The tenant's renewal rules: the renewal order `lead_days` before a period ends, card
    retries `retry_days` after the first failure, proration, and reminders `reminder_offsets`
    days before the end of a term."""

    lead_days: int = 7
    retry_days: tuple[int, ...] = (1, 3, 7)
    proration_mode: ProrationMode = ProrationMode.NEXT_RENEWAL
    reminder_offsets: tuple[int, ...] = field(default=(60, 30, 14, 7))


def terms_errors(terms: RenewalTerms) -> list[UserError]:
    errors: list[UserError] = []
    if not 0 <= terms.lead_days <= 60:
        errors.append(
            UserError(
                SubscriptionErrorCode.INVALID_SETTINGS,
                "Renewal orders are made 0 to 60 days before the period ends.",
                ("renewalLeadDays",),
            )
        )
    if len(terms.retry_days) > 10 or not _rising(terms.retry_days, 1, 60):
        errors.append(
            UserError(
                SubscriptionErrorCode.INVALID_SETTINGS,
                "Retries are up to 10 rising days from 1 to 60.",
                ("retryDays",),
            )
        )
    if len(terms.reminder_offsets) > 10 or not _rising(sorted(terms.reminder_offsets), 1, 365):
        errors.append(
            UserError(
                SubscriptionErrorCode.INVALID_SETTINGS,
                "Reminders are up to 10 different offsets from 1 to 365 days.",
                ("reminderOffsets",),
            )
        )
    return errors


def _rising(values: Iterable[int], low: int, high: int) -> bool:
    listed = list(values)
    return all(low <= v <= high for v in listed) and all(
        a < b for a, b in itertools.pairwise(listed)
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(start: date, period: BillingPeriod) -> date:
    """The end (exclusive: the next period's start) of a period starting on `start`."""
    return add_months(start, MONTHS_IN[period])


def line_value(unit_price: Decimal, quantity: Decimal, discount_percent: Decimal) -> Decimal:
    """A line's value per period, tax excluded, after its discount."""
    return unit_price * quantity * (HUNDRED - discount_percent) / HUNDRED


def monthly(value: Decimal, period: BillingPeriod) -> Decimal:
    """A value per period, normalised monthly (quarterly ÷ 3, yearly ÷ 12), to 4 places."""
    return (value / MONTHS_IN[period]).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PricedLine:
    unit_price: Decimal
    quantity: Decimal
    discount_percent: Decimal


def mrr(status: SubscriptionStatus, period: BillingPeriod, lines: Iterable[PricedLine]) -> Decimal:
    """The subscription's monthly recurring revenue: nothing unless it is earning."""
    if status not in EARNING:
        return ZERO
    total = sum((line_value(x.unit_price, x.quantity, x.discount_percent) for x in lines), ZERO)
    return monthly(total, period)


def remaining_share(today: date, start: date, end: date) -> Decimal:
    """The part of the period [start, end) still to come from `today`, by days."""
    total = (end - start).days
    left = (end - max(today, start)).days
    if total <= 0 or left <= 0:
        return ZERO
    return Decimal(left) / Decimal(total)


def prorated_unit_price(per_period: Decimal, share: Decimal) -> Decimal:
    """A unit's charge for the rest of the period, to 4 places (a stored amount)."""
    return (per_period * share).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def renewal_due(period_end_on: date, lead_days: int) -> date:
    """When the next period's order is made."""
    return period_end_on - timedelta(days=lead_days)


def is_valid_quantity(value: Decimal) -> bool:
    return value.is_finite() and ZERO <= value <= MAX_QUANTITY and -value.as_tuple().exponent <= 3  # type: ignore[operator]


def number_of(value: int) -> str:
    return f"SUB-{value:06d}"


def reminder_days(start: date, end: date, offsets: Iterable[int]) -> dict[int, date]:
    """Each reminder offset's day in the term [start, end) (those before it began left out)."""
    days = {offset: end - timedelta(days=offset) for offset in offsets}
    return {o: d for o, d in days.items() if d >= start}


def next_reminder(start: date, end: date, offsets: Iterable[int], after: date) -> date | None:
    """The first reminder day of the term after `after`."""
    return min((d for d in reminder_days(start, end, offsets).values() if d > after), default=None)
