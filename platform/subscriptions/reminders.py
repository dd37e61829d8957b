"""Renewal reminders: before the end of a term (the current period), on the tenant's ladder
of offsets (default 60, 30, 14 and 7 days), each sent once per (subscription, term end,
offset) across worker restarts — the reminder row's unique key, inserted before the event
that sends it. Offsets that fall before the period began are skipped (a monthly term gets
14 and 7); a run that finds several due (the worker was down) sends the nearest one and
records the rest. A customer who opted out gets only the last, mandatory reminder."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert

from core.context import Actor, Services
from core.outbox import emit
from subscriptions.events import SubscriptionRenewalReminder
from subscriptions.models import Subscription, SubscriptionDue, SubscriptionReminder
from subscriptions.recording import day_start, now
from subscriptions.renewals import due_batch, locked_subscriptions, tenant_chunks
from subscriptions.rules import ENDED, SubscriptionStatus, next_reminder, reminder_days
from subscriptions.settings import terms_of


async def run_reminders(
    services: Services, on: date | None = None, tenant_id: uuid.UUID | None = None
) -> int:
    """Send the renewal reminders due by `on` (default today, UTC), across tenants (or of
    `tenant_id` only); returns how many went out."""
    day = on or now().date()
    sent = 0
    after: tuple[uuid.UUID, uuid.UUID] | None = None
    while due := await due_batch(
        services, SubscriptionDue.remind_at, day_start(day), after, tenant_id
    ):
        after = due[-1]
        for tenant_id, ids in tenant_chunks(due):
            async with services.db.transaction(tenant_id) as session:
                actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
                offsets = (await terms_of(actor)).reminder_offsets
                for subscription in await locked_subscriptions(actor, ids):
                    sent += await _remind(actor, subscription, offsets, day)
    return sent


async def _remind(
    actor: Actor, subscription: Subscription, offsets: tuple[int, ...], day: date
) -> int:
    if SubscriptionStatus(subscription.status) in ENDED or subscription.status == "paused":
        await _set_remind_at(actor, subscription.id, None)
        return 0
    days = reminder_days(
        subscription.current_period_start, subscription.current_period_end, offsets
    )
    due = sorted(o for o, d in days.items() if d <= day < subscription.current_period_end)
    new = [o for o in due if await _claim(actor, subscription, o)]
    await _set_remind_at(
        actor,
        subscription.id,
        next_reminder(
            subscription.current_period_start, subscription.current_period_end, offsets, day
        ),
    )
    if not new:
        return 0
    nearest = new[0]
    mandatory = nearest == min(offsets)
    if subscription.reminders_opted_out and not mandatory:
        return 0
    await emit(
        actor,
        SubscriptionRenewalReminder(
            subscription_id=subscription.id,
            number=subscription.number,
            customer_id=subscription.customer_id,
            term_end=subscription.current_period_end,
            offset_days=nearest,
            renews=subscription.auto_renew and not subscription.cancel_at_period_end,
        ),
    )
    return 1


async def _claim(actor: Actor, subscription: Subscription, offset: int) -> bool:
    inserted = await actor.session.scalar(
        insert(SubscriptionReminder)
        .values(
            tenant_id=actor.tenant_id,
            id=uuid.uuid4(),
            subscription_id=subscription.id,
            customer_id=subscription.customer_id,
            term_end=subscription.current_period_end,
            offset_days=offset,
        )
        .on_conflict_do_nothing(
            index_elements=["tenant_id", "subscription_id", "term_end", "offset_days"]
        )
        .returning(SubscriptionReminder.id)
    )
    return inserted is not None


async def _set_remind_at(actor: Actor, subscription_id: uuid.UUID, on: date | None) -> None:
    await actor.session.execute(
        update(SubscriptionDue)
        .where(
            SubscriptionDue.tenant_id == actor.tenant_id,
            SubscriptionDue.subscription_id == subscription_id,
        )
        .values(remind_at=day_start(on) if on else None)
    )
