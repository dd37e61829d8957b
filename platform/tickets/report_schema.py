"""GraphQL for the after-sales figures of a period (`supportReport`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.types import Info

import identity.services as identity
from core.errors import BusinessRuleError
from core.gql.context import context_of
from identity import DepartmentType, UserType
from tickets import report
from tickets.errors import TicketErrorCode
from tickets.survey_schema import CsatFiguresType


@strawberry.type(name="DurationFigures", description="Durations in business minutes.")
class DurationFiguresType:
    count: int = strawberry.field(description="How many were measured.")
    median_minutes: int | None = strawberry.field(description="Median; null when none.")
    p90_minutes: int | None = strawberry.field(description="90th percentile (nearest rank).")

    @classmethod
    def of(cls, figures: report.Durations) -> DurationFiguresType:
        return cls(
            count=figures.count,
            median_minutes=figures.median_minutes,
            p90_minutes=figures.p90_minutes,
        )


@strawberry.type(name="SlaShare", description="SLA targets met and missed by an owner or team.")
class SlaShareType:
    met: int = strawberry.field(description="Targets reached by their due time.")
    missed: int = strawberry.field(description="Targets breached.")
    percent_met: Decimal | None = strawberry.field(description="100 * met / (met + missed).")
    key: strawberry.Private[uuid.UUID | None]

    @classmethod
    def of(cls, share: report.SlaShare) -> SlaShareType:
        return cls(met=share.met, missed=share.missed, percent_met=share.percent_met, key=share.key)

    @strawberry.field(description="The owner (null: tickets nobody owned, or a team's row).")
    async def owner(self, info: Info) -> UserType | None:
        if self.key is None:
            return None
        found = await context_of(info).loader(identity.users_by_id).load(self.key)
        return UserType.of(found) if found else None

    @strawberry.field(description="The team (null: tickets of no team, or an owner's row).")
    async def team(self, info: Info) -> DepartmentType | None:
        if self.key is None:
            return None
        found = await context_of(info).loader(identity.departments_by_id).load(self.key)
        return DepartmentType.of(found) if found else None


@strawberry.type(
    name="SupportReport",
    description="After-sales figures of a period; definitions in docs/tickets.md.",
)
class SupportReportType:
    tickets_opened: int = strawberry.field(description="Tickets opened in the period.")
    first_response: DurationFiguresType = strawberry.field(
        description="Opening to first public staff reply, of tickets opened in the period."
    )
    resolution: DurationFiguresType = strawberry.field(
        description="Opening to solved, less paused time, of tickets solved in the period."
    )
    sla_by_owner: list[SlaShareType] = strawberry.field(description="SLA met per owner.")
    sla_by_team: list[SlaShareType] = strawberry.field(description="SLA met per team.")
    complaints: int = strawberry.field(description="Quality and delivery tickets opened.")
    delivered_orders: int = strawberry.field(description="Orders delivered in the period.")
    complaints_per_hundred_orders: Decimal | None = strawberry.field(
        description="complaints per 100 delivered orders; null without deliveries."
    )
    csat: CsatFiguresType = strawberry.field(
        description="Satisfaction surveys sent in the period: CSAT % and response rate."
    )
    csat_by_owner: list[CsatFiguresType] = strawberry.field(
        description="The same per owner (the ticket's owner when it was solved)."
    )

    @classmethod
    def of(cls, figures: report.SupportReport) -> SupportReportType:
        return cls(
            tickets_opened=figures.tickets_opened,
            first_response=DurationFiguresType.of(figures.first_response),
            resolution=DurationFiguresType.of(figures.resolution),
            sla_by_owner=[SlaShareType.of(s) for s in figures.sla_by_owner],
            sla_by_team=[SlaShareType.of(s) for s in figures.sla_by_team],
            complaints=figures.complaints,
            delivered_orders=figures.delivered_orders,
            complaints_per_hundred_orders=figures.complaints_per_hundred,
            csat=CsatFiguresType.of(figures.csat),
            csat_by_owner=[CsatFiguresType.of(f) for f in figures.csat_by_owner],
        )


@strawberry.type
class Query:
    @strawberry.field(
        description="After-sales figures of [from, to) (tickets:read and orders:read)."
    )
    async def support_report(
        self,
        info: Info,
        from_: Annotated[
            datetime, strawberry.argument(name="from", description="Start (included).")
        ],
        to: Annotated[datetime, strawberry.argument(description="End (excluded).")],
    ) -> SupportReportType:
        if to <= from_:
            raise BusinessRuleError.single(
                TicketErrorCode.INVALID_PERIOD, "`to` must come after `from`.", "to"
            )
        actor = await context_of(info).reader()
        return SupportReportType.of(await report.support_report(actor, from_, to))
