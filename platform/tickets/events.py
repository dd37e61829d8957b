"""The events tickets emit: created, status changed, replied to (publicly), assigned and an
SLA target missed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from core.event_types import Event, event


@dataclass(frozen=True)
class TicketEvent(Event):
    """What every ticket event carries: the ticket, its number and customer."""

    ticket_id: uuid.UUID
    number: str
    customer_id: uuid.UUID


@event("ticket.created")
@dataclass(frozen=True)
class TicketCreated(TicketEvent):
    """A ticket was opened by staff, an integrator or the customer in the portal."""

    order_id: uuid.UUID | None
    category: str
    priority: str
    channel: str
    owner_id: uuid.UUID | None


@event("ticket.status_changed")
@dataclass(frozen=True)
class TicketStatusChanged(TicketEvent):
    """The ticket moved from one status to another (a reopen included)."""

    from_status: str
    to_status: str
    resolution_code: str | None


@event("ticket.replied")
@dataclass(frozen=True)
class TicketReplied(TicketEvent):
    """A public reply was added to the conversation, by staff (`authorKind` staff or
    api_client: the customer is emailed) or by the customer (portal). Internal notes raise
    no event."""

    message_id: uuid.UUID
    author_kind: str


@event("ticket.assigned")
@dataclass(frozen=True)
class TicketAssigned(TicketEvent):
    """The ticket's owner or department changed."""

    owner_id: uuid.UUID | None
    department_id: uuid.UUID | None
    previous_owner_id: uuid.UUID | None
    previous_department_id: uuid.UUID | None


@event("ticket.sla_breached")
@dataclass(frozen=True)
class TicketSlaBreached(TicketEvent):
    """One SLA target of the ticket was missed: `metric` (first_response, next_response or
    resolution) was due at `due_at`. Raised once per clock, however often the check runs."""

    metric: str
    due_at: datetime
    owner_id: uuid.UUID | None
    department_id: uuid.UUID | None


@event("ticket.survey_sent")
@dataclass(frozen=True)
class TicketSurveySent(TicketEvent):
    """The satisfaction survey of a solved ticket was emailed to the customer (once per
    ticket); `owner_id` is the owner when it was solved, whom the answer is attributed to."""

    survey_id: uuid.UUID
    owner_id: uuid.UUID | None
    expires_at: datetime


@event("ticket.survey_answered")
@dataclass(frozen=True)
class TicketSurveyAnswered(TicketEvent):
    """The customer answered the survey, or changed their answer (`version` counts up)."""

    survey_id: uuid.UUID
    owner_id: uuid.UUID | None
    version: int
    rating: str
    good: bool
    reason: str | None


@event("ticket.mentioned")
@dataclass(frozen=True)
class TicketMentioned(TicketEvent):
    """Staff mentioned colleagues in a message (usually an internal note); each of them who
    may read the ticket is told once."""

    message_id: uuid.UUID
    author_id: uuid.UUID | None
    mentioned_user_ids: tuple[uuid.UUID, ...]
