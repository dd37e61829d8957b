"""Starting a subscription: by staff (subscriptions:write), priced from the price books on
the start date, or from an accepted quote (prices kept as agreed). A plan with trial days
starts it trialing until the trial ends; otherwise its first period is billed at once."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import catalog.services as catalog
import customers.services as customers
from audit import services as audit
from core.context import Actor
from core.counters import GaplessCounter
from core.errors import BusinessRuleError, NotFound, UserError
from core.outbox import emit
from subscriptions.billing import bill_period
from subscriptions.errors import SubscriptionErrorCode
from subscriptions.events import SubscriptionStarted
from subscriptions.models import Subscription, SubscriptionLine, SubscriptionPlan
from subscriptions.plans import plan_rows
from subscriptions.recording import (
    lines_of,
    mrr_of,
    new_change,
    now,
    record_mrr,
    schedule,
    summary,
)
from subscriptions.rules import (
    MAX_LINES,
    ZERO,
    BillingPeriod,
    ChangeKind,
    SubscriptionStatus,
    is_valid_quantity,
    number_of,
    period_end,
)

_NUMBERS = GaplessCounter("subscription_number_counters")


@dataclass(frozen=True)
class NewSubscriptionLine:
    plan_id: uuid.UUID
    quantity: Decimal
    # Only from a quote: the price and discount agreed there.
    unit_price: Decimal | None = None
    discount_percent: Decimal = ZERO


@dataclass(frozen=True)
class NewSubscription:
    customer_id: uuid.UUID
    lines: Sequence[NewSubscriptionLine]
    start_date: date | None = None
    auto_renew: bool = True
    quote_id: uuid.UUID | None = None
    payment_method: str | None = field(default=None)


@dataclass(frozen=True)
class QuoteSubscriptionLine:
    plan_id: uuid.UUID
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal


@dataclass(frozen=True)
class QuoteSubscription:
    customer_id: uuid.UUID
    quote_id: uuid.UUID
    start_date: date
    lines: list[QuoteSubscriptionLine]


async def start_subscription(actor: Actor, data: NewSubscription) -> Subscription:
    """Start a customer's subscription (subscriptions:write; the customer within the
    caller's data scope)."""
    await actor.require("subscriptions", "write")
    return await _start(actor, data)


async def start_subscription_for_quote(actor: Actor, data: QuoteSubscription) -> uuid.UUID:
    """The subscription of an accepted quote's recurring lines, at the prices agreed there.
    Called inside the acceptance transaction by a portal contact or staff; the caller has
    checked its permission. Raises BusinessRuleError (fields under `lines`) on bad input."""
    subscription = await _start(
        actor,
        NewSubscription(
            customer_id=data.customer_id,
            start_date=data.start_date,
            quote_id=data.quote_id,
            lines=[
                NewSubscriptionLine(x.plan_id, x.quantity, x.unit_price, x.discount_percent)
                for x in data.lines
            ],
        ),
    )
    return subscription.id


async def _profile(actor: Actor, customer_id: uuid.UUID) -> customers.CustomerProfile:
    try:
        return await customers.customer_pricing_profile(actor, customer_id)
    except NotFound:
        raise BusinessRuleError.single(
            SubscriptionErrorCode.UNKNOWN_CUSTOMER, "No such customer.", "customerId"
        ) from None


def check_lines(
    lines: Sequence[NewSubscriptionLine], plans: dict[uuid.UUID, SubscriptionPlan]
) -> list[UserError]:
    if not lines:
        return [UserError(SubscriptionErrorCode.NO_LINES, "Add at least one plan.", ("lines",))]
    if len(lines) > MAX_LINES:
        return [
            UserError(
                SubscriptionErrorCode.TOO_MANY_LINES, f"At most {MAX_LINES} plans.", ("lines",)
            )
        ]
    errors: list[UserError] = []
    periods = set()
    for i, line in enumerate(lines):
        errors.extend(_line_errors(i, line, plans.get(line.plan_id)))
        if line.plan_id in plans:
            periods.add(plans[line.plan_id].billing_period)
    if len(periods) > 1:
        errors.append(
            UserError(
                SubscriptionErrorCode.MIXED_BILLING_PERIODS,
                "All plans of a subscription bill over the same period.",
                ("lines",),
            )
        )
    return errors


def _line_errors(
    index: int, line: NewSubscriptionLine, plan: SubscriptionPlan | None
) -> list[UserError]:
    path = ("lines", str(index))
    errors = []
    if plan is None:
        errors.append(
            UserError(SubscriptionErrorCode.UNKNOWN_PLAN, "No such plan.", (*path, "planId"))
        )
    elif not plan.active:
        errors.append(
            UserError(
                SubscriptionErrorCode.PLAN_INACTIVE, "The plan is not offered.", (*path, "planId")
            )
        )
    errors.extend(quantity_errors(line.quantity, (*path, "quantity"), allow_zero=False))
    if not ZERO <= line.discount_percent <= 100:
        errors.append(
            UserError(
                SubscriptionErrorCode.INVALID_DISCOUNT,
                "A discount from 0 to 100 percent.",
                (*path, "discountPercent"),
            )
        )
    return errors


def quantity_errors(
    quantity: Decimal, path: tuple[str, ...], *, allow_zero: bool
) -> list[UserError]:
    if quantity.is_finite() and quantity < 0:
        return [
            UserError(
                SubscriptionErrorCode.NEGATIVE_QUANTITY, "A quantity cannot be negative.", path
            )
        ]
    if not is_valid_quantity(quantity) or (quantity == 0 and not allow_zero):
        return [
            UserError(
                SubscriptionErrorCode.INVALID_QUANTITY,
                "A quantity above 0 with at most 3 decimal places.",
                path,
            )
        ]
    return []


