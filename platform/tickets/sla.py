"""Tickets' SLA clocks, stored: which policy applies, the tenant's working calendar, and how
each step of a ticket moves its clocks (the arithmetic is `sla_clock`'s, on
`business_hours`). Only services of this domain call in here, inside their transaction.

Clocks: first response and resolution start when a ticket is opened; next response starts
when the customer writes after the first response and stops at the next public staff reply.
Pending statuses pause resolution; solving meets it; reopening resumes it with the solved
time not counted. A running clock has a pointer in `ticket_sla_due`, which the breach check
scans by due time across tenants."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, time

import structlog
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

import tenants.services as tenants
from core.context import Actor, Services
from core.db import bind_tenant
from core.outbox import emit
from tickets.business_hours import WorkingCalendar
from tickets.events import TicketSlaBreached
from tickets.models import SlaPolicy, Ticket, TicketCalendar, TicketSlaClock, TicketSlaDue
from tickets.rules import TicketStatus
from tickets.sla_clock import SlaClock, SlaMetric, record_breach, resume, retarget, start
from tickets.sla_clock import fulfil as fulfilled
from tickets.sla_clock import pause as paused

log = structlog.get_logger("orbit.tickets.sla")

DEFAULT_HOURS = {weekday: [(time(9), time(18))] for weekday in range(5)}
PENDING = frozenset({TicketStatus.PENDING_CUSTOMER, TicketStatus.PENDING_THIRD_PARTY})
FINISHED = frozenset({TicketStatus.SOLVED, TicketStatus.CLOSED})
BREACH_BATCH = 500


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- calendar and policy ---------------------------------------------------------------------


def calendar_from(row: TicketCalendar) -> WorkingCalendar:
    return WorkingCalendar.create(
        row.time_zone,
        {
            int(day): [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in spans]
            for day, spans in row.weekly_hours.items()
        },
        row.country,
        row.subdivision,
        row.closed_dates,
    )


async def calendar_of(actor: Actor) -> WorkingCalendar:
    """The tenant's calendar, or Monday to Friday 09:00-18:00 in its time zone."""
    row = await actor.session.get(TicketCalendar, actor.tenant_id)
    if row is not None:
        return calendar_from(row)

    zone = (await tenants.current_tenant(actor)).time_zone
    return WorkingCalendar.create(zone, DEFAULT_HOURS)


def matches(policy: SlaPolicy, ticket: Ticket) -> bool:
    return (not policy.priorities or ticket.priority in policy.priorities) and (
        not policy.categories or ticket.category in policy.categories
    )


async def policy_for(actor: Actor, ticket: Ticket) -> SlaPolicy | None:
    """The first matching policy by position, else the fallback, else none (no SLA)."""
    policies = (
        await actor.session.scalars(
            select(SlaPolicy)
            .where(SlaPolicy.tenant_id == actor.tenant_id)
            .order_by(SlaPolicy.position, SlaPolicy.created_at)
        )
    ).all()
    chosen = next((p for p in policies if not p.fallback and matches(p, ticket)), None)
    return chosen or next((p for p in policies if p.fallback), None)


def target_of(policy: SlaPolicy, metric: SlaMetric) -> int | None:
    return {
        SlaMetric.FIRST_RESPONSE: policy.first_response_minutes,
        SlaMetric.NEXT_RESPONSE: policy.next_response_minutes,
        SlaMetric.RESOLUTION: policy.resolution_minutes,
    }[metric]


# --- stored clocks ---------------------------------------------------------------------------


def _clock(row: TicketSlaClock) -> SlaClock:
    return SlaClock(
        SlaMetric(row.metric),
        row.target_minutes,
        row.started_at,
        row.due_at,
        row.paused_total_minutes,
        row.paused_since,
        row.reached_at,
        row.breached_at,
    )


async def clocks_of(
    actor: Actor, ticket_id: uuid.UUID, lock: bool = False
) -> dict[SlaMetric, SlaClock]:
    statement = select(TicketSlaClock).where(
        TicketSlaClock.tenant_id == actor.tenant_id, TicketSlaClock.ticket_id == ticket_id
    )
    rows = (await actor.session.scalars(statement.with_for_update() if lock else statement)).all()
    return {SlaMetric(row.metric): _clock(row) for row in rows}


