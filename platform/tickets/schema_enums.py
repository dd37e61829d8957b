"""The tickets domain's enums in GraphQL, registered once for every schema module that uses
them (registering an enum twice, or using it before, makes two types of one name)."""

from __future__ import annotations

from functools import cache

import strawberry

from tickets.rules import MessageKind, ResolutionCode, TicketChannel, TicketPriority, TicketStatus
from tickets.sla_clock import SlaMetric


@cache
def register_enums() -> None:
    strawberry.enum(
        TicketStatus,
        name="TicketStatus",
        description="Where a ticket stands: NEW -> OPEN -> PENDING_CUSTOMER / PENDING_THIRD_PARTY "
        "-> SOLVED -> CLOSED; solved and closed tickets can be reopened.",
    )
    strawberry.enum(TicketPriority, name="TicketPriority", description="How urgent a ticket is.")
    strawberry.enum(TicketChannel, name="TicketChannel", description="Where a ticket was opened.")
    strawberry.enum(
        ResolutionCode, name="TicketResolutionCode", description="How a solved ticket was resolved."
    )
    strawberry.enum(
        MessageKind,
        name="TicketMessageKind",
        description="A public reply (the customer sees it and is emailed) or an internal note "
        "(staff only).",
    )
    strawberry.enum(SlaMetric, name="SlaMetric", description="What an SLA clock measures.")
