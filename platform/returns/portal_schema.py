"""GraphQL for the portal: the signed-in contact's customer's returns with every step's
date, what an order's lines may still return, and asking for a return. Inspections and
staff names never appear here; ids are plain row ids, as elsewhere in the portal."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.types import Info

import orders.services as orders
import returns.services as returns
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import NO_ROW, UserErrorType, error_list_field, payload_of, run_mutation
from files import StoredFileType, upload_ids
from returns.label_pdf import label_url
from returns.models import Return, ReturnLine
from returns.photo_schema import line_photos
from returns.rules import ReturnReason, ReturnStatus, ReturnWish
from returns.types_schema import ReturnError


async def _lines(actor: Actor, ids: list[uuid.UUID]) -> list[list[ReturnLine]]:
    return await returns.lines_of_returns(actor, ids)


async def _order_numbers(actor: Actor, ids: list[uuid.UUID]) -> list[str | None]:
    """The numbers of the orders of returns the contact already reached (a DataLoader
    batch): a return and its order belong to one customer, and only that customer's
    numbers are given back."""
    customer_id = actor.require_portal().customer_id
    found = {
        order.id: order.number
        for order in await orders.orders_for_system(actor, ids)
        if order.customer_id == customer_id
    }
    return [found.get(i) for i in ids]


def _row_id(value: strawberry.ID | None) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return NO_ROW


@strawberry.type(name="PortalReturnLine", description="One line of one of your returns.")
class PortalReturnLineType:
    line_no: int = strawberry.field(description="Position in the return, from 1.")
    order_line_id: strawberry.ID = strawberry.field(description="The order line returned.")
    sku_code: str = strawberry.field(description="The product's code.")
    description: str = strawberry.field(description="The product's name.")
    quantity: Decimal = strawberry.field(description="How much you send back.")
    reason: ReturnReason = strawberry.field(description="Why.")
    comment: str | None = strawberry.field(description="Your words.")
    received_quantity: Decimal = strawberry.field(description="How much has arrived.")
    inspected_quantity: Decimal = strawberry.field(
        description="How much of what arrived has been inspected."
    )
    line_id: strawberry.Private[uuid.UUID]

    @classmethod
    def of(cls, row: ReturnLine) -> PortalReturnLineType:
        return cls(
            line_no=row.line_no,
            order_line_id=strawberry.ID(str(row.order_line_id)),
            sku_code=row.sku_code,
            description=row.description,
            quantity=row.quantity,
            reason=ReturnReason(row.reason),
            comment=row.comment,
            received_quantity=row.received_quantity,
            inspected_quantity=row.inspected_quantity,
            line_id=row.id,
        )

    @strawberry.field(description="The photos you sent with it.")
    async def photos(self, info: Info) -> list[StoredFileType]:
        return await line_photos(info, self.line_id)


@strawberry.type(name="PortalReturn", description="One of your returns and its progress.")
class PortalReturnType:
    id: strawberry.ID = strawberry.field(description="Pass it to myReturn.")
    number: str = strawberry.field(description="The return's number (RMA-000042).")
    status: ReturnStatus = strawberry.field(description="Where it stands.")
    wish: ReturnWish = strawberry.field(description="Refund or exchange.")
    order_id: strawberry.ID = strawberry.field(description="The PortalOrder (its id).")
    decline_reason: str | None = strawberry.field(description="Why it was declined.")
    created_at: datetime = strawberry.field(description="When you asked.")
    approved_at: datetime | None = strawberry.field(description="When it was approved.")
    declined_at: datetime | None = strawberry.field(description="When it was declined.")
    received_at: datetime | None = strawberry.field(description="When goods arrived.")
    inspected_at: datetime | None = strawberry.field(description="When they were inspected.")
    resolved_at: datetime | None = strawberry.field(description="When it was resolved.")
    closed_at: datetime | None = strawberry.field(description="When it was closed.")
    cancelled_at: datetime | None = strawberry.field(description="When it was cancelled.")
    resolution: ReturnWish | None = strawberry.field(
        description="How it was resolved: REFUND or EXCHANGE (null before resolution)."
    )
    label_url: str | None = strawberry.field(
        description="Where to download the return label PDF (once approved; null before, "
        "and for declined or cancelled returns)."
    )
    row: strawberry.Private[Return]

    @classmethod
    def of(cls, row: Return) -> PortalReturnType:
        return cls(
            id=strawberry.ID(str(row.id)),
            number=row.number,
            status=ReturnStatus(row.status),
            wish=ReturnWish(row.wish),
            order_id=strawberry.ID(str(row.order_id)),
            decline_reason=row.decline_reason,
            created_at=row.created_at,
            approved_at=row.approved_at,
            declined_at=row.declined_at,
            received_at=row.received_at,
            inspected_at=row.inspected_at,
            resolved_at=row.resolved_at,
            closed_at=row.closed_at,
            cancelled_at=row.cancelled_at,
            resolution=ReturnWish(row.resolution) if row.resolution else None,
            label_url=label_url(row),
            row=row,
        )

    @strawberry.field(
        description="The refund granted at resolution, tax included (null before resolution "
        "or when resolved by exchange)."
    )
    async def refund_amount(self, info: Info) -> MoneyType | None:
        if self.row.refund_amount is None:
            return None
        lines = await context_of(info).loader(_lines).load(self.row.id)
        currency = lines[0].currency if lines else ""
        return MoneyType.from_amount(self.row.refund_amount, currency)

    @strawberry.field(
        description="The number of the replacement order an exchange created (null otherwise)."
    )
    async def exchange_order_number(self, info: Info) -> str | None:
        if self.row.exchange_order_id is None:
            return None
        return await context_of(info).loader(_order_numbers).load(self.row.exchange_order_id)

    @strawberry.field(description="The PortalOrder's number.")
    async def order_number(self, info: Info) -> str | None:
        return await context_of(info).loader(_order_numbers).load(self.row.order_id)

    @strawberry.field(description="The lines, by line number.")
    async def lines(self, info: Info) -> list[PortalReturnLineType]:
        rows = await context_of(info).loader(_lines).load(self.row.id)
        return [PortalReturnLineType.of(row) for row in rows]


@strawberry.type(
    name="PortalReturnableLine", description="A line of your order and what it may return."
)
class PortalReturnableLineType:
    order_line_id: strawberry.ID = strawberry.field(description="Name it in requestReturn.")
    line_no: int = strawberry.field(description="Position in the order.")
    sku_code: str = strawberry.field(description="The product's code.")
    description: str = strawberry.field(description="The product's name.")
    delivered_quantity: Decimal = strawberry.field(description="How much was delivered.")
    returnable_quantity: Decimal = strawberry.field(
        description="How much may still be returned (delivered less earlier returns)."
    )
    product_returnable: bool = strawberry.field(description="The product may be returned.")

    @classmethod
    def of(cls, found: returns.ReturnableLine) -> PortalReturnableLineType:
        line = found.order_line
        return cls(
            order_line_id=strawberry.ID(str(line.id)),
            line_no=line.line_no,
            sku_code=line.sku_code,
            description=line.description,
            delivered_quantity=found.delivered,
            returnable_quantity=found.returnable,
            product_returnable=found.product_returnable,
        )


@strawberry.input(description="One line of your order to return.")
class PortalReturnLineInput:
    order_line_id: strawberry.ID = strawberry.field(
        description="A PortalReturnableLine's orderLineId."
    )
    quantity: Decimal = strawberry.field(description="How much to return.")
    reason: ReturnReason = strawberry.field(description="Why.")
    comment: str | None = strawberry.field(default=None, description="In your words.")
    photo_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Image uploads (ids answered by POST /files, purpose return_photo) "
        "showing the items.",
    )


@strawberry.input(description="A return of items of one of your delivered orders.")
class RequestReturnInput:
    order_id: strawberry.ID = strawberry.field(description="The PortalOrder (its id).")
    wish: ReturnWish = strawberry.field(description="Refund or exchange.")
    lines: list[PortalReturnLineInput] = strawberry.field(description="What you send back.")
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Sending the same key and input again returns the first return.",
    )


@strawberry.type(description="Result of requestReturn.")
class RequestReturnPayload:
    return_: PortalReturnType | None = strawberry.field(
        name="return", description="The return asked for."
    )
    user_errors: list[UserErrorType] = error_list_field(ReturnError)


def _request(data: RequestReturnInput) -> returns.PortalReturnInput:
    return returns.PortalReturnInput(
        order_id=_row_id(data.order_id),
        wish=data.wish,
        lines=tuple(
            returns.NewReturnLine(
                order_line_id=_row_id(line.order_line_id),
                quantity=line.quantity,
                reason=line.reason,
                comment=line.comment,
                photo_ids=upload_ids(line.photo_ids),
            )
            for line in data.lines
        ),
        idempotency_key=(data.idempotency_key or "").strip() or None,
    )


@strawberry.type
class Query:
    @strawberry.field(description="Your customer's returns, newest first (portal only).")
    async def my_returns(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
        order_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the returns of this PortalOrder (its id)."),
        ] = None,
    ) -> Connection[PortalReturnType]:
        actor = await context_of(info).reader()
        page = await returns.portal_returns(
            actor, first, after, _row_id(order_id) if order_id else None
        )
        return to_connection(page, PortalReturnType.of)

    @strawberry.field(description="One of your customer's returns (portal only).")
    async def my_return(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The PortalReturn's id.")],
    ) -> PortalReturnType:
        row_id = _row_id(id)
        if row_id == NO_ROW:
            raise NotFound()
        actor = await context_of(info).reader()
        return PortalReturnType.of(await returns.portal_return(actor, row_id))

    @strawberry.field(
        description="The lines of one of your orders and what each may still return (portal only)."
    )
    async def my_returnable_lines(
        self,
        info: Info,
        order_id: Annotated[
            strawberry.ID, strawberry.argument(description="The PortalOrder's id.")
        ],
    ) -> list[PortalReturnableLineType]:
        actor = await context_of(info).reader()
        found = await returns.portal_returnable_lines(actor, _row_id(order_id))
        return [PortalReturnableLineType.of(line) for line in found]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Ask to return items of one of your delivered orders (portal only): "
        "within the return window, no more than delivered less earlier returns."
    )
    async def request_return(self, info: Info, input: RequestReturnInput) -> RequestReturnPayload:
        data = _request(input)
        outcome = await run_mutation(info, lambda actor: returns.portal_request_return(actor, data))
        return payload_of(RequestReturnPayload, outcome, PortalReturnType.of)
