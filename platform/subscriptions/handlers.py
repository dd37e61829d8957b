"""Subscription handlers: the renewal reminder's email and owner notice, and the
confirmation email when auto-renewal is switched off or on."""

from __future__ import annotations

from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from subscriptions.events import SubscriptionChanged, SubscriptionRenewalReminder
from subscriptions.mailing import confirm_auto_renew, send_reminder
from subscriptions.rules import ChangeKind


@handles("subscriptions.renewal_reminder", SubscriptionRenewalReminder)
async def renewal_reminder(actor: Actor, event: OutboxEvent) -> None:
    reminder = event_of(SubscriptionRenewalReminder, event)
    await send_reminder(
        actor, reminder.subscription_id, reminder.term_end, reminder.renews, event.id
    )


@handles(
    "subscriptions.auto_renew_confirmation",
    SubscriptionChanged,
    when=lambda event: event_of(SubscriptionChanged, event).kind == ChangeKind.AUTO_RENEW.value,
)
async def auto_renew_confirmation(actor: Actor, event: OutboxEvent) -> None:
    await confirm_auto_renew(actor, event_of(SubscriptionChanged, event).subscription_id, event.id)


HANDLERS: tuple[EventHandler, ...] = (renewal_reminder, auto_renew_confirmation)
