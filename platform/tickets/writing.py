"""Opening tickets (staff, integrators, the portal), replying, changing their fields and
status, and reopening them. Every use case checks everything first and writes nothing when
one check fails."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text

import audit.services as audit
import customers.services as customers
import identity.services as identity
import orders.services as orders
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from core.outbox import emit
from core.tenancy import Principal, PrincipalKind
from tickets import rules
from tickets.categories import check_category
from tickets.errors import TicketErrorCode
from tickets.events import TicketAssigned, TicketCreated, TicketReplied, TicketStatusChanged
from tickets.models import Ticket, TicketMessage
from tickets.reading import locked_ticket
from tickets.rules import MessageKind, ResolutionCode, TicketChannel, TicketPriority, TicketStatus

_NEXT_NUMBER = text("""
    INSERT INTO ticket_number_counters (tenant_id, next_value) VALUES (:tenant_id, 2)
    ON CONFLICT (tenant_id)
    DO UPDATE SET next_value = ticket_number_counters.next_value + 1
    RETURNING next_value - 1""")


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


@dataclass(frozen=True)
class PortalTicketInput:
    subject: str
    description: str
    category: str = "other"
    order_id: uuid.UUID | None = None
    order_line_ids: tuple[uuid.UUID, ...] = ()


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


def _raise_if(errors: list[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


def _now() -> datetime:
    return datetime.now(UTC)


def _summary(ticket: Ticket) -> dict[str, Any]:
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


# --- checks --------------------------------------------------------------------------------


async def _order_errors(
    actor: Actor,
    customer_id: uuid.UUID,
    order_id: uuid.UUID | None,
    line_ids: tuple[uuid.UUID, ...],
) -> list[UserError]:
    """The order is the customer's, in this tenant; its lines are the order's."""
    if order_id is None:
        if line_ids:
            return [
                UserError(
                    TicketErrorCode.LINES_WITHOUT_ORDER,
                    "Order lines need their order.",
                    ("orderLineIds",),
                )
            ]
        return []
    found = await orders.orders_for_system(actor, [order_id])
    if not found:
        return [UserError(TicketErrorCode.UNKNOWN_ORDER, "No such order.", ("orderId",))]
    order = found[0]
    if order.customer_id != customer_id and actor.require_principal().kind is PrincipalKind.PORTAL:
        # Another customer's order does not exist as far as a portal contact can tell.
        return [UserError(TicketErrorCode.UNKNOWN_ORDER, "No such order.", ("orderId",))]
    if order.customer_id != customer_id:
        return [
            UserError(
                TicketErrorCode.ORDER_OF_OTHER_CUSTOMER,
                f"Order {order.number} belongs to another customer.",
                ("orderId",),
            )
        ]
    [lines] = await orders.lines_of_orders(actor, [order.id])
    on_order = {line.id for line in lines}
    return [
        UserError(
            TicketErrorCode.UNKNOWN_ORDER_LINE,
            f"That line is not on order {order.number}.",
            ("orderLineIds", str(index)),
        )
        for index, line_id in enumerate(line_ids)
        if line_id not in on_order
    ]


async def _owner_errors(actor: Actor, owner_id: uuid.UUID | None) -> list[UserError]:
    if owner_id is None:
        return []
    [user] = await identity.users_by_id(actor, [owner_id])
    if user is None or user.status == "deactivated":
        return [
            UserError(
                TicketErrorCode.UNKNOWN_OWNER, "No active user of yours has that id.", ("ownerId",)
            )
        ]
    return []


async def _department_errors(actor: Actor, department_id: uuid.UUID | None) -> list[UserError]:
    if department_id is None:
        return []
    [department] = await identity.departments_by_id(actor, [department_id])
    if department is None:
        return [
            UserError(TicketErrorCode.UNKNOWN_DEPARTMENT, "No such department.", ("departmentId",))
        ]
    return []


async def _customer_errors(actor: Actor, customer_id: uuid.UUID) -> list[UserError]:
    """A customer the caller reaches (staff: within their data scope)."""
    [customer] = await customers.customers_by_id(actor, [customer_id])
    if customer is None:
        return [UserError(TicketErrorCode.UNKNOWN_CUSTOMER, "No such customer.", ("customerId",))]
    return []


# --- opening -------------------------------------------------------------------------------


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
    seq = await actor.session.scalar(_NEXT_NUMBER, {"tenant_id": actor.tenant_id})
    assert seq is not None
    return rules.format_number(int(seq))


def _channel(principal: Principal) -> TicketChannel:
    return {
        PrincipalKind.STAFF: TicketChannel.CONSOLE,
        PrincipalKind.API_CLIENT: TicketChannel.API,
        PrincipalKind.PORTAL: TicketChannel.PORTAL,
    }[principal.kind]


async def _author_label(actor: Actor, principal: Principal) -> str:
    """How the conversation names its author: a staff user's or portal contact's name,
    an API client's label."""
    if principal.kind is PrincipalKind.STAFF:
        [user] = await identity.users_by_id(actor, [principal.subject_id])
        if user is not None:
            return user.name
    if principal.kind is PrincipalKind.PORTAL:
        contact = await customers.portal_contact_by_id(
            actor, actor.tenant_id, principal.subject_id, principal.customer_id
        )
        if contact is not None:
            return contact.name
    return actor.actor_label or str(principal.subject_id)


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
        channel=_channel(principal).value,
        owner_id=data.owner_id,
        department_id=data.department_id,
        contact_id=principal.subject_id if principal.kind is PrincipalKind.PORTAL else None,
        created_by_kind=principal.kind.value,
        created_by_id=principal.subject_id,
        idempotency_key=data.idempotency_key,
        request_hash=_request_hash(data) if data.idempotency_key else None,
    )
    ticket.created_at = ticket.updated_at = _now()
    actor.session.add(ticket)
    await actor.session.flush()
    await audit.record(actor, "tickets.create", "ticket", ticket.id, after=_summary(ticket))
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
        await _emit_assigned(actor, ticket, None, None)
    return ticket


