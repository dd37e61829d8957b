"""The events quotes emit: sent, accepted, declined, expired and withdrawn."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from core.event_types import Event, event


@dataclass(frozen=True)
class QuoteEvent(Event):
    """What every quote event carries: the quote, its number, customer and version."""

    quote_id: uuid.UUID
    number: str
    customer_id: uuid.UUID
    version: int


@event("quote.sent")
@dataclass(frozen=True)
class QuoteSent(QuoteEvent):
    """A version of the quote was sent to the customer (PDF, email, portal)."""

    total: Decimal
    currency: str


@event("quote.accepted")
@dataclass(frozen=True)
class QuoteAccepted(QuoteEvent):
    """The customer (or staff on their behalf) accepted: what the acceptance created."""

    order_id: uuid.UUID | None
    subscription_id: uuid.UUID | None
    contract_id: uuid.UUID | None


@event("quote.declined")
@dataclass(frozen=True)
class QuoteDeclined(QuoteEvent):
    """The customer declined the quote, with a reason."""

    reason: str


@event("quote.expired")
@dataclass(frozen=True)
class QuoteExpired(QuoteEvent):
    """A sent quote passed its validity date unanswered."""


@event("quote.withdrawn")
@dataclass(frozen=True)
class QuoteWithdrawn(QuoteEvent):
    """Staff withdrew a sent quote: the customer can no longer accept it."""
