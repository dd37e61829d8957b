"""Opening tickets: by staff in the console, by integrators over the API and by the
customer's contact in the portal. Everything is checked first; a refused ticket writes
nothing and takes no number."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass

from sqlalchemy import select

import audit.services as audit
from core.context import Actor
from core.counters import GaplessCounter
from core.errors import BusinessRuleError
from core.ids import new_id
from core.outbox import emit
from core.tenancy import Principal, PrincipalKind
from tickets import rules, sla
from tickets.attachments import attach_files
from tickets.checks import (
    customer_errors,
    department_errors,
    entry_errors,
    owner_errors,
    raise_if,
)
from tickets.errors import TicketErrorCode
from tickets.events import TicketCreated
from tickets.models import Ticket
from tickets.recording import emit_assigned, now, summary
from tickets.rules import TicketChannel, TicketPriority, TicketStatus

_NUMBERS = GaplessCounter("ticket_number_counters")


@dataclass(frozen=True)
class NewTicket:
    customer_id: uuid.UUID
    subject: str
    description: str
    category: str = "other"
    priority: TicketPriority = TicketPriority.NORMAL
    order_id: uuid.UUID | None = None
    order_line_ids: tuple[uuid.UUID, ...] = ()
    owner_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None
    idempotency_key: str | None = None
    attachment_ids: tuple[uuid.UUID, ...] = ()
    channel: TicketChannel | None = None  # else the caller's: console, api or portal


@dataclass(frozen=True)
class PortalTicketInput:
    subject: str
    description: str
    category: str = "other"
    order_id: uuid.UUID | None = None
    order_line_ids: tuple[uuid.UUID, ...] = ()
    attachment_ids: tuple[uuid.UUID, ...] = ()
    channel: TicketChannel = TicketChannel.PORTAL


def _request_hash(data: NewTicket) -> str:
    raw = json.dumps(asdict(data), default=str, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()


async def _replayed(actor: Actor, data: NewTicket) -> Ticket | None:
    """The ticket an earlier call with this idempotency key created, when the input is the
    same; IDEMPOTENCY_KEY_REUSED when it differs."""
    if not data.idempotency_key:
        return None
    earlier = await actor.session.scalar(
        select(Ticket).where(
            Ticket.tenant_id == actor.tenant_id, Ticket.idempotency_key == data.idempotency_key
        )
    )
    if earlier is not None and earlier.request_hash != _request_hash(data):
        raise BusinessRuleError.single(
            TicketErrorCode.IDEMPOTENCY_KEY_REUSED,
            "This idempotency key was used for a different ticket.",
            "idempotencyKey",
        )
    return earlier


async def _next_number(actor: Actor) -> str:
    return rules.format_number(await _NUMBERS.take(actor))


def _channel(principal: Principal) -> TicketChannel:
    return {
        PrincipalKind.STAFF: TicketChannel.CONSOLE,
        PrincipalKind.API_CLIENT: TicketChannel.API,
        PrincipalKind.PORTAL: TicketChannel.PORTAL,
    }[principal.kind]


async def _open(actor: Actor, principal: Principal, data: NewTicket) -> Ticket:
    ticket = Ticket(
        tenant_id=actor.tenant_id,
        id=new_id(),
        number=await _next_number(actor),
        customer_id=data.customer_id,
        order_id=data.order_id,
        order_line_ids=list(data.order_line_ids),
        category=data.category,
        priority=data.priority.value,
        subject=rules.clean(data.subject),
        description=rules.clean(data.description),
        status=TicketStatus.NEW.value,
        channel=(data.channel or _channel(principal)).value,
        owner_id=data.owner_id,
        department_id=data.department_id,
        contact_id=principal.subject_id if principal.kind is PrincipalKind.PORTAL else None,
        created_by_kind=principal.kind.value,
        created_by_id=principal.subject_id,
        idempotency_key=data.idempotency_key,
        request_hash=_request_hash(data) if data.idempotency_key else None,
    )
    ticket.created_at = ticket.updated_at = now()
    actor.session.add(ticket)
    await actor.session.flush()
    await attach_files(actor, ticket, "ticket", ticket.id, data.attachment_ids)
    await sla.start_clocks(actor, ticket)
    await audit.record(actor, "tickets.create", "ticket", ticket.id, after=summary(ticket))
    await emit(
        actor,
        TicketCreated(
            ticket_id=ticket.id,
            number=ticket.number,
            customer_id=ticket.customer_id,
            order_id=ticket.order_id,
            category=ticket.category,
            priority=ticket.priority,
            channel=ticket.channel,
            owner_id=ticket.owner_id,
        ),
    )
    if ticket.owner_id or ticket.department_id:
        await emit_assigned(actor, ticket, None, None)
    return ticket


async def create_ticket(actor: Actor, data: NewTicket) -> Ticket:
    """Open a ticket for a customer in the caller's scope (tickets:write; choosing an owner
    or department also tickets:assign). Staff open it from the console, integrators over
    the API: the channel says which."""
    principal = await actor.require("tickets", "write")
    if data.owner_id is not None or data.department_id is not None:
        await actor.require("tickets", "assign")
    if (earlier := await _replayed(actor, data)) is not None:
        return earlier
    refused = await customer_errors(actor, data.customer_id)
    raise_if(
        [
            *refused,
            *await owner_errors(actor, data.owner_id),
            *await department_errors(actor, data.department_id),
            *await entry_errors(
                actor,
                None if refused else data.customer_id,
                data.subject,
                data.description,
                data.category,
                data.order_id,
                data.order_line_ids,
            ),
        ]
    )
    return await _open(actor, principal, data)


async def portal_create_ticket(actor: Actor, data: PortalTicketInput) -> Ticket:
    """The signed-in contact reports a problem for their customer, about one of its orders
    or in general; replies are emailed to them."""
    principal = actor.require_portal()
    assert principal.customer_id is not None
    raise_if(
        await entry_errors(
            actor,
            principal.customer_id,
            data.subject,
            data.description,
            data.category,
            data.order_id,
            data.order_line_ids,
        )
    )
    return await _open(
        actor,
        principal,
        NewTicket(
            customer_id=principal.customer_id,
            subject=data.subject,
            description=data.description,
            category=data.category,
            order_id=data.order_id,
            order_line_ids=data.order_line_ids,
            attachment_ids=data.attachment_ids,
            channel=data.channel,
        ),
    )
