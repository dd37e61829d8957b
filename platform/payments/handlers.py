"""Payments event handlers: an order's receivables follow its lifecycle; overdue
reminders go out; refunds are announced to who decides them and who asked."""

from __future__ import annotations

from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from orders.events import OrderStatusChanged
from payments import notices, receivables, refund_notices, schedule
from payments.events import (
    InvoiceIssued,
    InvoiceSendRequested,
    ReceivableOverdue,
    ReconciliationMismatch,
    RefundEvent,
    RefundFailed,
    RefundRejected,
    RefundRequested,
    RefundSucceeded,
)

CLOCK_STARTED_BY = {status: trigger for trigger, status in schedule.TRIGGER_STATUS.items()}
FOLLOWED_STATUSES = frozenset({"confirmed", "cancelled", *CLOCK_STARTED_BY})


@handles(
    "payments.follow_order",
    OrderStatusChanged,
    when=lambda event: event_of(OrderStatusChanged, event).to in FOLLOWED_STATUSES,
)
async def follow_order(actor: Actor, event: OutboxEvent) -> None:
    """Confirmed: the order's receivables are created from its terms, those counted from
    confirmation already dated; shipped or delivered: receivables counted from then get
    their due dates; cancelled: what is unpaid is void."""
    changed = event_of(OrderStatusChanged, event)
    order_id, status = changed.order_id, changed.to
    if status == "confirmed":
        await receivables.create_schedule(actor, order_id)
    elif status in CLOCK_STARTED_BY:
        await receivables.start_clocks(actor, order_id, CLOCK_STARTED_BY[status])
    elif status == "cancelled":
        await receivables.void_unpaid(actor, order_id)


@handles("payments.overdue_reminder", ReceivableOverdue)
async def overdue_reminder(actor: Actor, event: OutboxEvent) -> None:
    await notices.send_overdue_reminder(actor, event_of(ReceivableOverdue, event), event.id)


@handles("payments.reconciliation_alert", ReconciliationMismatch)
async def reconciliation_alert(actor: Actor, event: OutboxEvent) -> None:
    await notices.alert_reconciliation(actor, event_of(ReconciliationMismatch, event), event.id)


@handles("payments.refund_requested", RefundRequested)
async def refund_requested(actor: Actor, event: OutboxEvent) -> None:
    """The staff who may execute refunds learn that one waits for them."""
    await refund_notices.tell_executors(actor, event_of(RefundRequested, event), event.id)


REFUND_OUTCOMES: dict[str, type[RefundEvent]] = {
    outcome.name: outcome for outcome in (RefundSucceeded, RefundFailed, RefundRejected)
}


@handles("payments.refund_decided", *REFUND_OUTCOMES.values())
async def refund_decided(actor: Actor, event: OutboxEvent) -> None:
    """The person who asked for a refund learns how it ended."""
    outcome = event_of(REFUND_OUTCOMES[event.type], event)
    await refund_notices.tell_requester(actor, outcome, event.id)


INVOICE_EMAILS: dict[str, type[InvoiceIssued | InvoiceSendRequested]] = {
    kind.name: kind for kind in (InvoiceIssued, InvoiceSendRequested)
}


@handles("payments.email_invoice", *INVOICE_EMAILS.values())
async def email_invoice(actor: Actor, event: OutboxEvent) -> None:
    """Email an issued invoice or credit note (when asked to) with its PDF attached."""
    asked = event_of(INVOICE_EMAILS[event.type], event)
    if asked.send_email:
        await notices.send_invoice(actor, asked.invoice_id, event.id)


HANDLERS: tuple[EventHandler, ...] = (
    follow_order,
    overdue_reminder,
    reconciliation_alert,
    refund_requested,
    refund_decided,
    email_invoice,
)
