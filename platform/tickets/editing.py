"""Changing a ticket's subject, category and priority, and assigning its owner and
department."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import audit.services as audit
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from tickets import rules, sla
from tickets.categories import check_category
from tickets.checks import department_errors, ensure_not_closed, owner_errors, raise_if
from tickets.errors import TicketErrorCode
from tickets.models import Ticket
from tickets.reading import locked_ticket
from tickets.recording import emit_assigned, now, summary
from tickets.rules import TicketPriority

# A field left as KEEP is not changed; owner_id / department_id None clears them.
KEEP: Any = object()


@dataclass(frozen=True)
class TicketChanges:
    ticket_id: uuid.UUID
    subject: str | None = None
    category: str | None = None
    priority: TicketPriority | None = None
    owner_id: Any = KEEP
    department_id: Any = KEEP


async def _change_errors(actor: Actor, changes: TicketChanges) -> list[UserError]:
    errors: list[UserError] = []
    if changes.subject is not None:
        errors += rules.check_subject(rules.clean(changes.subject))
    if changes.category is not None:
        errors += await check_category(actor, changes.category)
    if changes.owner_id is not KEEP:
        errors += await owner_errors(actor, changes.owner_id)
    if changes.department_id is not KEEP:
        errors += await department_errors(actor, changes.department_id)
    return errors


async def _assign(actor: Actor, ticket: Ticket, changes: TicketChanges) -> None:
    owner_before, dept_before = ticket.owner_id, ticket.department_id
    if changes.owner_id is not KEEP:
        ticket.owner_id = changes.owner_id
    if changes.department_id is not KEEP:
        ticket.department_id = changes.department_id
    if (ticket.owner_id, ticket.department_id) != (owner_before, dept_before):
        await audit.record(
            actor,
            "tickets.assign",
            "ticket",
            ticket.id,
            before={"ownerId": str(owner_before or ""), "departmentId": str(dept_before or "")},
            after={
                "ownerId": str(ticket.owner_id or ""),
                "departmentId": str(ticket.department_id or ""),
            },
        )
        await emit_assigned(actor, ticket, owner_before, dept_before)


def _nothing_given(changes: TicketChanges) -> bool:
    return (
        changes.subject is None
        and changes.category is None
        and changes.priority is None
        and changes.owner_id is KEEP
        and changes.department_id is KEEP
    )


async def update_ticket(actor: Actor, changes: TicketChanges) -> Ticket:
    """Change a ticket's subject, category or priority (tickets:write) and its owner or
    department (tickets:assign); a closed ticket stays as it was closed."""
    await actor.require("tickets", "write")
    if changes.owner_id is not KEEP or changes.department_id is not KEEP:
        await actor.require("tickets", "assign")
    if _nothing_given(changes):
        raise BusinessRuleError.single(TicketErrorCode.NO_CHANGE, "Give at least one change.")
    raise_if(await _change_errors(actor, changes))
    ticket = await locked_ticket(actor, changes.ticket_id)
    ensure_not_closed(ticket)
    before = summary(ticket)
    if changes.subject is not None:
        ticket.subject = rules.clean(changes.subject)
    if changes.category is not None:
        ticket.category = changes.category
    if changes.priority is not None:
        ticket.priority = changes.priority.value
    await _assign(actor, ticket, changes)
    if (ticket.priority, ticket.category) != (before["priority"], before["category"]):
        await sla.reapply_policy(actor, ticket)
    if summary(ticket) != before:
        ticket.updated_at = now()
        await audit.record(
            actor, "tickets.update", "ticket", ticket.id, before=before, after=summary(ticket)
        )
    await actor.session.flush()
    return ticket
