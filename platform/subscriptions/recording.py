"""What every change of a subscription writes in its transaction: the change row (the
subscription's own history), the audit entry, the event, the MRR movement for the
recurring-revenue ledger, and the subscription's next moments in the worker's schedule."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from audit import services as audit
from core.context import Actor
from core.outbox import emit
from subscriptions.events import SubscriptionChanged
from subscriptions.models import Subscription, SubscriptionChange, SubscriptionDue, SubscriptionLine
from subscriptions.revenue import MrrChange, record_mrr_change
from subscriptions.rules import (
    ENDED,
    BillingPeriod,
    ChangeKind,
    PricedLine,
    SubscriptionStatus,
    mrr,
    next_reminder,
    renewal_due,
)
from subscriptions.settings import terms_of

# The audit log's action for each kind of change.
AUDIT_ACTIONS = {
    ChangeKind.START: "subscriptions.start",
    ChangeKind.QUANTITY: "subscriptions.change_quantity",
    ChangeKind.PLAN: "subscriptions.change_plan",
    ChangeKind.CANCEL: "subscriptions.cancel",
    ChangeKind.CANCEL_AT_PERIOD_END: "subscriptions.cancel_at_period_end",
    ChangeKind.REACTIVATE: "subscriptions.reactivate",
    ChangeKind.PAUSE: "subscriptions.pause",
    ChangeKind.RESUME: "subscriptions.resume",
    ChangeKind.AUTO_RENEW: "subscriptions.set_auto_renew",
    ChangeKind.RENEW: "subscriptions.renew",
    ChangeKind.TRIAL_END: "subscriptions.end_trial",
    ChangeKind.EXPIRE: "subscriptions.expire",
    ChangeKind.PAST_DUE: "subscriptions.past_due",
    ChangeKind.PAID: "subscriptions.paid",
    ChangeKind.PAYMENT_METHOD: "subscriptions.save_card",
    ChangeKind.REMINDERS: "subscriptions.set_reminders",
}


def now() -> datetime:
    return datetime.now(UTC)


def day_start(day: date) -> datetime:
    """A day as the moment the worker's jobs treat it as come (UTC midnight)."""
    return datetime.combine(day, time.min, tzinfo=UTC)


async def lines_of(actor: Actor, subscription_id: uuid.UUID) -> list[SubscriptionLine]:
    rows = await actor.session.scalars(
        select(SubscriptionLine)
        .where(
            SubscriptionLine.tenant_id == actor.tenant_id,
            SubscriptionLine.subscription_id == subscription_id,
        )
        .order_by(SubscriptionLine.line_no)
    )
    return list(rows.all())


def mrr_of(subscription: Subscription, lines: Sequence[SubscriptionLine]) -> Decimal:
    return mrr(
        SubscriptionStatus(subscription.status),
        BillingPeriod(subscription.billing_period),
        [PricedLine(x.unit_price, x.quantity, x.discount_percent) for x in lines],
    )


def summary(subscription: Subscription, lines: Sequence[SubscriptionLine]) -> dict[str, Any]:
    """What the history and the audit log keep of a subscription's state."""
    return {
        "status": subscription.status,
        "cancelAtPeriodEnd": subscription.cancel_at_period_end,
        "autoRenew": subscription.auto_renew,
        "currentPeriodEnd": subscription.current_period_end.isoformat(),
        "lines": [
            {
                "lineNo": x.line_no,
                "planId": str(x.plan_id),
                "quantity": str(x.quantity),
                "unitPrice": str(x.unit_price),
                "discountPercent": str(x.discount_percent),
            }
            for x in lines
        ],
        "mrr": str(mrr_of(subscription, lines)),
    }


def new_change(
    actor: Actor,
    subscription: Subscription,
    kind: ChangeKind,
    effective_on: date,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    applied: bool = True,
) -> SubscriptionChange:
    principal = actor.principal
    change = SubscriptionChange(
        tenant_id=actor.tenant_id,
        id=uuid.uuid4(),
        subscription_id=subscription.id,
        customer_id=subscription.customer_id,
        kind=kind.value,
        before=before,
        after=after,
        effective_on=effective_on,
        applied_at=now() if applied else None,
        actor_kind=principal.kind.value if principal else "system",
        actor_id=principal.subject_id if principal else None,
        created_at=now(),
    )
    actor.session.add(change)
    return change


