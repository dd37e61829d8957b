"""GraphQL for support mail: the tenant's support address and what became of the mail
received lately (threaded into a ticket, opened one, or refused and why)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from core.gql.context import context_of
from tickets import inbound
from tickets.inbound import InboundStatus
from tickets.inbound_models import InboundMail

InboundMailStatus = strawberry.enum(
    InboundStatus, name="InboundMailStatus", description="What became of a support mail."
)


@strawberry.type(name="InboundMail", description="One support mail received for the tenant.")
class InboundMailType:
    id: strawberry.ID = strawberry.field(description="Its id.")
    received_at: datetime = strawberry.field(description="When it arrived.")
    from_address: str | None = strawberry.field(description="The From address (once read).")
    subject: str | None = strawberry.field(description="Its subject (once read).")
    status: InboundStatus = strawberry.field(description="Threaded, opened, refused or waiting.")
    reason: str | None = strawberry.field(
        description="Why it was refused (UNKNOWN_SENDER, SPOOFED_TOKEN, SENDER_NOT_ON_TICKET, "
        "EMPTY_MESSAGE, or a ticket error code), or TICKET_CLOSED when an answer to a closed "
        "ticket opened a follow-up."
    )
    ticket_id: strawberry.ID | None = strawberry.field(
        description="The ticket's row id it went to (see `ticket(id:)` for its global id)."
    )

    @classmethod
    def of(cls, row: InboundMail) -> InboundMailType:
        return cls(
            id=strawberry.ID(str(row.id)),
            received_at=row.received_at,
            from_address=row.from_address,
            subject=row.subject,
            status=InboundStatus(row.status),
            reason=row.reason,
            ticket_id=strawberry.ID(str(row.ticket_id)) if row.ticket_id else None,
        )


@strawberry.type
class Query:
    @strawberry.field(
        description="The address customers write to for support; null when this deployment "
        "receives no mail (tickets:read)."
    )
    async def support_mail_address(self, info: Info) -> str | None:
        return await inbound.support_address_of_tenant(await context_of(info).reader())

    @strawberry.field(
        description="The latest support mail received, newest first (tickets:configure)."
    )
    async def inbound_mail(
        self, info: Info, status: InboundStatus | None = None, first: int = 50
    ) -> list[InboundMailType]:
        actor = await context_of(info).reader()
        rows = await inbound.recent_inbound_mail(actor, status, max(1, min(first, 200)))
        return [InboundMailType.of(row) for row in rows]
