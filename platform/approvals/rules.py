"""Approval rules without I/O: the levels approvers act at, the tenant's rule settings and
their checks, and which approval steps an order needs when it is submitted.

Three rules, each optional per tenant:
1. credit check: order total + the customer's open receivables above its credit limit
   -> finance approval (only for customers buying on credit terms with a positive limit);
2. discount: any line discount above the tenant's approval threshold -> manager approval
   (the role's cap at entry is a separate, hard limit);
3. amount thresholds: an order total above a threshold -> that threshold's level; several
   thresholds give several levels, decided one after the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from approvals.errors import ApprovalErrorCode
from core.errors import UserError
from core.money import AMOUNT, PERCENT, check_decimal, quantize_money

HUNDRED = Decimal(100)
MAX_THRESHOLDS = 10
MAX_REMINDER_HOURS = 24 * 30
MAX_REASON = 2000


class Level(str, Enum):
    """Who must approve; the level is also the approvals permission an approver needs."""

    FINANCE = "finance"
    MANAGER = "manager"
    DIRECTOR = "director"

    @property
    def permission(self) -> str:
        return self.value


# Steps are decided in this order: money first, then the management chain.
LEVEL_ORDER = (Level.FINANCE, Level.MANAGER, Level.DIRECTOR)


class ReasonCode(str, Enum):
    CREDIT_LIMIT = "credit_limit"
    DISCOUNT = "discount"
    AMOUNT = "amount"


class StepStatus(str, Enum):
    WAITING = "waiting"  # an earlier step is still open
    PENDING = "pending"  # the active step: approvers decide now
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"  # a step that was never reached (rejected or cancelled order)


class RequestStatus(str, Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class Decision(str, Enum):
    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True)
class AmountThreshold:
    above: Decimal
    level: Level


@dataclass(frozen=True)
class ApprovalSettings:
    credit_check: bool = True
    discount_threshold: Decimal | None = Decimal(5)
    amount_thresholds: tuple[AmountThreshold, ...] = (
        AmountThreshold(Decimal(100_000), Level.MANAGER),
        AmountThreshold(Decimal(500_000), Level.DIRECTOR),
    )
    forbid_self_approval: bool = True
    reminder_after_hours: int | None = 24


DEFAULT_SETTINGS = ApprovalSettings()


@dataclass(frozen=True)
class Reason:
    """Why a step is needed: the rule, its figures by name (plain decimals and the currency,
    for clients to word) and the English sentence."""

    code: ReasonCode
    message: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OrderFacts:
    """What the rules look at. `credit_limit` is None when the credit check does not apply
    (the customer pays in advance or has no limit set)."""

    total: Decimal
    currency: str
    max_discount: Decimal
    credit_limit: Decimal | None = None
    open_receivables: Decimal = Decimal(0)


@dataclass(frozen=True)
class PlannedStep:
    level: Level
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


def _money(amount: Decimal, currency: str) -> str:
    return f"{quantize_money(amount, currency):,} {currency}"


def _plain(amount: Decimal, currency: str) -> str:
    return f"{quantize_money(amount, currency):f}"


def _credit_reason(settings: ApprovalSettings, facts: OrderFacts) -> Reason | None:
    if not settings.credit_check or facts.credit_limit is None:
        return None
    exposure = facts.total + facts.open_receivables
    if exposure <= facts.credit_limit:
        return None
    return Reason(
        ReasonCode.CREDIT_LIMIT,
        (
            f"Order total {_money(facts.total, facts.currency)} plus open receivables "
            f"{_money(facts.open_receivables, facts.currency)} exceeds the credit limit "
            f"{_money(facts.credit_limit, facts.currency)}."
        ),
        {
            "total": _plain(facts.total, facts.currency),
            "openReceivables": _plain(facts.open_receivables, facts.currency),
            "creditLimit": _plain(facts.credit_limit, facts.currency),
            "currency": facts.currency,
        },
    )


def _discount_reason(settings: ApprovalSettings, facts: OrderFacts) -> Reason | None:
    threshold = settings.discount_threshold
    if threshold is None or facts.max_discount <= threshold:
        return None
    return Reason(
        ReasonCode.DISCOUNT,
        (
            f"A line discount of {facts.max_discount.normalize():f}% is above the approval "
            f"threshold of {threshold.normalize():f}%."
        ),
        {
            "discount": f"{facts.max_discount.normalize():f}",
            "threshold": f"{threshold.normalize():f}",
        },
    )


def _amount_reasons(settings: ApprovalSettings, facts: OrderFacts) -> list[PlannedStep]:
    return [
        PlannedStep(
            t.level,
            (
                Reason(
                    ReasonCode.AMOUNT,
                    (
                        f"Order total {_money(facts.total, facts.currency)} is above "
                        f"{_money(t.above, facts.currency)}."
                    ),
                    {
                        "total": _plain(facts.total, facts.currency),
                        "threshold": _plain(t.above, facts.currency),
                        "currency": facts.currency,
                    },
                ),
            ),
        )
        for t in settings.amount_thresholds
        if facts.total > t.above
    ]


def required_steps(settings: ApprovalSettings, facts: OrderFacts) -> list[PlannedStep]:
    """The approval steps the order needs, in decision order, one per level with every
    reason that asked for it; empty when the order passes every rule."""
    wanted: list[PlannedStep] = []
    credit = _credit_reason(settings, facts)
    if credit is not None:
        wanted.append(PlannedStep(Level.FINANCE, (credit,)))
    discount = _discount_reason(settings, facts)
    if discount is not None:
        wanted.append(PlannedStep(Level.MANAGER, (discount,)))
    wanted.extend(_amount_reasons(settings, facts))
    merged: dict[Level, list[Reason]] = {}
    for step in wanted:
        merged.setdefault(step.level, []).extend(step.reasons)
    return [PlannedStep(level, tuple(merged[level])) for level in LEVEL_ORDER if level in merged]


# --- settings checks -----------------------------------------------------------------------


def check_settings(settings: ApprovalSettings) -> list[UserError]:
    errors = [
        *check_discount_threshold(settings.discount_threshold),
        *check_thresholds(settings.amount_thresholds),
    ]
    hours = settings.reminder_after_hours
    if hours is not None and not 1 <= hours <= MAX_REMINDER_HOURS:
        errors.append(
            UserError(
                ApprovalErrorCode.INVALID_REMINDER_HOURS,
                f"Remind after 1 to {MAX_REMINDER_HOURS} hours, or empty for never.",
                ("reminderAfterHours",),
            )
        )
    return errors


def check_discount_threshold(threshold: Decimal | None) -> list[UserError]:
    """None (no discount rule) or a percentage above 0 and up to 100."""
    path = ("discountThresholdPercent",)
    if threshold is None:
        return []
    if errors := check_decimal(
        threshold, path, PERCENT, code=ApprovalErrorCode.INVALID_DISCOUNT_THRESHOLD
    ):
        return errors
    if not 0 < threshold <= HUNDRED:
        return [
            UserError(
                ApprovalErrorCode.INVALID_DISCOUNT_THRESHOLD,
                "A discount threshold is a percentage above 0 and up to 100, or empty for none.",
                path,
            )
        ]
    return []


def check_thresholds(thresholds: Sequence[AmountThreshold]) -> list[UserError]:
    errors: list[UserError] = []
    if len(thresholds) > MAX_THRESHOLDS:
        errors.append(
            UserError(
                ApprovalErrorCode.TOO_MANY_THRESHOLDS,
                f"At most {MAX_THRESHOLDS} amount thresholds.",
                ("amountThresholds",),
            )
        )
    seen: set[Level] = set()
    for index, threshold in enumerate(thresholds):
        at = ("amountThresholds", str(index))
        above = threshold.above
        malformed = check_decimal(
            above, (*at, "above"), AMOUNT, code=ApprovalErrorCode.INVALID_AMOUNT
        )
        errors.extend(malformed)
        if not malformed and above < 0:
            errors.append(
                UserError(
                    ApprovalErrorCode.INVALID_AMOUNT,
                    "An amount of 0 or more with at most 4 decimal places.",
                    (*at, "above"),
                )
            )
        if threshold.level in seen:
            errors.append(
                UserError(
                    ApprovalErrorCode.DUPLICATE_LEVEL,
                    "Each level has at most one threshold.",
                    (*at, "level"),
                )
            )
        seen.add(threshold.level)
    return errors


def check_decision(decision: Decision, reason: str | None) -> list[UserError]:
    text = (reason or "").strip()
    if decision is Decision.REJECT and not text:
        return [
            UserError(
                ApprovalErrorCode.REASON_REQUIRED, "Say why the order is rejected.", ("reason",)
            )
        ]
    if len(text) > MAX_REASON:
        return [
            UserError(ApprovalErrorCode.TOO_LONG, f"At most {MAX_REASON} characters.", ("reason",))
        ]
    return []


def reminders_due(waited_seconds: float, reminder_after_hours: int | None) -> int:
    """How many reminders a step waiting this long has earned (one per elapsed period)."""
    if reminder_after_hours is None or waited_seconds <= 0:
        return 0
    return int(waited_seconds // (reminder_after_hours * 3600))
