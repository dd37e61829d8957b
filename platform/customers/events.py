"""Events the customers domain emits (payloads in docs/events.md)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from core.event_types import Event, event


@event("customer.created")
@dataclass(frozen=True)
class CustomerCreated(Event):
    customer_id: uuid.UUID


@event("customer.credit_terms_changed")
@dataclass(frozen=True)
class CustomerCreditTermsChanged(Event):
    """The customer's terms after the change: paymentTerms {kind, netDays, instalments}
    and creditLimit {amount, currency}."""

    customer_id: uuid.UUID
    payment_terms: dict[str, Any]
    credit_limit: dict[str, Any]