async def _entry_errors(
    actor: Actor,
    customer_id: uuid.UUID,
    subject: str,
    description: str,
    category: str,
    order_id: uuid.UUID | None,
    line_ids: tuple[uuid.UUID, ...],
) -> list[UserError]:
    return [
        *rules.check_subject(rules.clean(subject)),
        *rules.check_body(rules.clean(description), "description"),
        *await check_category(actor, category),
        *await _order_errors(actor, customer_id, order_id, line_ids),
    ]


async def create_ticket(actor: Actor, data: NewTicket) -> Ticket:
    """Open a ticket for a customer in the caller's scope (tickets:write; choosing an owner
    or department also tickets:assign). Staff open it from the console, integrators over
    the API: the channel says which."""
    principal = await actor.require("tickets", "write")
    if data.owner_id is not None or data.department_id is not None:
        await actor.require("tickets", "assign")
    if (earlier := await _replayed(actor, data)) is not None:
        return earlier
    customer_errors = await _customer_errors(actor, data.customer_id)
    errors = [
        *customer_errors,
        *await _owner_errors(actor, data.owner_id),
        *await _department_errors(actor, data.department_id),
    ]
    if not customer_errors:
        errors += await _entry_errors(
            actor,
            data.customer_id,
            data.subject,
            data.description,
            data.category,
            data.order_id,
            data.order_line_ids,
        )
    else:
        errors += [
            *rules.check_subject(rules.clean(data.subject)),
            *rules.check_body(rules.clean(data.description), "description"),
        ]
    _raise_if(errors)
    return await _open(actor, principal, data)


async def portal_create_ticket(actor: Actor, data: PortalTicketInput) -> Ticket:
    """The signed-in contact reports a problem for their customer, about one of its orders
    or in general; replies are emailed to them."""
    principal = actor.require_portal()
    assert principal.customer_id is not None
    _raise_if(
        await _entry_errors(
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
        ),
    )


# --- the conversation ----------------------------------------------------------------------


def _ensure_not_closed(ticket: Ticket) -> None:
    if ticket.status == TicketStatus.CLOSED.value:
        raise BusinessRuleError.single(
            TicketErrorCode.TICKET_CLOSED,
            f"Ticket {ticket.number} is closed: reopen it, or open a new one.",
            "ticketId",
        )


async def _add_message(
    actor: Actor, principal: Principal, ticket: Ticket, body: str, kind: MessageKind
) -> TicketMessage:
    message = TicketMessage(
        tenant_id=actor.tenant_id,
        id=new_id(),
        ticket_id=ticket.id,
        customer_id=ticket.customer_id,
        kind=kind.value,
        author_kind=principal.kind.value,
        author_id=principal.subject_id,
        author_label=await _author_label(actor, principal),
        body=body,
    )
    message.created_at = ticket.updated_at = _now()
    actor.session.add(message)
    await actor.session.flush()
    await audit.record(
        actor,
        "tickets.reply",
        "ticket",
        ticket.id,
        after={"number": ticket.number, "kind": kind.value, "messageId": str(message.id)},
    )
    if kind is MessageKind.PUBLIC_REPLY:
        await emit(
            actor,
            TicketReplied(
                ticket_id=ticket.id,
                number=ticket.number,
                customer_id=ticket.customer_id,
                message_id=message.id,
                author_kind=principal.kind.value,
            ),
        )
    return message


