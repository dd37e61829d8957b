"""What changes write beside themselves: the ticket as the audit log keeps it, the time,
and the assignment event."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from core.context import Actor
from core.outbox import emit
from tickets.events import TicketAssigned
from tickets.models import Ticket


def now() -> datetime:
    return datetime.now(UTC)


def summary(ticket: Ticket) -> dict[str, Any]:
    return {
        "number": ticket.number,
        "status": ticket.status,
        "category": ticket.category,
        "priority": ticket.priority,
        "subject": ticket.subject,
        "ownerId": str(ticket.owner_id) if ticket.owner_id else None,
        "departmentId": str(ticket.department_id) if ticket.department_id else None,
        "resolutionCode": ticket.resolution_code,
    }


async def emit_assigned(
    actor: Actor, ticket: Ticket, owner_before: uuid.UUID | None, dept_before: uuid.UUID | None
) -> None:
    await emit(
        actor,
        TicketAssigned(
            ticket_id=ticket.id,
            number=ticket.number,
            customer_id=ticket.customer_id,
            owner_id=ticket.owner_id,
            department_id=ticket.department_id,
            previous_owner_id=owner_before,
            previous_department_id=dept_before,
        ),
    )
