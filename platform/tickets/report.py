"""After-sales figures of a period (tickets:read), for the reports issue to chart: first
response and resolution times in business minutes of the tenant's calendar (median and 90th
percentile), the share of SLA targets met per team and per owner, and the complaint rate.

Definitions:
- first response: tickets opened in the period that have one; business minutes from opening
  to the first public staff reply;
- resolution: tickets solved in the period; business minutes from opening to solving, less
  the business minutes their resolution clock stood paused;
- SLA met: clocks of tickets opened in the period whose outcome is known (met, or recorded
  as breached); met means reached by the due time;
- complaint rate: tickets of category quality or delivery opened in the period per 100
  orders delivered in the period;
- CSAT % and response rate: of satisfaction surveys sent in the period (tickets.csat),
  overall and per owner at solving.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

import orders.services as orders
from core.context import Actor
from tickets import sla
from tickets.business_hours import business_minutes_between
from tickets.csat import CsatFigures, csat_figures
from tickets.models import Ticket, TicketSlaClock
from tickets.sla_clock import SlaMetric

COMPLAINT_CATEGORIES = ("quality", "delivery")


@dataclass(frozen=True)
class Durations:
    count: int
    median_minutes: int | None
    p90_minutes: int | None


@dataclass(frozen=True)
class SlaShare:
    """Targets met and missed by one owner or team (None: nobody / no team)."""

    key: uuid.UUID | None
    met: int
    missed: int

    @property
    def percent_met(self) -> Decimal | None:
        total = self.met + self.missed
        if total == 0:
            return None
        return (Decimal(100) * self.met / total).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class SupportReport:
    tickets_opened: int
    first_response: Durations
    resolution: Durations
    sla_by_owner: list[SlaShare]
    sla_by_team: list[SlaShare]
    complaints: int
    delivered_orders: int
    csat: CsatFigures
    csat_by_owner: list[CsatFigures]

    @property
    def complaints_per_hundred(self) -> Decimal | None:
        if self.delivered_orders == 0:
            return None
        rate = Decimal(100) * self.complaints / self.delivered_orders
        return rate.quantize(Decimal("0.01"), ROUND_HALF_UP)


def percentile(values: list[int], share: float) -> int | None:
    """The nearest-rank percentile (share 0.5: the median)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def durations(values: list[int]) -> Durations:
    return Durations(len(values), percentile(values, 0.5), percentile(values, 0.9))


def _met(clock: TicketSlaClock) -> bool | None:
    if clock.breached_at is not None:
        return False
    if clock.reached_at is not None:
        return clock.reached_at <= clock.due_at
    return None


def _shares(outcomes: list[tuple[uuid.UUID | None, bool]]) -> list[SlaShare]:
    counts: dict[uuid.UUID | None, list[int]] = defaultdict(lambda: [0, 0])
    for key, met in outcomes:
        counts[key][0 if met else 1] += 1
    return [SlaShare(key, met, missed) for key, (met, missed) in counts.items()]


async def support_report(actor: Actor, start: datetime, end: datetime) -> SupportReport:
    """The figures of [start, end) (tickets:read; the delivered orders need orders:read)."""
    await actor.require("tickets", "read")
    calendar = await sla.calendar_of(actor)
    opened = list(
        (
            await actor.session.scalars(
                select(Ticket).where(
                    Ticket.tenant_id == actor.tenant_id,
                    Ticket.created_at >= start,
                    Ticket.created_at < end,
                )
            )
        ).all()
    )
    solved = list(
        (
            await actor.session.scalars(
                select(Ticket).where(
                    Ticket.tenant_id == actor.tenant_id,
                    Ticket.solved_at >= start,
                    Ticket.solved_at < end,
                )
            )
        ).all()
    )
    clocks = list(
        (
            await actor.session.scalars(
                select(TicketSlaClock).where(
                    TicketSlaClock.tenant_id == actor.tenant_id,
                    TicketSlaClock.ticket_id.in_([t.id for t in opened] + [t.id for t in solved]),
                )
            )
        ).all()
    )
    paused = {
        c.ticket_id: c.paused_total_minutes for c in clocks if c.metric == SlaMetric.RESOLUTION
    }
    first = [
        business_minutes_between(calendar, t.created_at, t.first_response_at)
        for t in opened
        if t.first_response_at is not None
    ]
    resolved = [
        max(business_minutes_between(calendar, t.created_at, t.solved_at) - paused.get(t.id, 0), 0)
        for t in solved
        if t.solved_at is not None
    ]
    satisfaction, satisfaction_by_owner = await csat_figures(actor, start, end)
    by_id = {t.id: t for t in opened}
    outcomes = [
        (by_id[c.ticket_id], met)
        for c in clocks
        if c.ticket_id in by_id and (met := _met(c)) is not None
    ]
    return SupportReport(
        tickets_opened=len(opened),
        first_response=durations(first),
        resolution=durations(resolved),
        sla_by_owner=_shares([(t.owner_id, met) for t, met in outcomes]),
        sla_by_team=_shares([(t.department_id, met) for t, met in outcomes]),
        complaints=sum(1 for t in opened if t.category in COMPLAINT_CATEGORIES),
        delivered_orders=await orders.orders_delivered_between(actor, start, end),
        csat=satisfaction,
        csat_by_owner=satisfaction_by_owner,
    )
