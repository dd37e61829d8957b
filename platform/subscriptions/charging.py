"""Automatic card payment of renewals: the portal customer saves a card (a Stripe
SetupIntent; only the PaymentMethod id is kept on the subscription), and the worker charges
each billed, unpaid period's order off-session.

The schedule is `subscription_due.retry_at`, set when a renewal order is billed for a
subscription with a card (renewals.py) and moved by every attempt. Each run takes the due
subscriptions across tenants, one transaction per tenant chunk, locked in id order, and a
savepoint per subscription. An attempt is a row (period, attempt_no) whose Stripe
idempotency key is made of the same two, so a run restarted after Stripe charged but before
its commit asks again under the same key and gets the same PaymentIntent, never a second
charge. A success records the payment (as the webhook does, under the checkout's lock) and
marks the period paid; a failure is tried again on the tenant's `retryDays`, counted from
the first attempt; after the last one the period is PAYMENT_FAILED, the subscription
PAST_DUE, and the receivables' overdue reminders (the dunning) take over."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy import select, update

import orders.services as orders
import payments.services as payments
from core.context import Actor, Services
from core.errors import BusinessRuleError
from subscriptions.changing import locked
from subscriptions.errors import SubscriptionErrorCode
from subscriptions.models import (
    Subscription,
    SubscriptionDue,
    SubscriptionPaymentAttempt,
    SubscriptionPeriod,
)
from subscriptions.recording import lines_of, mrr_of, now, record_change, summary
from subscriptions.renewals import due_batch, locked_subscriptions, tenant_chunks
from subscriptions.rules import ENDED, ChangeKind, PeriodStatus, SubscriptionStatus
from subscriptions.settings import terms_of

log = structlog.get_logger("orbit.subscriptions.charging")

# An order not confirmed yet (held for approval) or without its receivables yet (the
# worker's handler writes them after the order's commit) is looked at again this soon.
NOT_READY_AGAIN = timedelta(minutes=15)
# A run that broke on one subscription (a bug, a lost connection) leaves it for later.
BROKEN_AGAIN = timedelta(hours=1)
SETTLED_ORDERS = frozenset({"paid", "refunded", "partially_refunded"})


# --- the portal's saved card -------------------------------------------------------------------


def _not_ended(subscription: Subscription) -> None:
    if SubscriptionStatus(subscription.status) in ENDED:
        raise BusinessRuleError.single(
            SubscriptionErrorCode.SUBSCRIPTION_ENDED,
            "The subscription has ended.",
            "subscriptionId",
        )


async def start_card_setup(actor: Actor, subscription_id: uuid.UUID) -> payments.CardSetup:
    """A Stripe SetupIntent for the customer of a subscription the actor may change (the
    portal contact's own), for Stripe.js to confirm with the card entered."""
    subscription = await locked(actor, subscription_id)
    _not_ended(subscription)
    return await payments.start_card_setup(actor, subscription.customer_id)


async def save_card(actor: Actor, subscription_id: uuid.UUID, setup_intent_id: str) -> Subscription:
    """Keep the card a succeeded SetupIntent of the subscription's customer saved: its
    renewals are charged to it from now on."""
    subscription = await locked(actor, subscription_id)
    _not_ended(subscription)
    method = await payments.saved_card(actor, subscription.customer_id, setup_intent_id.strip())
    await _set_card(actor, subscription, method)
    return subscription


async def remove_card(actor: Actor, subscription_id: uuid.UUID) -> Subscription:
    """Forget the saved card: renewals are paid like any order again."""
    subscription = await locked(actor, subscription_id)
    if subscription.payment_method is None:
        raise BusinessRuleError.single(
            SubscriptionErrorCode.CARD_NOT_SAVED, "No card is saved.", "subscriptionId"
        )
    await _set_card(actor, subscription, None)
    await _set_retry(actor, subscription.id, None)
    return subscription


async def _set_card(actor: Actor, subscription: Subscription, method: str | None) -> None:
    lines = await lines_of(actor, subscription.id)
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    before["cardSaved"] = subscription.payment_method is not None
    subscription.payment_method = method
    today = now().date()
    change = await record_change(
        actor, subscription, ChangeKind.PAYMENT_METHOD, today, before, mrr_before
    )
    change.after = {**(change.after or {}), "cardSaved": method is not None}


# --- the worker's charges ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    charged: int
    next_at: datetime | None


async def run_card_charges(
    services: Services, on: datetime | None = None, tenant_id: uuid.UUID | None = None
) -> int:
    """Charge the saved card of every subscription whose charge or retry is due by `on`
    (default now), across tenants (or of `tenant_id` only); returns how many charges
    succeeded."""
    moment = on or now()
    charged = 0
    after: tuple[uuid.UUID, uuid.UUID] | None = None
    while due := await due_batch(services, SubscriptionDue.retry_at, moment, after, tenant_id):
        after = due[-1]
        for tenant_id, ids in tenant_chunks(due):
            async with services.db.transaction(tenant_id) as session:
                actor = Actor(
                    services=services,
                    session=session,
                    system_tenant_id=tenant_id,
                    actor_label="Card renewal",
                )
                for subscription in await locked_subscriptions(actor, ids):
                    charged += await _charge_safely(actor, subscription, moment)
    if charged:
        log.info("subscription.card_charges", charged=charged)
    return charged


async def _charge_safely(actor: Actor, subscription: Subscription, moment: datetime) -> int:
    try:
        async with actor.session.begin_nested():
            outcome = await _charge_subscription(actor, subscription, moment)
    except Exception:
        log.exception("subscription.card_charge_broke", subscription_id=str(subscription.id))
        await _set_retry(actor, subscription.id, moment + BROKEN_AGAIN)
        return 0
    await _set_retry(actor, subscription.id, outcome.next_at)
    return outcome.charged


async def _charge_subscription(
    actor: Actor, subscription: Subscription, moment: datetime
) -> _Outcome:
    """Each billed, unpaid period whose attempt is due: charge it. The outcome's `next_at`
    is the subscription's next moment in the schedule (None: nothing left to charge)."""
    if subscription.payment_method is None or SubscriptionStatus(subscription.status) in ENDED:
        return _Outcome(0, None)
    charged, next_times = 0, []
    for period in await _unpaid_periods(actor, subscription.id):
        attempts = await _attempts(actor, period.id)
        last = attempts[-1] if attempts else None
        if last is not None and last.next_retry_at is not None and last.next_retry_at > moment:
            next_times.append(last.next_retry_at)
            continue
        if last is not None and last.next_retry_at is None:
            continue  # its retries are used up (already failed for good)
        paid, next_at = await _attempt(actor, subscription, period, attempts, moment)
        charged += paid
        if next_at is not None:
            next_times.append(next_at)
    return _Outcome(charged, min(next_times) if next_times else None)


async def _unpaid_periods(actor: Actor, subscription_id: uuid.UUID) -> list[SubscriptionPeriod]:
    rows = await actor.session.scalars(
        select(SubscriptionPeriod)
        .where(
            SubscriptionPeriod.tenant_id == actor.tenant_id,
            SubscriptionPeriod.subscription_id == subscription_id,
            SubscriptionPeriod.status == PeriodStatus.BILLED.value,
            SubscriptionPeriod.order_id.is_not(None),
        )
        .order_by(SubscriptionPeriod.period_start)
    )
    return list(rows.all())


async def _attempts(actor: Actor, period_id: uuid.UUID) -> list[SubscriptionPaymentAttempt]:
    rows = await actor.session.scalars(
        select(SubscriptionPaymentAttempt)
        .where(
            SubscriptionPaymentAttempt.tenant_id == actor.tenant_id,
            SubscriptionPaymentAttempt.period_id == period_id,
        )
        .order_by(SubscriptionPaymentAttempt.attempt_no)
    )
    return list(rows.all())


def idempotency_key(period_id: uuid.UUID, attempt_no: int) -> str:
    return f"orbit-subscription-period-{period_id}-attempt-{attempt_no}"


async def _attempt(
    actor: Actor,
    subscription: Subscription,
    period: SubscriptionPeriod,
    attempts: list[SubscriptionPaymentAttempt],
    moment: datetime,
) -> tuple[int, datetime | None]:
    """One charge of the period's order: (1 when paid, when to look again)."""
    assert period.order_id is not None and subscription.payment_method is not None
    attempt_no = len(attempts) + 1
    charge = await payments.charge_order_off_session(
        actor, period.order_id, subscription.payment_method, idempotency_key(period.id, attempt_no)
    )
    if charge.status == "not_ready":
        if await _order_settled(actor, period.order_id):
            period.status = PeriodStatus.PAID.value  # paid otherwise meanwhile
            return 0, None
        return 0, moment + NOT_READY_AGAIN
    first_at = attempts[0].created_at if attempts else moment
    row = SubscriptionPaymentAttempt(
        tenant_id=actor.tenant_id,
        id=uuid.uuid4(),
        subscription_id=subscription.id,
        customer_id=subscription.customer_id,
        period_id=period.id,
        attempt_no=attempt_no,
        status="succeeded" if charge.status == "succeeded" else "failed",
        payment_intent_id=charge.payment_intent_id,
        error=charge.error,
        created_at=moment,
    )
    actor.session.add(row)
    if charge.status == "succeeded":
        await _paid(actor, subscription, period, moment)
        return 1, None
    row.next_retry_at = await _next_retry(actor, first_at, attempt_no)
    if row.next_retry_at is None:
        await _failed_for_good(actor, subscription, period, moment)
    await actor.session.flush()
    return 0, row.next_retry_at


async def _next_retry(actor: Actor, first_at: datetime, attempt_no: int) -> datetime | None:
    """When the attempt after `attempt_no` is due: the tenant's retry days counted from the
    first attempt; None after the last retry."""
    retry_days = (await terms_of(actor)).retry_days
    if attempt_no > len(retry_days):
        return None
    return first_at + timedelta(days=retry_days[attempt_no - 1])


async def _order_settled(actor: Actor, order_id: uuid.UUID) -> bool:
    found = await orders.orders_for_system(actor, [order_id])
    return bool(found) and (
        found[0].payment_status in SETTLED_ORDERS or found[0].status == "cancelled"
    )


async def _paid(
    actor: Actor, subscription: Subscription, period: SubscriptionPeriod, moment: datetime
) -> None:
    period.status = PeriodStatus.PAID.value
    lines = await lines_of(actor, subscription.id)
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    if subscription.status == SubscriptionStatus.PAST_DUE.value:
        subscription.status = SubscriptionStatus.ACTIVE.value
    await record_change(actor, subscription, ChangeKind.PAID, moment.date(), before, mrr_before)


async def _failed_for_good(
    actor: Actor, subscription: Subscription, period: SubscriptionPeriod, moment: datetime
) -> None:
    period.status = PeriodStatus.PAYMENT_FAILED.value
    if subscription.status == SubscriptionStatus.PAST_DUE.value:
        return
    lines = await lines_of(actor, subscription.id)
    before, mrr_before = summary(subscription, lines), mrr_of(subscription, lines)
    subscription.status = SubscriptionStatus.PAST_DUE.value
    await record_change(actor, subscription, ChangeKind.PAST_DUE, moment.date(), before, mrr_before)
    log.info("subscription.past_due_after_card_retries", subscription_id=str(subscription.id))


async def _set_retry(actor: Actor, subscription_id: uuid.UUID, at: datetime | None) -> None:
    await actor.session.execute(
        update(SubscriptionDue)
        .where(
            SubscriptionDue.tenant_id == actor.tenant_id,
            SubscriptionDue.subscription_id == subscription_id,
        )
        .values(retry_at=at)
    )
