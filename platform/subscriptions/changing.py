"""Changing a subscription: quantity or plan now (prorated by days for the rest of the
period) or at period end, cancelling now or at period end, reactivating, pausing and
resuming, auto-renewal and the saved card. Staff need subscriptions:write; a portal contact
changes their own customer's subscriptions where the plan allows it. Each change locks the
subscription, and is written with its history row, audit entry, event and MRR movement."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import update

import catalog.services as catalog
import customers.services as customers
from audit import services as audit
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.tenancy import PrincipalKind
from subscriptions.billing import bill_period, charge_line, enter_order
from subscriptions.errors import SubscriptionErrorCode
from subscriptions.models import (
    Subscription,
    SubscriptionChange,
    SubscriptionLine,
    SubscriptionPlan,
)
from subscriptions.plans import plan_rows
from subscriptions.recording import lines_of, mrr_of, new_change, record_change, summary
from subscriptions.rules import (
    ENDED,
    HUNDRED,
    ZERO,
    BillingPeriod,
    ChangeKind,
    ChangeTiming,
    ProrationMode,
    SubscriptionStatus,
    period_end,
    prorated_unit_price,
    remaining_share,
)
from subscriptions.settings import terms_of
from subscriptions.starting import NewSubscriptionLine, currency_errors, quantity_errors

SCHEDULE_ACTIONS = {
    ChangeKind.QUANTITY: "subscriptions.schedule_quantity",
    ChangeKind.PLAN: "subscriptions.schedule_plan",
}


@dataclass(frozen=True)
class ChangeRequest:
    """A change of one line: a new quantity, or a quantity to add (negative: remove), and/or
    another plan; now or at period end."""

    subscription_id: uuid.UUID
    line_id: uuid.UUID | None = None
    quantity: Decimal | None = None
    quantity_delta: Decimal | None = None
    plan_id: uuid.UUID | None = None
    timing: ChangeTiming = ChangeTiming.NOW


def _is_portal(actor: Actor) -> bool:
    return actor.require_principal().kind is PrincipalKind.PORTAL


async def locked(actor: Actor, subscription_id: uuid.UUID) -> Subscription:
    """The subscription, locked, when the caller may change it (NOT_FOUND otherwise)."""
    if _is_portal(actor):
        return await access.get_scoped(
            actor, Subscription, subscription_id, access.PORTAL, lock=True
        )
    await actor.require("subscriptions", "write")
    return await access.get_scoped(actor, Subscription, subscription_id, "write", lock=True)


async def today(actor: Actor) -> date:
    return await catalog.today(actor)


def _refuse(code: SubscriptionErrorCode, message: str, field: str | None = None) -> None:
    raise BusinessRuleError.single(code, message, field)


def _not_ended(subscription: Subscription) -> None:
    if SubscriptionStatus(subscription.status) in ENDED:
        _refuse(SubscriptionErrorCode.SUBSCRIPTION_ENDED, "The subscription has ended.")


# --- quantity and plan -------------------------------------------------------------------------


async def change_subscription(actor: Actor, request: ChangeRequest) -> Subscription:
    subscription = await locked(actor, request.subscription_id)
    _not_ended(subscription)
    lines = await lines_of(actor, subscription.id)
    line = _line(lines, request.line_id)
    quantity = _new_quantity(line, request)
    plan = await _new_plan(actor, subscription, line, request.plan_id)
    if _is_portal(actor):
        await _portal_may_change(actor, line, quantity, plan)
    if quantity == line.quantity and (plan is None or plan.id == line.plan_id):
        _refuse(SubscriptionErrorCode.NO_CHANGE, "Nothing would change.")
    kind = ChangeKind.PLAN if plan is not None and plan.id != line.plan_id else ChangeKind.QUANTITY
    if request.timing is ChangeTiming.PERIOD_END:
        return await _schedule_change(actor, subscription, lines, line, quantity, plan, kind)
    return await _change_now(actor, subscription, lines, line, quantity, plan, kind)


def _line(lines: list[SubscriptionLine], line_id: uuid.UUID | None) -> SubscriptionLine:
    if line_id is None:
        return lines[0]
    for line in lines:
        if line.id == line_id:
            return line
    raise BusinessRuleError.single(
        SubscriptionErrorCode.UNKNOWN_LINE, "No such line on the subscription.", "lineId"
    )


def _new_quantity(line: SubscriptionLine, request: ChangeRequest) -> Decimal:
    if request.quantity_delta is not None:
        quantity = line.quantity + request.quantity_delta
        field = "quantityDelta"
    elif request.quantity is not None:
        quantity, field = request.quantity, "quantity"
    else:
        return line.quantity
    errors = quantity_errors(quantity, (field,), allow_zero=True)
    if errors:
        raise BusinessRuleError(*errors)
    return quantity


async def _new_plan(
    actor: Actor, subscription: Subscription, line: SubscriptionLine, plan_id: uuid.UUID | None
) -> SubscriptionPlan | None:
    if plan_id is None or plan_id == line.plan_id:
        return None
    plan = (await plan_rows(actor, [plan_id])).get(plan_id)
    if plan is None or not plan.active:
        _refuse(SubscriptionErrorCode.UNKNOWN_PLAN, "No such plan on offer.", "planId")
    assert plan is not None
    if plan.billing_period != subscription.billing_period:
        _refuse(
            SubscriptionErrorCode.MIXED_BILLING_PERIODS,
            "The new plan bills over another period.",
            "planId",
        )
    profile = await customers.customer_pricing_profile(actor, subscription.customer_id)
    errors = currency_errors(profile, [NewSubscriptionLine(plan.id, line.quantity)])
    if errors:
        raise BusinessRuleError(UserError(errors[0].code, errors[0].message, ("planId",)))
    return plan


async def _portal_may_change(
    actor: Actor, line: SubscriptionLine, quantity: Decimal, plan: SubscriptionPlan | None
) -> None:
    current = (await plan_rows(actor, [line.plan_id]))[line.plan_id]
    if plan is not None or (quantity != line.quantity and not current.customer_may_change_quantity):
        _refuse(
            SubscriptionErrorCode.QUANTITY_NOT_CHANGEABLE_BY_CUSTOMER,
            "Ask us to change this subscription.",
            "quantity",
        )


async def _price_of(
    actor: Actor, subscription: Subscription, sku_id: uuid.UUID, quantity: Decimal, on: date
) -> catalog.PriceQuote:
    profile = await customers.customer_pricing_profile(actor, subscription.customer_id)
    context = catalog.context_of(profile.currency, profile.tier, profile.region)
    [quote] = await catalog.quote_lines(
        actor, context, [catalog.QuoteLine(sku_id, max(quantity, Decimal(1)))], on
    )
    return quote


async def _change_now(
    actor: Actor,
    subscription: Subscription,
    lines: list[SubscriptionLine],
    line: SubscriptionLine,
    quantity: Decimal,
    plan: SubscriptionPlan | None,
    kind: ChangeKind,
) -> Subscription:
    on = await today(actor)
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    old_value = _unit_value(line) * line.quantity
    source = line.price_source
    if plan is not None:
        quote = await _price_of(actor, subscription, plan.sku_id, quantity, on)
        line.plan_id, line.sku_id = plan.id, plan.sku_id
        line.unit_price = quote.unit_price.amount
        line.price_source, line.price_source_label = quote.price_source, quote.price_source_label
        line.price_agreed = False
    line.quantity = quantity
    change = await record_change(actor, subscription, kind, on, before, mrr_before)
    await _prorate(actor, subscription, change, line, old_value, source, on)
    return subscription


def _unit_value(line: SubscriptionLine) -> Decimal:
    return line.unit_price * (HUNDRED - line.discount_percent) / HUNDRED


async def _prorate(
    actor: Actor,
    subscription: Subscription,
    change: SubscriptionChange,
    line: SubscriptionLine,
    old_value: Decimal,
    source: str,
    on: date,
) -> None:
    """Charge the rest of the period for what the change added (a reduction is not
    refunded: it takes effect on the next renewal order)."""
    if SubscriptionStatus(subscription.status) not in (
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.PAST_DUE,
    ):
        return
    added = _unit_value(line) * line.quantity - old_value
    share = remaining_share(on, subscription.current_period_start, subscription.current_period_end)
    charge = prorated_unit_price(added, share)
    if charge <= ZERO:
        return
    change.proration_sku_id = line.sku_id
    change.proration_quantity = Decimal(1)
    change.proration_unit_price = charge
    change.before = {**(change.before or {}), "priceSource": source}
    terms = await terms_of(actor)
    if terms.proration_mode is ProrationMode.IMMEDIATE_ORDER:
        order_id, _ = await enter_order(
            actor,
            subscription,
            [charge_line(change)],
            f"subscription-change:{change.id}",
            f"{subscription.number}: prorated change from {on.isoformat()}",
        )
        change.billed_order_id = order_id
    await actor.session.flush()


async def _schedule_change(
    actor: Actor,
    subscription: Subscription,
    lines: list[SubscriptionLine],
    line: SubscriptionLine,
    quantity: Decimal,
    plan: SubscriptionPlan | None,
    kind: ChangeKind,
) -> Subscription:
    """Record the change to apply when the current period ends (the roll-over applies it;
    the renewal order of the next period already bills it)."""
    after = {
        "lineId": str(line.id),
        "quantity": str(quantity),
        "planId": str(plan.id) if plan is not None else None,
    }
    new_change(
        actor,
        subscription,
        kind,
        subscription.current_period_end,
        before=summary(subscription, lines),
        after=after,
        applied=False,
    )
    subscription.version += 1
    await actor.session.flush()
    action = SCHEDULE_ACTIONS[kind]
    await audit.record(
        actor,
        action,
        "subscription",
        subscription.id,
        after=after,
    )
    return subscription


# --- cancelling, reactivating, pausing -------------------------------------------------------


async def cancel_subscription(
    actor: Actor, subscription_id: uuid.UUID, timing: ChangeTiming
) -> Subscription:
    subscription = await locked(actor, subscription_id)
    if SubscriptionStatus(subscription.status) in ENDED or (
        timing is ChangeTiming.PERIOD_END and subscription.cancel_at_period_end
    ):
        _refuse(SubscriptionErrorCode.ALREADY_CANCELLED, "The subscription is already cancelled.")
    lines = await lines_of(actor, subscription.id)
    if _is_portal(actor):
        plans = await plan_rows(actor, [x.plan_id for x in lines])
        if not all(p.customer_may_cancel for p in plans.values()):
            _refuse(
                SubscriptionErrorCode.NOT_CANCELLABLE_BY_CUSTOMER,
                "Ask us to cancel this subscription.",
            )
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    on = await today(actor)
    if timing is ChangeTiming.PERIOD_END:
        subscription.cancel_at_period_end = True
        await record_change(
            actor,
            subscription,
            ChangeKind.CANCEL_AT_PERIOD_END,
            subscription.current_period_end,
            before,
            mrr_before,
        )
        return subscription
    subscription.status = SubscriptionStatus.CANCELLED.value
    subscription.cancelled_on = on
    await record_change(actor, subscription, ChangeKind.CANCEL, on, before, mrr_before)
    return subscription


async def reactivate_subscription(actor: Actor, subscription_id: uuid.UUID) -> Subscription:
    """Undo a cancellation at period end, or restart a cancelled or expired subscription
    from today with a new period (billed at once)."""
    subscription = await locked(actor, subscription_id)
    status = SubscriptionStatus(subscription.status)
    if status not in ENDED and not subscription.cancel_at_period_end:
        _refuse(SubscriptionErrorCode.NOT_CANCELLED, "The subscription is not cancelled.")
    lines = await lines_of(actor, subscription.id)
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    on = await today(actor)
    subscription.cancel_at_period_end = False
    if status in ENDED:
        subscription.status = SubscriptionStatus.ACTIVE.value
        subscription.cancelled_on = None
        subscription.current_period_start = on
        subscription.current_period_end = period_end(on, BillingPeriod(subscription.billing_period))
        await bill_period(actor, subscription, lines, on, subscription.current_period_end)
    await record_change(actor, subscription, ChangeKind.REACTIVATE, on, before, mrr_before)
    return subscription


async def pause_subscription(actor: Actor, subscription_id: uuid.UUID) -> Subscription:
    subscription = await locked(actor, subscription_id)
    if subscription.status not in (
        SubscriptionStatus.ACTIVE.value,
        SubscriptionStatus.PAST_DUE.value,
        SubscriptionStatus.TRIALING.value,
    ):
        _refuse(SubscriptionErrorCode.NOT_PAUSABLE, "Only a running subscription pauses.")
    lines = await lines_of(actor, subscription.id)
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    on = await today(actor)
    subscription.status = SubscriptionStatus.PAUSED.value
    subscription.paused_on = on
    await record_change(actor, subscription, ChangeKind.PAUSE, on, before, mrr_before)
    return subscription


async def resume_subscription(actor: Actor, subscription_id: uuid.UUID) -> Subscription:
    """Resume a paused subscription: its period is extended by the days it was paused."""
    subscription = await locked(actor, subscription_id)
    if subscription.status != SubscriptionStatus.PAUSED.value:
        _refuse(SubscriptionErrorCode.NOT_PAUSED, "The subscription is not paused.")
    lines = await lines_of(actor, subscription.id)
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    on = await today(actor)
    paused_days = (on - (subscription.paused_on or on)).days
    subscription.current_period_end += timedelta(days=paused_days)
    trialing = subscription.trial_end is not None and subscription.trial_end > on
    subscription.status = (
        SubscriptionStatus.TRIALING if trialing else SubscriptionStatus.ACTIVE
    ).value
    subscription.paused_on = None
    await record_change(actor, subscription, ChangeKind.RESUME, on, before, mrr_before)
    return subscription


async def set_auto_renew(
    actor: Actor, subscription_id: uuid.UUID, auto_renew: bool
) -> Subscription:
    subscription = await locked(actor, subscription_id)
    _not_ended(subscription)
    if subscription.auto_renew == auto_renew:
        return subscription
    lines = await lines_of(actor, subscription.id)
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    subscription.auto_renew = auto_renew
    await record_change(
        actor, subscription, ChangeKind.AUTO_RENEW, await today(actor), before, mrr_before
    )
    return subscription


async def set_reminders_opted_out(
    actor: Actor, subscription_id: uuid.UUID, opted_out: bool
) -> Subscription:
    """The customer's wish for no renewal reminders but the mandatory last one."""
    subscription = await locked(actor, subscription_id)
    lines = await lines_of(actor, subscription.id)
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    subscription.reminders_opted_out = opted_out
    await record_change(
        actor, subscription, ChangeKind.REMINDERS, await today(actor), before, mrr_before
    )
    return subscription


async def note_renewal_quote(actor: Actor, subscription_id: uuid.UUID, quote_id: uuid.UUID) -> None:
    """A quote revising the subscription's renewal was made (quotes call this; they have
    checked their caller's permission)."""
    await actor.session.execute(
        update(Subscription)
        .where(Subscription.tenant_id == actor.tenant_id, Subscription.id == subscription_id)
        .values(renewal_quote_id=quote_id)
    )
