"""A ticket's status: moving it on (new -> open -> pending -> solved -> closed) and
reopening it; every move is audited and emits ticket.status_changed."""

from __future__ import annotations

import uuid

import audit.services as audit
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.outbox import emit
from tickets import rules, sla, surveys
from tickets.errors import TicketErrorCode
from tickets.events import TicketStatusChanged
from tickets.models import Ticket
from tickets.reading import locked_ticket
from tickets.recording import now, summary
from tickets.rules import ResolutionCode, TicketStatus


async def move(
    actor: Actor, ticket: Ticket, target: TicketStatus, resolution: ResolutionCode | None = None
) -> None:
    """Set the status and its timestamps, audit it and emit ticket.status_changed (nothing
    when it stays)."""
    current = TicketStatus(ticket.status)
    if target is current:
        return
    before = summary(ticket)
    moment = now()
    ticket.status, ticket.updated_at = target.value, moment
    if target is TicketStatus.SOLVED:
        ticket.solved_at = moment
        ticket.resolution_code = resolution.value if resolution else None
    elif target is TicketStatus.CLOSED:
        ticket.closed_at = moment
    else:
        ticket.resolution_code = ticket.solved_at = ticket.closed_at = None
    await sla.status_moved(actor, ticket, current, target, moment)
    if target is TicketStatus.SOLVED:
        await surveys.ticket_solved(actor, ticket)
    elif current in sla.FINISHED and target not in sla.FINISHED:
        await surveys.ticket_reopened(actor, ticket)
    await audit.record(
        actor, "tickets.change_status", "ticket", ticket.id, before=before, after=summary(ticket)
    )
    await emit(
        actor,
        TicketStatusChanged(
            ticket_id=ticket.id,
            number=ticket.number,
            customer_id=ticket.customer_id,
            from_status=current.value,
            to_status=target.value,
            resolution_code=ticket.resolution_code,
        ),
    )


async def change_status(
    actor: Actor,
    ticket_id: uuid.UUID,
    target: TicketStatus,
    resolution: ResolutionCode | None = None,
) -> Ticket:
    """Move a ticket along new -> open -> pending customer / third party -> solved ->
    closed (tickets:write); solving needs a resolution code. Reopening is reopenTicket."""
    await actor.require("tickets", "write")
    ticket = await locked_ticket(actor, ticket_id)
    current = TicketStatus(ticket.status)
    if not rules.can_move(current, target):
        raise BusinessRuleError(
            UserError(
                TicketErrorCode.ILLEGAL_TRANSITION,
                f"A {current.value.replace('_', ' ')} ticket cannot become "
                f"{target.value.replace('_', ' ')}.",
                ("status",),
                {"from": current.value, "to": target.value},
            )
        )
    if target is TicketStatus.SOLVED and resolution is None:
        raise BusinessRuleError.single(
            TicketErrorCode.RESOLUTION_REQUIRED, "Say how it was resolved.", "resolutionCode"
        )
    await move(actor, ticket, target, resolution)
    await actor.session.flush()
    return ticket


async def reopen_ticket(actor: Actor, ticket_id: uuid.UUID) -> Ticket:
    """A solved ticket, or one closed within the last 30 days, goes back to open
    (tickets:write); its resolution is cleared."""
    await actor.require("tickets", "write")
    ticket = await locked_ticket(actor, ticket_id)
    status = TicketStatus(ticket.status)
    if status not in rules.REOPENABLE:
        raise BusinessRuleError.single(
            TicketErrorCode.ILLEGAL_TRANSITION,
            f"Ticket {ticket.number} is {status.value.replace('_', ' ')}, not solved or closed.",
            "ticketId",
        )
    if not rules.may_reopen(status, ticket.closed_at, now()):
        raise BusinessRuleError.single(
            TicketErrorCode.REOPEN_WINDOW_PASSED,
            f"Ticket {ticket.number} was closed too long ago to reopen; open a new one.",
            "ticketId",
        )
    await move(actor, ticket, TicketStatus.OPEN)
    await audit.record(actor, "tickets.reopen", "ticket", ticket.id, after=summary(ticket))
    await actor.session.flush()
    return ticket