async def clocks_of_tickets(actor: Actor, ids: list[uuid.UUID]) -> list[list[SlaClock]]:
    """A DataLoader batch: each ticket's clocks, first response, next response, resolution."""
    rows = (
        await actor.session.scalars(
            select(TicketSlaClock).where(
                TicketSlaClock.tenant_id == actor.tenant_id, TicketSlaClock.ticket_id.in_(ids)
            )
        )
    ).all()
    order = list(SlaMetric)
    by_ticket: dict[uuid.UUID, list[SlaClock]] = {i: [] for i in ids}
    for row in sorted(rows, key=lambda r: order.index(SlaMetric(r.metric))):
        by_ticket[row.ticket_id].append(_clock(row))
    return [by_ticket[i] for i in ids]


async def _store(
    actor: Actor, ticket_id: uuid.UUID, clock: SlaClock, policy_id: uuid.UUID | None
) -> None:
    values: dict[str, object] = {
        "target_minutes": clock.target_minutes,
        "started_at": clock.started_at,
        "due_at": clock.due_at,
        "paused_total_minutes": clock.paused_total_minutes,
        "paused_since": clock.paused_since,
        "reached_at": clock.reached_at,
        "breached_at": clock.breached_at,
    }
    if policy_id is not None:
        values["policy_id"] = policy_id
    await actor.session.execute(
        insert(TicketSlaClock)
        .values(tenant_id=actor.tenant_id, ticket_id=ticket_id, metric=clock.metric.value, **values)
        .on_conflict_do_update(index_elements=["tenant_id", "ticket_id", "metric"], set_=values)
    )
    await _point(actor, ticket_id, clock)


async def _point(actor: Actor, ticket_id: uuid.UUID, clock: SlaClock) -> None:
    """Keep the breach check's pointer: there while the clock runs towards a due time it has
    not yet been found to miss, gone otherwise."""
    key = (actor.tenant_id, ticket_id, clock.metric.value)
    if clock.is_running and clock.breached_at is None:
        await actor.session.execute(
            insert(TicketSlaDue)
            .values(tenant_id=key[0], ticket_id=key[1], metric=key[2], due_at=clock.due_at)
            .on_conflict_do_update(
                index_elements=["tenant_id", "ticket_id", "metric"], set_={"due_at": clock.due_at}
            )
        )
        return
    await actor.session.execute(
        delete(TicketSlaDue).where(
            TicketSlaDue.tenant_id == key[0],
            TicketSlaDue.ticket_id == key[1],
            TicketSlaDue.metric == key[2],
        )
    )


# --- what a ticket's steps do to its clocks --------------------------------------------------


async def start_clocks(actor: Actor, ticket: Ticket) -> None:
    """A new ticket: its first-response and resolution clocks under the matching policy."""
    policy = await policy_for(actor, ticket)
    if policy is None:
        return
    calendar = await calendar_of(actor)
    for metric in (SlaMetric.FIRST_RESPONSE, SlaMetric.RESOLUTION):
        target = target_of(policy, metric)
        if target is not None:
            clock = start(calendar, metric, target, ticket.created_at)
            await _store(actor, ticket.id, clock, policy.id)


async def staff_replied(actor: Actor, ticket: Ticket, at: datetime) -> None:
    """A public staff reply meets the first-response and next-response clocks."""
    clocks = await clocks_of(actor, ticket.id, lock=True)
    calendar = await calendar_of(actor) if clocks else None
    for metric in (SlaMetric.FIRST_RESPONSE, SlaMetric.NEXT_RESPONSE):
        clock = clocks.get(metric)
        if clock is not None and calendar is not None and clock.reached_at is None:
            await _store(actor, ticket.id, fulfilled(calendar, clock, at), None)


async def customer_replied(actor: Actor, ticket: Ticket, at: datetime) -> None:
    """The customer wrote after the first response: the next-response clock starts anew,
    unless one is already running."""
    if ticket.first_response_at is None:
        return
    current = (await clocks_of(actor, ticket.id, lock=True)).get(SlaMetric.NEXT_RESPONSE)
    if current is not None and current.reached_at is None:
        return
    policy = await policy_for(actor, ticket)
    target = target_of(policy, SlaMetric.NEXT_RESPONSE) if policy else None
    if policy is None or target is None:
        return
    clock = start(await calendar_of(actor), SlaMetric.NEXT_RESPONSE, target, at)
    await _store(actor, ticket.id, clock, policy.id)