async def record_change(
    actor: Actor,
    subscription: Subscription,
    kind: ChangeKind,
    effective_on: date,
    before: dict[str, Any],
    mrr_before: Decimal,
    *,
    applied: bool = True,
) -> SubscriptionChange:
    """Write a change that happened to `subscription` (already changed in the session):
    its history row, audit entry, event and MRR movement; then reschedule it."""
    lines = await lines_of(actor, subscription.id)
    after = summary(subscription, lines)
    mrr_after = mrr_of(subscription, lines)
    subscription.version += 1
    subscription.updated_at = now()
    change = new_change(
        actor, subscription, kind, effective_on, before=before, after=after, applied=applied
    )
    await actor.session.flush()
    action = AUDIT_ACTIONS[kind]
    await audit.record(
        actor,
        action,
        "subscription",
        subscription.id,
        before=before,
        after=after,
    )
    await emit(
        actor,
        SubscriptionChanged(
            subscription_id=subscription.id,
            number=subscription.number,
            customer_id=subscription.customer_id,
            kind=kind.value,
            status=subscription.status,
            effective_on=effective_on,
            mrr=mrr_after,
        ),
    )
    await record_mrr(actor, subscription, effective_on, mrr_before, mrr_after, kind.value)
    await schedule(actor, subscription)
    return change


async def record_mrr(
    actor: Actor,
    subscription: Subscription,
    effective_on: date,
    mrr_before: Decimal,
    mrr_after: Decimal,
    cause: str,
) -> None:
    """Tell the recurring-revenue ledger, when the change moved the MRR at all."""
    if mrr_before == mrr_after:
        return
    await record_mrr_change(
        actor,
        MrrChange(
            customer_id=subscription.customer_id,
            subscription_id=subscription.id,
            effective_on=effective_on,
            currency=subscription.currency,
            mrr_before=mrr_before,
            mrr_after=mrr_after,
            cause=cause,
        ),
    )


async def schedule(
    actor: Actor,
    subscription: Subscription,
    *,
    lead_days: int | None = None,
    remind_on: date | None = None,
    retry_at: datetime | bool | None = False,
) -> None:
    """Put the subscription's next moments in the worker's schedule: its renewal order
    (unless it ends with this period), its period's end, and (when given) its next
    reminder and card retry; an ended subscription leaves the schedule."""
    status = SubscriptionStatus(subscription.status)
    if status in ENDED:
        await actor.session.execute(
            delete(SubscriptionDue).where(
                SubscriptionDue.tenant_id == actor.tenant_id,
                SubscriptionDue.subscription_id == subscription.id,
            )
        )
        return
    terms = await terms_of(actor)
    if lead_days is None:
        lead_days = terms.lead_days
    if remind_on is None:
        remind_on = next_reminder(
            subscription.current_period_start,
            subscription.current_period_end,
            terms.reminder_offsets,
            subscription.current_period_start - timedelta(days=1),
        )
    renews = subscription.auto_renew and not subscription.cancel_at_period_end
    paused = status is SubscriptionStatus.PAUSED
    values: dict[str, Any] = {
        "renew_at": day_start(renewal_due(subscription.current_period_end, lead_days))
        if renews and not paused
        else None,
        "period_end_at": None if paused else day_start(subscription.current_period_end),
    }
    values["remind_at"] = day_start(remind_on) if remind_on and not paused else None
    if retry_at is not False:
        values["retry_at"] = retry_at
    statement = insert(SubscriptionDue).values(
        tenant_id=actor.tenant_id, subscription_id=subscription.id, **values
    )
    await actor.session.execute(
        statement.on_conflict_do_update(
            index_elements=["tenant_id", "subscription_id"], set_=values
        )
    )


def days(count: int) -> timedelta:
    return timedelta(days=count)
