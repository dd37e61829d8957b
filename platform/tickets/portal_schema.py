"""GraphQL for the portal: the signed-in contact's customer's tickets with their public
conversation, reporting a problem (about an order or in general) and replying. Internal
notes, owners and departments never appear here."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

import tickets.services as tickets
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import NO_ROW, UserErrorType, error_list_field, payload_of, run_mutation
from core.tenancy import PrincipalKind
from files import StoredFileType, upload_ids
from tickets.attachment_schema import message_attachments, ticket_attachments
from tickets.models import Ticket, TicketMessage
from tickets.rules import TicketStatus
from tickets.schema import TicketCategoryType, TicketError
from tickets.survey_schema import CustomerSurveyType, survey_of_ticket


@strawberry.type(
    name="PortalTicketMessage", description="A public message of one of the customer's tickets."
)
class PortalTicketMessageType:
    id: strawberry.ID = strawberry.field(description="The message's id.")
    from_customer: bool = strawberry.field(description="Your side wrote it (else the seller).")
    author_name: str = strawberry.field(description="Who wrote it.")
    body: str = strawberry.field(description="What it says.")
    created_at: datetime = strawberry.field(description="When it was written.")

    @classmethod
    def of(cls, message: TicketMessage) -> PortalTicketMessageType:
        return cls(
            id=strawberry.ID(str(message.id)),
            from_customer=message.author_kind == PrincipalKind.PORTAL.value,
            author_name=message.author_label,
            body=message.body,
            created_at=message.created_at,
        )

    @strawberry.field(description="Files attached to the message.")
    async def attachments(self, info: Info) -> list[StoredFileType]:
        return await message_attachments(info, uuid.UUID(str(self.id)))


async def _messages(actor: Actor, ids: list[uuid.UUID]) -> list[list[TicketMessage]]:
    return await tickets.messages_of_tickets(actor, ids)


async def _categories(actor: Actor, keys: list[str]) -> list[tickets.Category | None]:
    return await tickets.categories_by_key(actor, keys)


@strawberry.type(name="PortalTicket", description="One of the customer's support tickets.")
class PortalTicketType:
    id: strawberry.ID = strawberry.field(description="Pass it to portalTicket.")
    number: str = strawberry.field(description="The ticket's number.")
    subject: str = strawberry.field(description="What it is about.")
    description: str = strawberry.field(description="The problem as reported.")
    status: TicketStatus = strawberry.field(description="Where it stands.")
    order_id: strawberry.ID | None = strawberry.field(
        description="The PortalOrder it concerns (its id), if any."
    )
    created_at: datetime = strawberry.field(description="When it was opened.")
    solved_at: datetime | None = strawberry.field(description="When it was solved.")
    closed_at: datetime | None = strawberry.field(description="When it was closed.")
    row: strawberry.Private[Ticket]

    @classmethod
    def of(cls, ticket: Ticket) -> PortalTicketType:
        return cls(
            id=strawberry.ID(str(ticket.id)),
            number=ticket.number,
            subject=ticket.subject,
            description=ticket.description,
            status=TicketStatus(ticket.status),
            order_id=strawberry.ID(str(ticket.order_id)) if ticket.order_id else None,
            created_at=ticket.created_at,
            solved_at=ticket.solved_at,
            closed_at=ticket.closed_at,
            row=ticket,
        )

    @strawberry.field(description="Its category.")
    async def category(self, info: Info) -> TicketCategoryType | None:
        found = await context_of(info).loader(_categories).load(self.row.category)
        return TicketCategoryType.of(found) if found else None

    @strawberry.field(description="Files attached when the ticket was opened.")
    async def attachments(self, info: Info) -> list[StoredFileType]:
        return await ticket_attachments(info, self.row.id)

    @strawberry.field(description="The conversation with the seller, oldest first.")
    async def messages(self, info: Info) -> list[PortalTicketMessageType]:
        rows = await context_of(info).loader(_messages).load(self.row.id)
        return [PortalTicketMessageType.of(row) for row in rows]

    @strawberry.field(
        description="The satisfaction survey the seller sent about it, to answer here; null "
        "before it is sent."
    )
    async def survey(self, info: Info) -> CustomerSurveyType | None:
        view = await survey_of_ticket(info, self.row.id)
        return CustomerSurveyType.of(view) if view else None


@strawberry.input(description="A problem to report, about one of your orders or in general.")
class PortalCreateTicketInput:
    subject: str = strawberry.field(description="What it is about, in a line.")
    description: str = strawberry.field(description="The problem.")
    category: str = strawberry.field(default="other", description="A category key.")
    order_id: strawberry.ID | None = strawberry.field(
        default=None, description="The PortalOrder it concerns (its id)."
    )
    attachment_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Your uploads (ids answered by POST /files, purpose ticket_attachment) "
        "to attach.",
    )


@strawberry.input(description="Your answer on one of your tickets.")
class PortalReplyToTicketInput:
    ticket_id: strawberry.ID = strawberry.field(description="The PortalTicket's id.")
    body: str = strawberry.field(description="What you write.")
    attachment_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Your uploads (ids answered by POST /files, purpose ticket_attachment) "
        "to attach.",
    )


@strawberry.type(description="Result of a portal ticket mutation.")
class PortalTicketPayload:
    ticket: PortalTicketType | None = strawberry.field(description="The ticket afterwards.")
    user_errors: list[UserErrorType] = error_list_field(TicketError)


def _row_id(value: strawberry.ID | None) -> uuid.UUID | None:
    if value is None or not str(value).strip():
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return NO_ROW


@strawberry.type
class Query:
    @strawberry.field(description="The portal customer's tickets, newest first (portal only).")
    async def portal_tickets(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[PortalTicketType]:
        actor = await context_of(info).reader()
        return to_connection(await tickets.portal_tickets(actor, first, after), PortalTicketType.of)

    @strawberry.field(description="One of the portal customer's tickets (portal only).")
    async def portal_ticket(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The PortalTicket's id.")],
    ) -> PortalTicketType:
        ticket_id = _row_id(id)
        if ticket_id is None:
            raise NotFound()
        actor = await context_of(info).reader()
        return PortalTicketType.of(await tickets.portal_ticket(actor, ticket_id))

    @strawberry.field(description="The categories a portal customer can choose from.")
    async def portal_ticket_categories(self, info: Info) -> list[TicketCategoryType]:
        actor = await context_of(info).reader()
        actor.require_portal()
        return [TicketCategoryType.of(c) for c in await tickets.categories(actor)]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Report a problem to the seller, about one of your orders or in general "
        "(portal only); the seller's replies are emailed to you."
    )
    async def portal_create_ticket(
        self, info: Info, input: PortalCreateTicketInput
    ) -> PortalTicketPayload:
        data = tickets.PortalTicketInput(
            subject=input.subject,
            description=input.description,
            category=input.category,
            order_id=_row_id(input.order_id),
            attachment_ids=upload_ids(input.attachment_ids),
        )
        outcome = await run_mutation(info, lambda actor: tickets.portal_create_ticket(actor, data))
        return payload_of(PortalTicketPayload, outcome, PortalTicketType.of)

    @strawberry.mutation(
        description="Answer on one of your tickets (portal only): a ticket waiting on you, or "
        "solved, goes back to the seller. Closed tickets take no replies."
    )
    async def portal_reply_to_ticket(
        self, info: Info, input: PortalReplyToTicketInput
    ) -> PortalTicketPayload:
        ticket_id = _row_id(input.ticket_id) or NO_ROW
        outcome = await run_mutation(
            info,
            lambda actor: tickets.portal_reply(
                actor, ticket_id, input.body, upload_ids(input.attachment_ids)
            ),
        )
        return payload_of(PortalTicketPayload, outcome, PortalTicketType.of)
