"""The events payments emit (docs/events.md lists who reacts to each)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.event_types import Event, event


@event("payment.recorded")
@dataclass(frozen=True)
class PaymentRecorded(Event):
    """A manual or Stripe payment was recorded and allocated."""

    payment_id: uuid.UUID
    number: str
    customer_id: uuid.UUID
    amount: Decimal
    currency: str
    method: str


@event("invoice.issued")
@dataclass(frozen=True)
class InvoiceIssued(Event):
    """An invoice or credit note (`kind`) took its number; `send_email` asks for it to be
    emailed to the customer."""

    invoice_id: uuid.UUID
    number: str
    kind: str
    order_id: uuid.UUID
    customer_id: uuid.UUID
    total: Decimal
    currency: str
    send_email: bool


@event("invoice.send_requested")
@dataclass(frozen=True)
class InvoiceSendRequested(Event):
    """Someone asked for an issued invoice to be emailed (again)."""

    invoice_id: uuid.UUID
    number: str
    send_email: bool = True


@dataclass(frozen=True)
class RefundEvent(Event):
    """What every refund event carries: the refund as it stands after the change."""

    refund_id: uuid.UUID
    number: str
    payment_number: str
    order_number: str | None
    customer_name: str
    amount: Decimal
    currency: str
    status: str
    requested_by_id: uuid.UUID | None
    failure_message: str | None


@event("refund.requested")
@dataclass(frozen=True)
class RefundRequested(RefundEvent):
    """A refund waits for someone allowed to execute it."""


@event("refund.succeeded")
@dataclass(frozen=True)
class RefundSucceeded(RefundEvent):
    """A refund was paid back (and credited)."""


@event("refund.failed")
@dataclass(frozen=True)
class RefundFailed(RefundEvent):
    """Stripe refused to pay a refund back."""


@event("refund.rejected")
@dataclass(frozen=True)
class RefundRejected(RefundEvent):
    """A requested refund was declined."""


@event("reconciliation.mismatch")
@dataclass(frozen=True)
class ReconciliationMismatch(Event):
    """A reconciliation run found `mismatches` disagreements of the kinds in `codes`."""

    run_id: uuid.UUID
    mismatches: int
    codes: list[str]


@event("receivable.overdue")
@dataclass(frozen=True)
class ReceivableOverdue(Event):
    """A receivable reached reminder `step` past its due date, still open."""

    receivable_id: uuid.UUID
    order_id: uuid.UUID
    number: str
    customer_id: uuid.UUID
    owner_id: uuid.UUID | None
    amount_open: Decimal
    currency: str
    due_date: date
    days_overdue: int
    step: int
