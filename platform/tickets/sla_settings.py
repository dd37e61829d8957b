"""The tenant's SLA settings: its working calendar and its SLA policies (read with
tickets:read, changed with tickets:configure). New targets apply to tickets opened or
re-prioritised afterwards; running clocks keep the calendar they started under until their
next step recomputes them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select, update

from audit import services as audit
from core.context import Actor
from core.errors import BusinessRuleError, NotFound, UserError
from core.ids import new_id
from tickets import sla
from tickets.business_hours import WorkingCalendar
from tickets.categories import category_named
from tickets.errors import TicketErrorCode
from tickets.models import SlaPolicy, TicketCalendar
from tickets.recording import now
from tickets.rules import TicketPriority

# A target longer than a year of business minutes is a typing mistake, not a promise.
MAX_TARGET_MINUTES = 366 * 24 * 60


@dataclass(frozen=True)
class CalendarSettings:
    """What the console shows and edits: a calendar as plain values."""

    time_zone: str
    weekly_hours: tuple[tuple[int, time, time], ...]
    country: str | None
    subdivision: str | None
    closed_dates: tuple[date, ...]
    is_default: bool


@dataclass(frozen=True)
class PolicyInput:
    name: str
    position: int
    priorities: tuple[TicketPriority, ...] = ()
    categories: tuple[str, ...] = ()
    fallback: bool = False
    first_response_minutes: int | None = None
    next_response_minutes: int | None = None
    resolution_minutes: int | None = None
    policy_id: uuid.UUID | None = None


TARGET_FIELDS = ("firstResponseMinutes", "nextResponseMinutes", "resolutionMinutes")


def _settings(calendar: WorkingCalendar, is_default: bool) -> CalendarSettings:
    return CalendarSettings(
        calendar.time_zone,
        tuple(
            (weekday, hours.start, hours.end)
            for weekday, day in enumerate(calendar.weekly_hours)
            for hours in day
        ),
        calendar.country,
        calendar.subdivision,
        tuple(sorted(calendar.closed_dates)),
        is_default,
    )


async def calendar_settings(actor: Actor) -> CalendarSettings:
    await actor.require("tickets", "read")
    row = await actor.session.get(TicketCalendar, actor.tenant_id)
    return _settings(await sla.calendar_of(actor), row is None)


async def save_calendar(
    actor: Actor,
    time_zone: str,
    weekly_hours: list[tuple[int, time, time]],
    country: str | None,
    subdivision: str | None,
    closed_dates: list[date],
) -> CalendarSettings:
    """Replace the tenant's working calendar (tickets:configure); an invalid one is refused
    with every problem at once, and nothing is written."""
    await actor.require("tickets", "configure")
    country = (country or "").strip().upper() or None
    subdivision = (subdivision or "").strip().upper() or None
    days: dict[int, list[tuple[time, time]]] = {}
    for weekday, opens, closes in weekly_hours:
        days.setdefault(weekday, []).append((opens, closes))
    calendar = WorkingCalendar.create(
        time_zone.strip(), days, country, subdivision, sorted(set(closed_dates))
    )
    row = await actor.session.get(TicketCalendar, actor.tenant_id, with_for_update=True)
    before = _summary(row) if row else None
    if row is None:
        row = TicketCalendar(tenant_id=actor.tenant_id)
        actor.session.add(row)
    row.time_zone, row.country, row.subdivision = calendar.time_zone, country, subdivision
    row.weekly_hours = {
        str(weekday): [[h.start.strftime("%H:%M"), h.end.strftime("%H:%M")] for h in day]
        for weekday, day in enumerate(calendar.weekly_hours)
        if day
    }
    row.closed_dates = sorted(calendar.closed_dates)
    row.updated_at = now()
    await actor.session.flush()
    await audit.record(
        actor, "tickets.save_calendar", "ticket_calendar", None, before=before, after=_summary(row)
    )
    return _settings(calendar, False)


def _summary(row: TicketCalendar) -> dict[str, object]:
    return {
        "timeZone": row.time_zone,
        "weeklyHours": row.weekly_hours,
        "country": row.country,
        "subdivision": row.subdivision,
        "closedDates": [d.isoformat() for d in row.closed_dates],
    }


async def policies(actor: Actor) -> list[SlaPolicy]:
    await actor.require("tickets", "read")
    return list(
        (
            await actor.session.scalars(
                select(SlaPolicy)
                .where(SlaPolicy.tenant_id == actor.tenant_id)
                .order_by(SlaPolicy.fallback, SlaPolicy.position, SlaPolicy.created_at)
            )
        ).all()
    )


async def _policy_errors(actor: Actor, data: PolicyInput) -> list[UserError]:
    errors: list[UserError] = []
    if not data.name.strip():
        errors.append(UserError(TicketErrorCode.EMPTY_NAME, "Give the policy a name.", ("name",)))
    targets = (data.first_response_minutes, data.next_response_minutes, data.resolution_minutes)
    for name, value in zip(TARGET_FIELDS, targets, strict=True):
        if value is not None and not 1 <= value <= MAX_TARGET_MINUTES:
            errors.append(
                UserError(
                    TicketErrorCode.INVALID_TARGET,
                    f"A target is 1 to {MAX_TARGET_MINUTES} business minutes.",
                    (name,),
                )
            )
    if all(value is None for value in targets):
        errors.append(
            UserError(TicketErrorCode.NO_TARGET, "Give the policy at least one target.", ())
        )
    for index, key in enumerate(data.categories):
        if await category_named(actor, key) is None:
            errors.append(
                UserError(
                    TicketErrorCode.UNKNOWN_CATEGORY,
                    f"No category {key!r}.",
                    ("categories", str(index)),
                )
            )
    return errors


async def save_policy(actor: Actor, data: PolicyInput) -> SlaPolicy:
    """Add or change an SLA policy (tickets:configure). Making it the fallback makes the
    previous fallback an ordinary policy: a tenant has one fallback at most."""
    await actor.require("tickets", "configure")
    errors = await _policy_errors(actor, data)
    if errors:
        raise BusinessRuleError(*errors)
    policy = await _policy_to_save(actor, data.policy_id)
    before = _policy_summary(policy) if policy.name else None
    if data.fallback:
        await actor.session.execute(
            update(SlaPolicy)
            .where(SlaPolicy.tenant_id == actor.tenant_id, SlaPolicy.id != policy.id)
            .values(fallback=False)
            .execution_options(synchronize_session=False)
        )
    policy.name, policy.position, policy.fallback = data.name.strip(), data.position, data.fallback
    policy.priorities = [p.value for p in data.priorities]
    policy.categories = list(dict.fromkeys(data.categories))
    policy.first_response_minutes = data.first_response_minutes
    policy.next_response_minutes = data.next_response_minutes
    policy.resolution_minutes = data.resolution_minutes
    actor.session.add(policy)
    await actor.session.flush()
    await audit.record(
        actor,
        "tickets.save_sla_policy",
        "sla_policy",
        policy.id,
        before=before,
        after=_policy_summary(policy),
    )
    return policy


async def _policy_to_save(actor: Actor, policy_id: uuid.UUID | None) -> SlaPolicy:
    if policy_id is None:
        policy = SlaPolicy(tenant_id=actor.tenant_id, id=new_id(), name="")
        policy.created_at = datetime.now(UTC)
        return policy
    found = await actor.session.get(SlaPolicy, (actor.tenant_id, policy_id), with_for_update=True)
    if found is None:
        raise NotFound()
    return found


async def delete_policy(actor: Actor, policy_id: uuid.UUID) -> None:
    """Remove a policy (tickets:configure); clocks it started keep their targets."""
    await actor.require("tickets", "configure")
    policy = await actor.session.get(SlaPolicy, (actor.tenant_id, policy_id), with_for_update=True)
    if policy is None:
        raise NotFound()
    before = _policy_summary(policy)
    await actor.session.delete(policy)
    await actor.session.flush()
    await audit.record(actor, "tickets.delete_sla_policy", "sla_policy", policy_id, before=before)


def _policy_summary(policy: SlaPolicy) -> dict[str, object]:
    return {
        "name": policy.name,
        "position": policy.position,
        "priorities": list(policy.priorities),
        "categories": list(policy.categories),
        "fallback": policy.fallback,
        "firstResponseMinutes": policy.first_response_minutes,
        "nextResponseMinutes": policy.next_response_minutes,
        "resolutionMinutes": policy.resolution_minutes,
    }