async def reply_to_ticket(
    actor: Actor, ticket_id: uuid.UUID, body: str, kind: MessageKind
) -> Ticket:
    """Staff answer the customer (a public reply, emailed to the customer's contact; the
    first one is the ticket's first response and moves a new ticket to open) or write an
    internal note (staff only) (tickets:write). Closed tickets take no replies."""
    principal = await actor.require("tickets", "write")
    body = rules.clean(body)
    _raise_if(rules.check_body(body))
    ticket = await locked_ticket(actor, ticket_id)
    _ensure_not_closed(ticket)
    await _add_message(actor, principal, ticket, body, kind)
    if kind is MessageKind.PUBLIC_REPLY:
        ticket.first_response_at = ticket.first_response_at or ticket.updated_at
        await _move(actor, ticket, rules.status_after_staff_reply(TicketStatus(ticket.status)))
    await actor.session.flush()
    return ticket


async def portal_reply(actor: Actor, ticket_id: uuid.UUID, body: str) -> Ticket:
    """The customer's contact answers on their own ticket: a ticket waiting on the
    customer, or solved, moves back to open."""
    principal = actor.require_portal()
    body = rules.clean(body)
    _raise_if(rules.check_body(body))
    ticket = await locked_ticket(actor, ticket_id)
    _ensure_not_closed(ticket)
    await _add_message(actor, principal, ticket, body, MessageKind.PUBLIC_REPLY)
    await _move(actor, ticket, rules.status_after_customer_reply(TicketStatus(ticket.status)))
    await actor.session.flush()
    return ticket


# --- status --------------------------------------------------------------------------------


async def _move(
    actor: Actor, ticket: Ticket, target: TicketStatus, resolution: ResolutionCode | None = None
) -> None:
    """Set the status and its timestamps, audit it and emit ticket.status_changed (nothing
    when it stays)."""
    current = TicketStatus(ticket.status)
    if target is current:
        return
    before = _summary(ticket)
    now = _now()
    ticket.status, ticket.updated_at = target.value, now
    if target is TicketStatus.SOLVED:
        ticket.solved_at = now
        ticket.resolution_code = resolution.value if resolution else None
    elif target is TicketStatus.CLOSED:
        ticket.closed_at = now
    else:
        ticket.resolution_code = ticket.solved_at = ticket.closed_at = None
    await audit.record(
        actor, "tickets.change_status", "ticket", ticket.id, before=before, after=_summary(ticket)
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
    await _move(actor, ticket, target, resolution)
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
    if not rules.may_reopen(status, ticket.closed_at, _now()):
        raise BusinessRuleError.single(
            TicketErrorCode.REOPEN_WINDOW_PASSED,
            f"Ticket {ticket.number} was closed too long ago to reopen; open a new one.",
            "ticketId",
        )
    await _move(actor, ticket, TicketStatus.OPEN)
    await audit.record(actor, "tickets.reopen", "ticket", ticket.id, after=_summary(ticket))
    await actor.session.flush()
    return ticket


# --- fields and assignment -----------------------------------------------------------------


async def _emit_assigned(
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


async def _change_errors(actor: Actor, changes: TicketChanges) -> list[UserError]:
    errors: list[UserError] = []
    if changes.subject is not None:
        errors += rules.check_subject(rules.clean(changes.subject))
    if changes.category is not None:
        errors += await check_category(actor, changes.category)
    if changes.owner_id is not KEEP:
        errors += await _owner_errors(actor, changes.owner_id)
    if changes.department_id is not KEEP:
        errors += await _department_errors(actor, changes.department_id)
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
        await _emit_assigned(actor, ticket, owner_before, dept_before)


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
    _raise_if(await _change_errors(actor, changes))
    ticket = await locked_ticket(actor, changes.ticket_id)
    _ensure_not_closed(ticket)
    before = _summary(ticket)
    if changes.subject is not None:
        ticket.subject = rules.clean(changes.subject)
    if changes.category is not None:
        ticket.category = changes.category
    if changes.priority is not None:
        ticket.priority = changes.priority.value
    await _assign(actor, ticket, changes)
    if _summary(ticket) != before:
        ticket.updated_at = _now()
        await audit.record(
            actor, "tickets.update", "ticket", ticket.id, before=before, after=_summary(ticket)
        )
    await actor.session.flush()
    return ticket
