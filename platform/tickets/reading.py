"""Reading tickets: the staff list with its filters, lookups by id and number, the
conversation, and the portal contact's own tickets (public messages only)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, or_, select

from core import access
from core.context import Actor
from core.pagination import Page, keyset_page
from core.tenancy import PrincipalKind
from tickets.models import Ticket, TicketMessage, TicketSlaClock
from tickets.rules import MessageKind, TicketPriority, TicketStatus


@dataclass(frozen=True)
class TicketFilter:
    """The staff list's filters; every one given must match. `assigned_to_me` and
    `unassigned` narrow the owner like `owner_id` does."""

    statuses: tuple[TicketStatus, ...] = ()
    priorities: tuple[TicketPriority, ...] = ()
    owner_id: uuid.UUID | None = None
    assigned_to_me: bool = False
    unassigned: bool = False
    department_id: uuid.UUID | None = None
    customer_id: uuid.UUID | None = None
    order_id: uuid.UUID | None = None
    category: str | None = None
    search: str | None = None
    due_within_minutes: int | None = None


def _like(search: str) -> str:
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _staff(actor: Actor) -> bool:
    return actor.require_principal().kind is not PrincipalKind.PORTAL


def _owner_filtered(actor: Actor, statement: Select[Ticket], flt: TicketFilter) -> Select[Ticket]:
    if flt.owner_id is not None:
        statement = statement.where(Ticket.owner_id == flt.owner_id)
    if flt.assigned_to_me:
        statement = statement.where(Ticket.owner_id == actor.require_principal().subject_id)
    if flt.unassigned:
        statement = statement.where(Ticket.owner_id.is_(None))
    return statement


def _due_soon(actor: Actor, statement: Select[Ticket], minutes: int) -> Select[Ticket]:
    """Tickets with a running SLA clock (not met, not paused) due within `minutes` from now,
    or already overdue."""
    due = select(TicketSlaClock.ticket_id).where(
        TicketSlaClock.tenant_id == actor.tenant_id,
        TicketSlaClock.reached_at.is_(None),
        TicketSlaClock.paused_since.is_(None),
        TicketSlaClock.due_at <= datetime.now(UTC) + timedelta(minutes=max(minutes, 0)),
    )
    return statement.where(Ticket.id.in_(due))


def _filtered(actor: Actor, statement: Select[Ticket], flt: TicketFilter) -> Select[Ticket]:
    statement = _owner_filtered(actor, statement, flt)
    if flt.due_within_minutes is not None:
        statement = _due_soon(actor, statement, flt.due_within_minutes)
    if flt.statuses:
        statement = statement.where(Ticket.status.in_([s.value for s in flt.statuses]))
    if flt.priorities:
        statement = statement.where(Ticket.priority.in_([p.value for p in flt.priorities]))
    for column, value in (
        (Ticket.department_id, flt.department_id),
        (Ticket.customer_id, flt.customer_id),
        (Ticket.order_id, flt.order_id),
        (Ticket.category, flt.category),
    ):
        if value is not None:
            statement = statement.where(column == value)
    if flt.search and flt.search.strip():
        pattern = _like(flt.search.strip())
        statement = statement.where(
            or_(Ticket.subject.ilike(pattern), Ticket.number.ilike(pattern))
        )
    return statement


async def _page(
    actor: Actor, statement: Select[Ticket], first: int | None, after: str | None
) -> Page[Ticket]:
    return await keyset_page(
        actor.session, statement, [Ticket.created_at, Ticket.id], first=first, after=after
    )


async def list_tickets(
    actor: Actor, flt: TicketFilter, first: int | None, after: str | None
) -> Page[Ticket]:
    """Tickets in the caller's data scope (tickets:read), newest first (keyset on
    created_at, id): one statement per page."""
    actor.require_staff()
    statement = _filtered(actor, await access.restrict(actor, Ticket), flt)
    return await _page(actor, statement, first, after)


async def tickets_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Ticket | None]:
    """A DataLoader batch of staff tickets; portal contacts reach theirs as PortalTicket."""
    if not _staff(actor):
        return [None] * len(ids)
    return await access.rows_by_id(actor, Ticket, ids)


async def ticket_by_number(actor: Actor, number: str) -> Ticket | None:
    if not _staff(actor):
        return None
    statement = (await access.restrict(actor, Ticket)).where(Ticket.number == number.strip())
    return await actor.session.scalar(statement)


async def tickets_of_orders(actor: Actor, order_ids: list[uuid.UUID]) -> list[list[Ticket]]:
    """Tickets of orders the caller already reached, newest first (a DataLoader batch);
    empty lists for callers without tickets:read."""
    grouped: dict[uuid.UUID, list[Ticket]] = {i: [] for i in order_ids}
    if not await actor.can("tickets", "read"):
        return [grouped[i] for i in order_ids]
    rows = (
        await actor.session.scalars(
            (await access.restrict(actor, Ticket))
            .where(Ticket.order_id.in_(order_ids))
            .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        )
    ).all()
    for row in rows:
        if row.order_id is not None:
            grouped[row.order_id].append(row)
    return [grouped[i] for i in order_ids]


async def messages_of_tickets(
    actor: Actor, ticket_ids: list[uuid.UUID]
) -> list[list[TicketMessage]]:
    """The conversation of tickets the caller already reached, oldest first (a DataLoader
    batch). A portal contact gets public replies only; internal notes never reach them."""
    statement = (
        await access.restrict(actor, TicketMessage, "read" if _staff(actor) else access.PORTAL)
    ).where(TicketMessage.ticket_id.in_(ticket_ids))
    if not _staff(actor):
        statement = statement.where(TicketMessage.kind == MessageKind.PUBLIC_REPLY.value)
    rows = (
        await actor.session.scalars(statement.order_by(TicketMessage.created_at, TicketMessage.id))
    ).all()
    grouped: dict[uuid.UUID, list[TicketMessage]] = {i: [] for i in ticket_ids}
    for row in rows:
        grouped[row.ticket_id].append(row)
    return [grouped[i] for i in ticket_ids]


async def portal_tickets(actor: Actor, first: int | None, after: str | None) -> Page[Ticket]:
    """The signed-in contact's customer's tickets, newest first."""
    actor.require_portal()
    statement = await access.restrict(actor, Ticket, access.PORTAL)
    return await _page(actor, statement, first, after)


async def portal_ticket(actor: Actor, ticket_id: uuid.UUID) -> Ticket:
    """One of the contact's customer's tickets, or NOT_FOUND (another customer's too)."""
    actor.require_portal()
    return await access.get_scoped(actor, Ticket, ticket_id, access.PORTAL)


async def locked_ticket(actor: Actor, ticket_id: uuid.UUID) -> Ticket:
    """A ticket the caller may change (staff: tickets:read within scope, then the use case's
    own permission; portal: their own customer's), locked; NOT_FOUND otherwise."""
    action = "read" if _staff(actor) else access.PORTAL
    return await access.get_scoped(actor, Ticket, ticket_id, action, lock=True)


async def ticket_for_system(actor: Actor, ticket_id: uuid.UUID) -> Ticket | None:
    return await actor.session.get(Ticket, (actor.tenant_id, ticket_id))


async def message_for_system(actor: Actor, message_id: uuid.UUID) -> TicketMessage | None:
    return await actor.session.get(TicketMessage, (actor.tenant_id, message_id))
