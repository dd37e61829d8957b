"""GraphQL for staff and integrators: the Ticket node, the tickets list with its filters,
the tenant's categories, and opening, replying to, changing and reopening tickets."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import customers.services as customers
import identity.services as identity
import orders.services as orders
import tickets.services as tickets
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    NO_ROW,
    UserErrorType,
    decode_id,
    error_list_field,
    input_row_id,
    optional_input_row_id,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from customers import CustomerType
from files import StoredFileType, upload_ids
from files.errors import FileErrorCode
from identity import DepartmentType, UserType
from orders import OrderLineType, OrderType
from tickets.attachment_schema import message_attachments, ticket_attachments
from tickets.errors import TicketErrorCode
from tickets.models import Ticket, TicketMessage
from tickets.rules import (
    MessageKind,
    ResolutionCode,
    TicketChannel,
    TicketPriority,
    TicketStatus,
)
from tickets.schema_enums import register_enums
from tickets.sla_schema import SlaClockType, sla_clocks_of
from tickets.survey_schema import TicketSurveyType, survey_of_ticket

register_enums()

TicketError = user_error_type(
    "TicketError",
    TicketErrorCode,
    FileErrorCode,
    description="Why a ticket was not opened or changed.",
)


@strawberry.type(name="TicketCategory", description="A category tickets are filed under.")
class TicketCategoryType:
    key: str = strawberry.field(description="Stable key: delivery, quality, billing, ...")
    name: str = strawberry.field(description="The tenant's name for it (English built-ins).")
    active: bool = strawberry.field(description="New tickets may choose it.")
    built_in: bool = strawberry.field(description="One of the categories every tenant has.")

    @classmethod
    def of(cls, category: tickets.Category) -> TicketCategoryType:
        return cls(
            key=category.key,
            name=category.name,
            active=category.active,
            built_in=category.built_in,
        )


@strawberry.type(name="TicketMessage", description="One message of a ticket's conversation.")
class TicketMessageType:
    id: strawberry.ID = strawberry.field(description="The message's id.")
    kind: MessageKind = strawberry.field(description="Public reply or internal note.")
    author_kind: str = strawberry.field(
        description="Who wrote it: staff, api_client or portal (the customer's contact)."
    )
    author_name: str = strawberry.field(description="The author's name.")
    body: str = strawberry.field(description="What it says.")
    created_at: datetime = strawberry.field(description="When it was written.")
    mentioned_user_ids: strawberry.Private[list[uuid.UUID]]

    @classmethod
    def of(cls, message: TicketMessage) -> TicketMessageType:
        return cls(
            id=strawberry.ID(str(message.id)),
            kind=MessageKind(message.kind),
            author_kind=message.author_kind,
            author_name=message.author_label,
            body=message.body,
            created_at=message.created_at,
            mentioned_user_ids=list(message.mentioned_user_ids),
        )

    @strawberry.field(description="Colleagues the message mentions (those you may see).")
    async def mentions(self, info: Info) -> list[UserType]:
        loader = context_of(info).loader(identity.users_by_id)
        found = await loader.load_many(self.mentioned_user_ids)
        return [UserType.of(user) for user in found if user is not None]

    @strawberry.field(description="Files attached to the message.")
    async def attachments(self, info: Info) -> list[StoredFileType]:
        return await message_attachments(info, uuid.UUID(str(self.id)))


async def _messages(actor: Actor, ids: list[uuid.UUID]) -> list[list[TicketMessage]]:
    return await tickets.messages_of_tickets(actor, ids)


async def _customers(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await customers.customers_by_id(actor, ids)


async def _orders(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await orders.orders_by_id(actor, ids)


async def _lines(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await orders.order_lines_by_id(actor, ids)


async def _categories(actor: Actor, keys: list[str]) -> list[tickets.Category | None]:
    return await tickets.categories_by_key(actor, keys)


async def _tickets_of_orders(actor: Actor, ids: list[uuid.UUID]) -> list[list[Ticket]]:
    return await tickets.tickets_of_orders(actor, ids)


@strawberry.type(
    name="Ticket", description="A customer's question or problem and its conversation."
)
class TicketType(relay.Node):
    id: relay.NodeID[str]
    number: str = strawberry.field(description="Gapless per-tenant number, e.g. T-000042.")
    subject: str = strawberry.field(description="What it is about, in a line.")
    description: str = strawberry.field(description="The problem as first reported.")
    status: TicketStatus = strawberry.field(description="Where it stands.")
    priority: TicketPriority = strawberry.field(description="How urgent it is.")
    category_key: str = strawberry.field(description="Its category's key.")
    resolution_code: ResolutionCode | None = strawberry.field(
        description="How it was resolved; set while solved or closed."
    )
    channel: TicketChannel = strawberry.field(description="Where it was opened.")
    created_at: datetime = strawberry.field(description="When it was opened.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    first_response_at: datetime | None = strawberry.field(
        description="When staff first replied publicly."
    )
    solved_at: datetime | None = strawberry.field(description="When it was last solved.")
    closed_at: datetime | None = strawberry.field(description="When it was closed.")
    row: strawberry.Private[Ticket]

    @classmethod
    def of(cls, ticket: Ticket) -> TicketType:
        return cls(
            id=str(ticket.id),
            number=ticket.number,
            subject=ticket.subject,
            description=ticket.description,
            status=TicketStatus(ticket.status),
            priority=TicketPriority(ticket.priority),
            category_key=ticket.category,
            resolution_code=ResolutionCode(ticket.resolution_code)
            if ticket.resolution_code
            else None,
            channel=TicketChannel(ticket.channel),
            created_at=ticket.created_at,
            updated_at=ticket.updated_at,
            first_response_at=ticket.first_response_at,
            solved_at=ticket.solved_at,
            closed_at=ticket.closed_at,
            row=ticket,
        )

    @strawberry.field(description="The customer it belongs to (null when out of your scope).")
    async def customer(self, info: Info) -> CustomerType | None:
        found = await context_of(info).loader(_customers).load(self.row.customer_id)
        return CustomerType.of(found) if found else None

    @strawberry.field(description="The order it concerns, if any (null without orders:read).")
    async def order(self, info: Info) -> OrderType | None:
        if self.row.order_id is None:
            return None
        found = await context_of(info).loader(_orders).load(self.row.order_id)
        return OrderType.of(found) if found else None

    @strawberry.field(description="The lines of its order it concerns.")
    async def order_lines(self, info: Info) -> list[OrderLineType]:
        if self.row.order_id is None or not self.row.order_line_ids:
            return []
        context = context_of(info)
        order = await context.loader(_orders).load(self.row.order_id)
        if order is None:
            return []
        lines = await context.loader(_lines).load_many(self.row.order_line_ids)
        return [OrderLineType.of(line, order.currency) for line in lines if line is not None]

    @strawberry.field(description="Its category, by the tenant's name for it.")
    async def category(self, info: Info) -> TicketCategoryType | None:
        found = await context_of(info).loader(_categories).load(self.row.category)
        return TicketCategoryType.of(found) if found else None

    @strawberry.field(description="Who works on it.")
    async def owner(self, info: Info) -> UserType | None:
        if self.row.owner_id is None:
            return None
        found = await context_of(info).loader(identity.users_by_id).load(self.row.owner_id)
        return UserType.of(found) if found else None

    @strawberry.field(description="The team it is assigned to.")
    async def department(self, info: Info) -> DepartmentType | None:
        if self.row.department_id is None:
            return None
        found = (
            await context_of(info).loader(identity.departments_by_id).load(self.row.department_id)
        )
        return DepartmentType.of(found) if found else None

    @strawberry.field(
        description="Its SLA clocks (first response, next response, resolution), those its "
        "policy measures; none without a matching policy."
    )
    async def sla_clocks(self, info: Info) -> list[SlaClockType]:
        return await sla_clocks_of(info, self.row.id)

    @strawberry.field(description="Files attached when the ticket was opened.")
    async def attachments(self, info: Info) -> list[StoredFileType]:
        return await ticket_attachments(info, self.row.id)

    @strawberry.field(description="The conversation, oldest first: replies and internal notes.")
    async def messages(self, info: Info) -> list[TicketMessageType]:
        rows = await context_of(info).loader(_messages).load(self.row.id)
        return [TicketMessageType.of(row) for row in rows]

    @strawberry.field(
        description="Its satisfaction survey: scheduled once solved, then sent and answered."
    )
    async def survey(self, info: Info) -> TicketSurveyType | None:
        view = await survey_of_ticket(info, self.row.id)
        return TicketSurveyType.of(view) if view else None

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, tickets.tickets_by_id, cls.of, required)


async def tickets_of_order(info: Info, order_id: uuid.UUID) -> list[TicketType]:
    """Order.tickets (empty without tickets:read)."""
    rows = await context_of(info).loader(_tickets_of_orders).load(order_id)
    return [TicketType.of(row) for row in rows]


# --- inputs and payloads -------------------------------------------------------------------


@strawberry.input(description="Which tickets to list; every filter given must match.")
class TicketFilterInput:
    statuses: list[TicketStatus] | None = strawberry.field(
        default=None, description="Only tickets in one of these statuses."
    )
    priorities: list[TicketPriority] | None = strawberry.field(
        default=None, description="Only tickets of one of these priorities."
    )
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this User's tickets."
    )
    assigned_to_me: bool = strawberry.field(default=False, description="Only mine.")
    unassigned: bool = strawberry.field(default=False, description="Only tickets with no owner.")
    department_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this department's (its id)."
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this Customer's."
    )
    order_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only those about this Order."
    )
    category: str | None = strawberry.field(default=None, description="Only this category key.")
    search: str | None = strawberry.field(
        default=None, description="Part of the subject or the number."
    )
    due_within_minutes: int | None = strawberry.field(
        default=None,
        description="Only tickets with a running SLA clock due within this many minutes "
        "from now, or already overdue (the inbox's 'breaching soon').",
    )


@strawberry.input(description="A new ticket, opened by staff or an integrator.")
class CreateTicketInput:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the Customer.")
    subject: str = strawberry.field(description="What it is about, in a line.")
    description: str = strawberry.field(description="The problem.")
    category: str = strawberry.field(default="other", description="A category key.")
    priority: TicketPriority = strawberry.field(
        default=TicketPriority.NORMAL, description="How urgent it is."
    )
    order_id: strawberry.ID | None = strawberry.field(
        default=None, description="The customer's Order it concerns."
    )
    order_line_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="OrderLines of that order it concerns."
    )
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="The User who works on it (tickets:assign)."
    )
    department_id: strawberry.ID | None = strawberry.field(
        default=None, description="The department it goes to (tickets:assign)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Repeat the call with the same key and input to get the same ticket.",
    )
    attachment_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Your uploads (ids answered by POST /files, purpose ticket_attachment) "
        "to attach.",
    )


@strawberry.input(description="Changes to a ticket; fields left out stay as they are.")
class UpdateTicketInput:
    ticket_id: strawberry.ID = strawberry.field(description="Global id of the Ticket.")
    subject: str | None = strawberry.field(default=None, description="New subject.")
    category: str | None = strawberry.field(default=None, description="New category key.")
    priority: TicketPriority | None = strawberry.field(default=None, description="New priority.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="New owner (a User); null: nobody (tickets:assign)."
    )
    department_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="New department; null: none (tickets:assign)."
    )


@strawberry.input(description="A reply to the customer or an internal note.")
class ReplyToTicketInput:
    ticket_id: strawberry.ID = strawberry.field(description="Global id of the Ticket.")
    body: str = strawberry.field(description="What it says.")
    kind: MessageKind = strawberry.field(
        default=MessageKind.PUBLIC_REPLY, description="Public reply (emailed) or internal note."
    )
    attachment_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Your uploads (ids answered by POST /files, purpose ticket_attachment) "
        "to attach.",
    )
    mentioned_user_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Users (global ids) the message mentions; each who may read the ticket "
        "is notified.",
    )


@strawberry.input(description="A ticket's next status.")
class ChangeTicketStatusInput:
    ticket_id: strawberry.ID = strawberry.field(description="Global id of the Ticket.")
    status: TicketStatus = strawberry.field(description="The status to move to.")
    resolution_code: ResolutionCode | None = strawberry.field(
        default=None, description="How it was resolved: required when solving."
    )


@strawberry.input(description="A category to add, rename or switch on or off.")
class SaveTicketCategoryInput:
    key: str = strawberry.field(description="The category's key (a built-in one or a new one).")
    name: str = strawberry.field(description="Its name.")
    active: bool = strawberry.field(default=True, description="New tickets may choose it.")


@strawberry.type(description="Result of a ticket mutation.")
class TicketPayload:
    ticket: TicketType | None = strawberry.field(description="The ticket after the mutation.")
    user_errors: list[UserErrorType] = error_list_field(TicketError)


@strawberry.type(description="Result of saveTicketCategory.")
class TicketCategoryPayload:
    category: TicketCategoryType | None = strawberry.field(description="The category as saved.")
    user_errors: list[UserErrorType] = error_list_field(TicketError)


def _optional_id(value: strawberry.ID | None, type_name: str) -> uuid.UUID | None:
    return decode_id(value, type_name) if value else None


def _filter(flt: TicketFilterInput | None) -> tickets.TicketFilter:
    if flt is None:
        return tickets.TicketFilter()
    return tickets.TicketFilter(
        statuses=tuple(flt.statuses or ()),
        priorities=tuple(flt.priorities or ()),
        owner_id=_optional_id(flt.owner_id, "User"),
        assigned_to_me=flt.assigned_to_me,
        unassigned=flt.unassigned,
        department_id=_department_id(flt.department_id),
        customer_id=_optional_id(flt.customer_id, "Customer"),
        order_id=_optional_id(flt.order_id, "Order"),
        category=flt.category,
        search=flt.search,
        due_within_minutes=flt.due_within_minutes,
    )


def _department_id(value: strawberry.ID | None) -> uuid.UUID | None:
    """Departments are addressed by their plain id (DepartmentType.id)."""
    if value is None or not str(value).strip():
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return NO_ROW


def _new_ticket(data: CreateTicketInput) -> tickets.NewTicket:
    return tickets.NewTicket(
        customer_id=input_row_id(data.customer_id, "Customer"),
        subject=data.subject,
        description=data.description,
        category=data.category,
        priority=data.priority,
        order_id=optional_input_row_id(data.order_id, "Order"),
        order_line_ids=tuple(input_row_id(i, "OrderLine") for i in data.order_line_ids),
        owner_id=optional_input_row_id(data.owner_id, "User"),
        department_id=_department_id(data.department_id),
        idempotency_key=(data.idempotency_key or "").strip() or None,
        attachment_ids=upload_ids(data.attachment_ids),
    )


def _changes(data: UpdateTicketInput) -> tickets.TicketChanges:
    owner: Any = tickets.KEEP
    if data.owner_id is not strawberry.UNSET:
        owner = optional_input_row_id(data.owner_id, "User")
    department: Any = tickets.KEEP
    if data.department_id is not strawberry.UNSET:
        department = _department_id(data.department_id)
    return tickets.TicketChanges(
        ticket_id=decode_id(data.ticket_id, "Ticket"),
        subject=data.subject,
        category=data.category,
        priority=data.priority,
        owner_id=owner,
        department_id=department,
    )


# --- queries and mutations -----------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(
        description="Tickets of customers in your data scope, newest first (tickets:read)."
    )
    async def tickets(
        self,
        info: Info,
        filter: Annotated[
            TicketFilterInput | None, strawberry.argument(description="Which tickets.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[TicketType]:
        actor = await context_of(info).reader()
        page = await tickets.list_tickets(actor, _filter(filter), first, after)
        return to_connection(page, TicketType.of)

    @strawberry.field(description="One ticket by its global id; null when out of reach.")
    async def ticket(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the Ticket.")],
    ) -> TicketType | None:
        try:
            ticket_id = decode_id(id, "Ticket")
        except NotFound:
            return None
        [found] = await tickets.tickets_by_id(await context_of(info).reader(), [ticket_id])
        return TicketType.of(found) if found else None

    @strawberry.field(description="One ticket by its number (T-000042); null when out of reach.")
    async def ticket_by_number(
        self,
        info: Info,
        number: Annotated[str, strawberry.argument(description="The ticket's number.")],
    ) -> TicketType | None:
        actor = await context_of(info).reader()
        found = await tickets.ticket_by_number(actor, number)
        return TicketType.of(found) if found else None

    @strawberry.field(description="The categories tickets are filed under (tickets:read).")
    async def ticket_categories(
        self,
        info: Info,
        include_inactive: Annotated[
            bool, strawberry.argument(description="Also those switched off.")
        ] = False,
    ) -> list[TicketCategoryType]:
        actor = await context_of(info).reader()
        return [TicketCategoryType.of(c) for c in await tickets.categories(actor, include_inactive)]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Open a ticket for a customer (tickets:write; owner and department need "
        "tickets:assign). Integrators call it too: their tickets have channel API."
    )
    async def create_ticket(self, info: Info, input: CreateTicketInput) -> TicketPayload:
        data = _new_ticket(input)
        outcome = await run_mutation(info, lambda actor: tickets.create_ticket(actor, data))
        return payload_of(TicketPayload, outcome, TicketType.of)

    @strawberry.mutation(
        description="Change a ticket's subject, category or priority (tickets:write), owner "
        "or department (tickets:assign)."
    )
    async def update_ticket(self, info: Info, input: UpdateTicketInput) -> TicketPayload:
        changes = _changes(input)
        outcome = await run_mutation(info, lambda actor: tickets.update_ticket(actor, changes))
        return payload_of(TicketPayload, outcome, TicketType.of)

    @strawberry.mutation(
        description="Reply to the customer (emailed to them and shown in the portal) or add "
        "an internal note (tickets:write). Closed tickets take no replies."
    )
    async def reply_to_ticket(self, info: Info, input: ReplyToTicketInput) -> TicketPayload:
        ticket_id = decode_id(input.ticket_id, "Ticket")
        outcome = await run_mutation(
            info,
            lambda actor: tickets.reply_to_ticket(
                actor,
                ticket_id,
                input.body,
                input.kind,
                upload_ids(input.attachment_ids),
                tuple(input_row_id(i, "User") for i in input.mentioned_user_ids),
            ),
        )
        return payload_of(TicketPayload, outcome, TicketType.of)

    @strawberry.mutation(
        description="Move a ticket to its next status (tickets:write); solving needs a "
        "resolution code."
    )
    async def change_ticket_status(
        self, info: Info, input: ChangeTicketStatusInput
    ) -> TicketPayload:
        ticket_id = decode_id(input.ticket_id, "Ticket")
        outcome = await run_mutation(
            info,
            lambda actor: tickets.change_status(
                actor, ticket_id, input.status, input.resolution_code
            ),
        )
        return payload_of(TicketPayload, outcome, TicketType.of)

    @strawberry.mutation(
        description="Reopen a solved ticket, or one closed within 30 days (tickets:write)."
    )
    async def reopen_ticket(
        self,
        info: Info,
        ticket_id: Annotated[
            strawberry.ID, strawberry.argument(description="Global id of the Ticket.")
        ],
    ) -> TicketPayload:
        row_id = decode_id(ticket_id, "Ticket")
        outcome = await run_mutation(info, lambda actor: tickets.reopen_ticket(actor, row_id))
        return payload_of(TicketPayload, outcome, TicketType.of)

    @strawberry.mutation(
        description="Add a ticket category, or rename or switch one on or off (tickets:configure)."
    )
    async def save_ticket_category(
        self, info: Info, input: SaveTicketCategoryInput
    ) -> TicketCategoryPayload:
        outcome = await run_mutation(
            info,
            lambda actor: tickets.save_category(actor, input.key, input.name, input.active),
        )
        return payload_of(TicketCategoryPayload, outcome, TicketCategoryType.of)
