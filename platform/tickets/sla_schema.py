"""GraphQL for SLAs: each ticket's clocks, the tenant's working calendar and SLA policies."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Annotated

import strawberry
from strawberry.types import Info

from core.gql.context import context_of
from core.gql.types import (
    UserErrorType,
    error_list_field,
    payload_of,
    run_mutation,
    user_error_type,
)
from tickets import sla, sla_settings
from tickets.business_hours import CalendarErrorCode
from tickets.errors import TicketErrorCode
from tickets.models import SlaPolicy
from tickets.rules import TicketPriority
from tickets.schema_enums import register_enums
from tickets.sla_clock import SlaClock, SlaMetric, breached

register_enums()

SlaSettingsError = user_error_type(
    "SlaSettingsError",
    TicketErrorCode,
    CalendarErrorCode,
    description="Why a working calendar or SLA policy was not saved.",
)


@strawberry.type(name="SlaClock", description="One SLA target of a ticket and how it stands.")
class SlaClockType:
    metric: SlaMetric = strawberry.field(description="What it measures.")
    target_minutes: int = strawberry.field(description="The target, in business minutes.")
    started_at: datetime = strawberry.field(description="When it started counting.")
    due_at: datetime = strawberry.field(
        description="When the target falls due (moves on by the paused time when resumed)."
    )
    paused_total_minutes: int = strawberry.field(description="Business minutes spent paused.")
    paused_since: datetime | None = strawberry.field(description="Paused since (pending).")
    reached_at: datetime | None = strawberry.field(description="When the target was met.")
    breached_at: datetime | None = strawberry.field(
        description="The due time it missed, once the breach was recorded."
    )
    breached: bool = strawberry.field(description="Whether it has missed its due time by now.")

    @classmethod
    def of(cls, clock: SlaClock) -> SlaClockType:
        return cls(
            metric=clock.metric,
            target_minutes=clock.target_minutes,
            started_at=clock.started_at,
            due_at=clock.due_at,
            paused_total_minutes=clock.paused_total_minutes,
            paused_since=clock.paused_since,
            reached_at=clock.reached_at,
            breached_at=clock.breached_at,
            breached=breached(clock, datetime.now(UTC)),
        )


@strawberry.type(name="OpeningHours", description="One opening interval of a weekday.")
class OpeningHoursType:
    weekday: int = strawberry.field(description="0 = Monday … 6 = Sunday.")
    opens: time = strawberry.field(description="Local time it opens.")
    closes: time = strawberry.field(description="Local time it closes (00:00: midnight).")


@strawberry.type(
    name="TicketCalendar",
    description="When business time counts for SLAs: weekly hours in the tenant's zone, "
    "public holidays of a country (and region) and the tenant's own closed days.",
)
class TicketCalendarType:
    time_zone: str = strawberry.field(description="IANA time zone, e.g. Asia/Shanghai.")
    weekly_hours: list[OpeningHoursType] = strawberry.field(description="Opening hours.")
    country: str | None = strawberry.field(description="ISO country of the public holidays.")
    subdivision: str | None = strawberry.field(description="Region of that country.")
    closed_dates: list[date] = strawberry.field(description="The tenant's own closed days.")
    is_default: bool = strawberry.field(
        description="True while the tenant has saved none (Monday to Friday, 09:00-18:00)."
    )

    @classmethod
    def of(cls, settings: sla_settings.CalendarSettings) -> TicketCalendarType:
        return cls(
            time_zone=settings.time_zone,
            weekly_hours=[
                OpeningHoursType(weekday=w, opens=a, closes=b) for w, a, b in settings.weekly_hours
            ],
            country=settings.country,
            subdivision=settings.subdivision,
            closed_dates=list(settings.closed_dates),
            is_default=settings.is_default,
        )


@strawberry.type(
    name="SlaPolicy",
    description="SLA targets in business minutes for the tickets it matches (first by "
    "position; the fallback when none matches).",
)
class SlaPolicyType:
    id: strawberry.ID = strawberry.field(description="Pass it to saveSlaPolicy or delete.")
    name: str = strawberry.field(description="Its name.")
    position: int = strawberry.field(description="Lower positions are tried first.")
    priorities: list[TicketPriority] = strawberry.field(description="Empty: any priority.")
    categories: list[str] = strawberry.field(description="Category keys; empty: any.")
    fallback: bool = strawberry.field(description="Applies when no other policy matches.")
    first_response_minutes: int | None = strawberry.field(description="First response target.")
    next_response_minutes: int | None = strawberry.field(description="Next response target.")
    resolution_minutes: int | None = strawberry.field(description="Resolution target.")

    @classmethod
    def of(cls, policy: SlaPolicy) -> SlaPolicyType:
        return cls(
            id=strawberry.ID(str(policy.id)),
            name=policy.name,
            position=policy.position,
            priorities=[TicketPriority(p) for p in policy.priorities],
            categories=list(policy.categories),
            fallback=policy.fallback,
            first_response_minutes=policy.first_response_minutes,
            next_response_minutes=policy.next_response_minutes,
            resolution_minutes=policy.resolution_minutes,
        )


@strawberry.input(description="One opening interval of a weekday.")
class OpeningHoursInput:
    weekday: int = strawberry.field(description="0 = Monday … 6 = Sunday.")
    opens: time = strawberry.field(description="Local opening time.")
    closes: time = strawberry.field(description="Local closing time (00:00: midnight).")


@strawberry.input(description="The tenant's working calendar, replaced as a whole.")
class SaveTicketCalendarInput:
    time_zone: str = strawberry.field(description="IANA time zone.")
    weekly_hours: list[OpeningHoursInput] = strawberry.field(description="Opening hours.")
    country: str | None = strawberry.field(default=None, description="Holidays of (ISO code).")
    subdivision: str | None = strawberry.field(default=None, description="Region (ISO code).")
    closed_dates: list[date] = strawberry.field(default_factory=list, description="Closed days.")


@strawberry.input(description="An SLA policy to add (no id) or change.")
class SaveSlaPolicyInput:
    name: str = strawberry.field(description="Its name.")
    position: int = strawberry.field(default=0, description="Lower positions are tried first.")
    priorities: list[TicketPriority] = strawberry.field(
        default_factory=list, description="Priorities it matches; empty: any."
    )
    categories: list[str] = strawberry.field(
        default_factory=list, description="Category keys it matches; empty: any."
    )
    fallback: bool = strawberry.field(
        default=False, description="Make it the fallback (the previous one stops being it)."
    )
    first_response_minutes: int | None = strawberry.field(default=None, description="Minutes.")
    next_response_minutes: int | None = strawberry.field(default=None, description="Minutes.")
    resolution_minutes: int | None = strawberry.field(default=None, description="Minutes.")
    id: strawberry.ID | None = strawberry.field(default=None, description="The policy to change.")


@strawberry.type(description="Result of saveTicketCalendar.")
class TicketCalendarPayload:
    calendar: TicketCalendarType | None = strawberry.field(description="The calendar as saved.")
    user_errors: list[UserErrorType] = error_list_field(SlaSettingsError)


@strawberry.type(description="Result of saveSlaPolicy and deleteSlaPolicy.")
class SlaPolicyPayload:
    policy: SlaPolicyType | None = strawberry.field(description="The policy as saved.")
    user_errors: list[UserErrorType] = error_list_field(SlaSettingsError)


def _policy_id(value: strawberry.ID | None) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(int=0)


def _policy_input(data: SaveSlaPolicyInput) -> sla_settings.PolicyInput:
    return sla_settings.PolicyInput(
        name=data.name,
        position=data.position,
        priorities=tuple(data.priorities),
        categories=tuple(c.strip() for c in data.categories),
        fallback=data.fallback,
        first_response_minutes=data.first_response_minutes,
        next_response_minutes=data.next_response_minutes,
        resolution_minutes=data.resolution_minutes,
        policy_id=_policy_id(data.id),
    )


async def sla_clocks_of(info: Info, ticket_id: uuid.UUID) -> list[SlaClockType]:
    clocks = await context_of(info).loader(sla.clocks_of_tickets).load(ticket_id)
    return [SlaClockType.of(clock) for clock in clocks]


@strawberry.type
class Query:
    @strawberry.field(description="The working calendar SLA time counts in (tickets:read).")
    async def ticket_calendar(self, info: Info) -> TicketCalendarType:
        actor = await context_of(info).reader()
        return TicketCalendarType.of(await sla_settings.calendar_settings(actor))

    @strawberry.field(description="The SLA policies, in the order they are tried (tickets:read).")
    async def sla_policies(self, info: Info) -> list[SlaPolicyType]:
        actor = await context_of(info).reader()
        return [SlaPolicyType.of(p) for p in await sla_settings.policies(actor)]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Replace the SLA working calendar (tickets:configure).")
    async def save_ticket_calendar(
        self, info: Info, input: SaveTicketCalendarInput
    ) -> TicketCalendarPayload:
        hours = [(h.weekday, h.opens, h.closes) for h in input.weekly_hours]
        outcome = await run_mutation(
            info,
            lambda actor: sla_settings.save_calendar(
                actor, input.time_zone, hours, input.country, input.subdivision, input.closed_dates
            ),
        )
        return payload_of(TicketCalendarPayload, outcome, TicketCalendarType.of)

    @strawberry.mutation(description="Add or change an SLA policy (tickets:configure).")
    async def save_sla_policy(self, info: Info, input: SaveSlaPolicyInput) -> SlaPolicyPayload:
        data = _policy_input(input)
        outcome = await run_mutation(info, lambda actor: sla_settings.save_policy(actor, data))
        return payload_of(SlaPolicyPayload, outcome, SlaPolicyType.of)

    @strawberry.mutation(
        description="Remove an SLA policy (tickets:configure); clocks it started keep their "
        "targets."
    )
    async def delete_sla_policy(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The policy's id.")],
    ) -> SlaPolicyPayload:
        policy_id = _policy_id(id) or uuid.UUID(int=0)
        outcome = await run_mutation(
            info, lambda actor: sla_settings.delete_policy(actor, policy_id)
        )
        return payload_of(SlaPolicyPayload, outcome)