def currency_errors(
    profile: customers.CustomerProfile, lines: Sequence[NewSubscriptionLine]
) -> list[UserError]:
    """Plans are priced in the price books' currency (the tenant's): a customer kept in
    another currency cannot subscribe to them."""
    customer_currency = profile.credit_limit.currency
    if customer_currency == profile.currency:
        return []
    return [
        UserError(
            SubscriptionErrorCode.PLAN_CURRENCY_MISMATCH,
            f"The plan is priced in {profile.currency}, the customer buys in {customer_currency}.",
            ("lines", str(i), "planId"),
        )
        for i in range(len(lines))
    ]


async def price_lines(
    actor: Actor,
    profile: customers.CustomerProfile,
    plans: dict[uuid.UUID, SubscriptionPlan],
    lines: Sequence[NewSubscriptionLine],
    on: date,
) -> list[catalog.PriceQuote]:
    context = catalog.context_of(profile.currency, profile.tier, profile.region)
    try:
        return await catalog.quote_lines(
            actor,
            context,
            [catalog.QuoteLine(plans[x.plan_id].sku_id, x.quantity) for x in lines],
            on,
        )
    except BusinessRuleError as error:
        raise BusinessRuleError(
            *[
                UserError(SubscriptionErrorCode.UNKNOWN_SKU, e.message, e.field)
                for e in error.errors
            ]
        ) from error


async def _start(actor: Actor, data: NewSubscription) -> Subscription:
    profile = await _profile(actor, data.customer_id)
    plans = await plan_rows(actor, [x.plan_id for x in data.lines])
    errors = check_lines(data.lines, plans)
    if errors:
        raise BusinessRuleError(*errors)
    errors = currency_errors(profile, data.lines)
    if errors:
        raise BusinessRuleError(*errors)
    start = data.start_date or await catalog.today(actor)
    quotes = await price_lines(actor, profile, plans, data.lines, start)
    first_plans = [plans[x.plan_id] for x in data.lines]
    period = BillingPeriod(first_plans[0].billing_period)
    trial_days = max(plan.trial_days for plan in first_plans)
    subscription = _new(actor, data, profile, period, start, trial_days)
    subscription.number = number_of(await _NUMBERS.take(actor))
    actor.session.add(subscription)
    await actor.session.flush()
    lines = _new_lines(actor, subscription, data.lines, plans, quotes)
    actor.session.add_all(lines)
    await actor.session.flush()
    if subscription.status == SubscriptionStatus.ACTIVE.value:
        await bill_period(
            actor,
            subscription,
            lines,
            subscription.current_period_start,
            subscription.current_period_end,
        )
    await _record_start(actor, subscription)
    return subscription


def _new(
    actor: Actor,
    data: NewSubscription,
    profile: customers.CustomerProfile,
    period: BillingPeriod,
    start: date,
    trial_days: int,
) -> Subscription:
    trial_end = start + timedelta(days=trial_days) if trial_days else None
    return Subscription(
        tenant_id=actor.tenant_id,
        id=uuid.uuid4(),
        customer_id=profile.customer_id,
        currency=profile.credit_limit.currency,
        status=(SubscriptionStatus.TRIALING if trial_end else SubscriptionStatus.ACTIVE).value,
        billing_period=period.value,
        cancel_at_period_end=False,
        start_date=start,
        current_period_start=start,
        current_period_end=trial_end or period_end(start, period),
        trial_end=trial_end,
        auto_renew=data.auto_renew,
        reminders_opted_out=False,
        quote_id=data.quote_id,
        payment_method=data.payment_method,
        version=1,
        created_at=now(),
        updated_at=now(),
    )


def _new_lines(
    actor: Actor,
    subscription: Subscription,
    lines: Sequence[NewSubscriptionLine],
    plans: dict[uuid.UUID, SubscriptionPlan],
    quotes: Sequence[catalog.PriceQuote],
) -> list[SubscriptionLine]:
    return [
        SubscriptionLine(
            tenant_id=actor.tenant_id,
            id=uuid.uuid4(),
            subscription_id=subscription.id,
            customer_id=subscription.customer_id,
            line_no=no,
            plan_id=line.plan_id,
            sku_id=plans[line.plan_id].sku_id,
            quantity=line.quantity,
            unit_price=line.unit_price if line.unit_price is not None else quote.unit_price.amount,
            discount_percent=line.discount_percent,
            price_source=quote.price_source,
            price_source_label=quote.price_source_label,
            price_agreed=line.unit_price is not None,
        )
        for no, (line, quote) in enumerate(zip(lines, quotes, strict=True), start=1)
    ]


async def _record_start(actor: Actor, subscription: Subscription) -> None:
    lines = await lines_of(actor, subscription.id)
    after = summary(subscription, lines)
    mrr = mrr_of(subscription, lines)
    new_change(
        actor, subscription, ChangeKind.START, subscription.start_date, before=None, after=after
    )
    await actor.session.flush()
    await audit.record(actor, "subscriptions.start", "subscription", subscription.id, after=after)
    await emit(
        actor,
        SubscriptionStarted(
            subscription_id=subscription.id,
            number=subscription.number,
            customer_id=subscription.customer_id,
            status=subscription.status,
            start_date=subscription.start_date,
            mrr=mrr,
            currency=subscription.currency,
        ),
    )
    await record_mrr(actor, subscription, subscription.start_date, ZERO, mrr, "start")
    await schedule(actor, subscription)
