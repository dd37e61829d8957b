"""Subscription handlers: the renewal reminder's email and owner notice, the
confirmation email when auto-renewal is switched off or on, and past due and back when a
renewal order's receivable is overdue and when the customer pays."""

from __future__ import annotations

from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from payments.events import PaymentRecorded, ReceivableOverdue
from subscriptions.dunning import customer_paid, renewal_overdue
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


@handles("subscriptions.renewal_overdue", ReceivableOverdue)
async def past_due(actor: Actor, event: OutboxEvent) -> None:
    await renewal_overdue(actor, event_of(ReceivableOverdue, event).order_id)


@handles("subscriptions.customer_paid", PaymentRecorded)
async def paid(actor: Actor, event: OutboxEvent) -> None:
    await customer_paid(actor, event_of(PaymentRecorded, event).customer_id)


HANDLERS: tuple[EventHandler, ...] = (renewal_reminder, auto_renew_confirmation, past_due, paid)
