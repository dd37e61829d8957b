"""Payments event handlers: an order's receivables follow its lifecycle; overdue
reminders go out; refunds are announced to who decides them and who asked."""

from __future__ import annotations

import uuid

from core.context import Actor
from core.events import EventHandler, handles
from core.outbox import OutboxEvent
from payments import (
    invoices,
    notices,
    reconciliation,
    refund_notices,
    refunds,
    reminders,
    schedule,
    services,
)

CLOCK_STARTED_BY = {status: trigger for trigger, status in schedule.TRIGGER_STATUS.items()}


@handles("payments.follow_order", "order.status_changed")
async def follow_order(actor: Actor, event: OutboxEvent) -> None:
    """Confirmed: the order's receivables are created from its terms; shipped or delivered:
    receivables counted from then get their due dates; cancelled: what is unpaid is void."""
    order_id, status = uuid.UUID(event.payload["orderId"]), event.payload["to"]
    if status == "confirmed":
        await services.schedule_order(actor, order_id)
    if status in CLOCK_STARTED_BY:
        await services.start_clocks(actor, order_id, CLOCK_STARTED_BY[status])
    if status == "cancelled":
        await services.void_unpaid(actor, order_id)


@handles("payments.overdue_reminder", reminders.RECEIVABLE_OVERDUE)
async def overdue_reminder(actor: Actor, event: OutboxEvent) -> None:
    await notices.send_overdue_reminder(actor, event.payload, event.id)


@handles("payments.reconciliation_alert", reconciliation.RECONCILIATION_MISMATCH)
async def reconciliation_alert(actor: Actor, event: OutboxEvent) -> None:
    await notices.alert_reconciliation(actor, event.payload, event.id)


@handles("payments.refund_requested", refunds.REFUND_REQUESTED)
async def refund_requested(actor: Actor, event: OutboxEvent) -> None:
    """The staff who may execute refunds learn that one waits for them."""
    await refund_notices.tell_executors(actor, event.payload, event.id)


@handles(
    "payments.refund_decided",
    refunds.REFUND_SUCCEEDED,
    refunds.REFUND_FAILED,
    refunds.REFUND_REJECTED,
)
async def refund_decided(actor: Actor, event: OutboxEvent) -> None:
    """The person who asked for a refund learns how it ended."""
    await refund_notices.tell_requester(actor, event.payload, event.id)


@handles("payments.email_invoice", invoices.INVOICE_ISSUED, invoices.INVOICE_SEND_REQUESTED)
async def email_invoice(actor: Actor, event: OutboxEvent) -> None:
    """Email an issued invoice or credit note (when asked to) with its PDF attached."""
    if event.payload.get("sendEmail", True):
        await notices.send_invoice(actor, uuid.UUID(event.payload["invoiceId"]), event.id)


HANDLERS: tuple[EventHandler, ...] = (
    follow_order,
    overdue_reminder,
    reconciliation_alert,
    refund_requested,
    refund_decided,
    email_invoice,
)