async def status_moved(
    actor: Actor, ticket: Ticket, before: TicketStatus, after: TicketStatus, at: datetime
) -> None:
    """Pending pauses resolution, leaving it resumes it, solving meets it and reopening
    resumes it with the time it stood solved not counted."""
    clock = (await clocks_of(actor, ticket.id, lock=True)).get(SlaMetric.RESOLUTION)
    if clock is None:
        return
    calendar = await calendar_of(actor)
    if after in PENDING:
        moved = paused(clock, at)
    elif after in FINISHED:
        moved = fulfilled(calendar, clock, at)
    elif before in FINISHED and clock.reached_at is not None:
        moved = resume(calendar, replace(clock, reached_at=None, paused_since=clock.reached_at), at)
    else:
        moved = resume(calendar, clock, at)
    if moved != clock:
        await _store(actor, ticket.id, moved, None)


async def reapply_policy(actor: Actor, ticket: Ticket) -> None:
    """Priority or category changed: each clock under the policy that now matches, keeping
    the business time already spent and paused."""
    clocks = await clocks_of(actor, ticket.id, lock=True)
    policy = await policy_for(actor, ticket)
    if not clocks or policy is None:
        return
    calendar = await calendar_of(actor)
    for metric, clock in clocks.items():
        target = target_of(policy, metric)
        if target is not None and target != clock.target_minutes:
            await _store(actor, ticket.id, retarget(calendar, clock, target), policy.id)


# --- breaches --------------------------------------------------------------------------------


async def check_breaches(services: Services, batch_size: int = BREACH_BATCH) -> int:
    """Record every clock that has passed its due time, across tenants, once each (a clock
    found breached leaves the pointer table; a second run finds nothing); returns how many."""
    async with services.db.transaction() as session:
        due = (
            await session.execute(
                select(TicketSlaDue.tenant_id, TicketSlaDue.ticket_id, TicketSlaDue.metric)
                .where(TicketSlaDue.due_at < utcnow())
                .order_by(TicketSlaDue.due_at)
                .limit(batch_size)
            )
        ).all()
    recorded = 0
    # One transaction for the batch, bound to each clock's tenant in turn, each clock in a
    # savepoint: a transaction per clock cost most of a breach's time, and one clock that
    # fails is logged and left for the next run without holding up the others.
    async with services.db.transaction() as session:
        for tenant_id, ticket_id, metric in due:
            await bind_tenant(session, tenant_id)
            actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
            try:
                async with session.begin_nested():
                    recorded += await _breach(actor, ticket_id, SlaMetric(metric))
            except Exception:
                log.exception("ticket.sla_breach_failed", ticket_id=str(ticket_id), metric=metric)
    if recorded:
        log.info("ticket.sla_breaches", recorded=recorded)
    return recorded


async def _breach(actor: Actor, ticket_id: uuid.UUID, metric: SlaMetric) -> int:
    clock = (await clocks_of(actor, ticket_id, lock=True)).get(metric)
    if clock is None:
        await actor.session.execute(
            delete(TicketSlaDue).where(
                TicketSlaDue.tenant_id == actor.tenant_id,
                TicketSlaDue.ticket_id == ticket_id,
                TicketSlaDue.metric == metric.value,
            )
        )
        return 0
    breached = record_breach(clock, utcnow())
    await _store(actor, ticket_id, breached, None)
    if breached == clock:
        return 0
    ticket = await actor.session.get(Ticket, (actor.tenant_id, ticket_id))
    assert breached.breached_at is not None and ticket is not None
    await emit(
        actor,
        TicketSlaBreached(
            ticket_id=ticket_id,
            number=ticket.number,
            customer_id=ticket.customer_id,
            metric=metric.value,
            due_at=breached.breached_at,
            owner_id=ticket.owner_id,
            department_id=ticket.department_id,
        ),
    )
    return 1
