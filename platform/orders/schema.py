"""GraphQL for orders: the order list and board, creating orders, lifecycle transitions
and the order settings. The types are in `schema_types`, the portal's view of its orders in
`portal_schema`; the names other domains use are re-exported here."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry.types import Info

import orders.services as orders
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    optional_input_row_id,
    payload_of,
    run_mutation,
)
from customers import PaymentTermsInput
from orders import board
from orders.error_types import OrderError
from orders.portal_schema import PortalOrderType
from orders.preview_schema import OrderPreviewType
from orders.reading import order_by_number
from orders.rules import Action, Status
from orders.schema_types import (
    OrderActionEnum,
    OrderAddressType,
    OrderChannelEnum,
    OrderLineType,
    OrderPriorityEnum,
    OrderSettingsType,
    OrderSortEnum,
    OrderType,
    prefetch_page,
)

# What other domains' schemas use (their types link to orders).
__all__ = [
    "Mutation",
    "OrderAddressType",
    "OrderLineType",
    "OrderSortEnum",
    "OrderType",
    "PortalOrderType",
    "Query",
]


# --- inputs and payloads -------------------------------------------------------------------


@strawberry.input(description="A line of a new order; the price comes from the pricing engine.")
class OrderLineInput:
    sku_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the Sku."
    )
    quantity: Decimal | None = strawberry.field(default=None, description="Quantity.")
    discount_percent: Decimal = strawberry.field(
        default=Decimal(0), description="Line discount in percent, within your role's cap."
    )


@strawberry.input(description="A new order.")
class CreateOrderInput:
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the Customer."
    )
    lines: list[OrderLineInput] = strawberry.field(default_factory=list, description="The lines.")
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Sending the same key and input again returns the first "
        "order; the same key with another input is IDEMPOTENCY_CONFLICT.",
    )
    channel: OrderChannelEnum = strawberry.field(
        default=OrderChannelEnum.CONSOLE, description="Where it is entered."
    )
    external_ref: str | None = strawberry.field(
        default=None, description="Its id in another system."
    )
    ship_to_address_id: strawberry.ID | None = strawberry.field(
        default=None, description="A SHIP_TO address of the customer; default: its default."
    )
    bill_to_address_id: strawberry.ID | None = strawberry.field(
        default=None, description="A BILL_TO address of the customer; default: its default."
    )
    requested_delivery_date: date | None = strawberry.field(default=None, description="Wanted by.")
    priority: OrderPriorityEnum = strawberry.field(
        default=OrderPriorityEnum.NORMAL, description="normal or urgent."
    )
    tags: list[str] = strawberry.field(default_factory=list, description="Tags.")
    notes: str | None = strawberry.field(default=None, description="Internal notes.")
    submit: bool = strawberry.field(
        default=False,
        description="Submit at once (confirms and "
        "reserves stock unless an approval rule holds it).",
    )
    allow_backorder: bool = strawberry.field(
        default=False, description="Backorder what is not in stock (inventory:backorder)."
    )
    payment_terms: PaymentTermsInput | None = strawberry.field(
        default=None,
        description="The order's own payment terms, e.g. an instalment plan "
        "for this deal only (needs customers:credit); default: the customer's.",
    )


@strawberry.input(description="A lifecycle action on an order.")
class TransitionOrderInput:
    order_id: strawberry.ID = strawberry.field(description="Global id of the Order.")
    action: OrderActionEnum = strawberry.field(description="What to do.")
    note: str | None = strawberry.field(default=None, description="Why; kept in the history.")
    carrier: str | None = strawberry.field(default=None, description="Needed to ship.")
    tracking_number: str | None = strawberry.field(default=None, description="Needed to ship.")
    expected_version: int | None = strawberry.field(
        default=None, description="Refuse with STALE_VERSION unless the order is at it."
    )
    allow_backorder: bool = strawberry.field(
        default=False, description="On submit: backorder what is not in stock."
    )


@strawberry.input(description="One role's discount cap.")
class DiscountCapInput:
    role_key: str = strawberry.field(description="The role.")
    percent: Decimal = strawberry.field(description="Cap in percent, 0 to 100.")


@strawberry.input(description="Changes to the order settings; omitted fields stay.")
class UpdateOrderSettingsInput:
    number_format: str | None = strawberry.field(
        default=None, description="Uses {seq} (e.g. {seq:06d}) and optionally {year}."
    )
    discount_caps: list[DiscountCapInput] | None = strawberry.field(
        default=None, description="Replaces every cap; roles not listed may give no discount."
    )


@strawberry.type(description="Result of a mutation that creates or changes an order.")
class OrderPayload:
    order: OrderType | None = strawberry.field(description="The order after the change.")
    user_errors: list[UserErrorType] = error_list_field(OrderError)


@strawberry.type(description="Result of updateOrderSettings.")
class OrderSettingsPayload:
    settings: OrderSettingsType | None = strawberry.field(description="The settings now.")
    user_errors: list[UserErrorType] = error_list_field(OrderError)


@strawberry.input(description="Which orders to list.")
class OrderFilterInput:
    status: Status | None = strawberry.field(default=None, description="Only this.")
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this customer's."
    )
    priority: OrderPriorityEnum | None = strawberry.field(default=None, description="Only this.")
    search: str | None = strawberry.field(
        default=None, description="Part of the number, external reference or customer name."
    )
    created_from: datetime | None = strawberry.field(
        default=None, description="Created at or after."
    )
    created_to: datetime | None = strawberry.field(default=None, description="Created before.")
    statuses: list[Status] | None = strawberry.field(
        default=None, description="Only orders in one of these statuses."
    )
    channel: OrderChannelEnum | None = strawberry.field(
        default=None, description="Only this channel's."
    )
    tag: str | None = strawberry.field(default=None, description="Only orders with this tag.")


@strawberry.type(name="OrderBoardColumn", description="One status column of the order board.")
class OrderBoardColumnType:
    status: Status = strawberry.field(description="The column's status.")
    orders: Connection[OrderType] = strawberry.field(
        description="Its first cards by rank; page on with orderBoardColumn."
    )


@strawberry.input(description="Where to place an order within its board column.")
class MoveOrderOnBoardInput:
    order_id: strawberry.ID = strawberry.field(description="Global id of the Order moved.")
    after_order_id: strawberry.ID | None = strawberry.field(
        default=None, description="The card that ends up right above it (same column)."
    )
    before_order_id: strawberry.ID | None = strawberry.field(
        default=None, description="The card that ends up right below it (same column)."
    )


def new_order_of(data: CreateOrderInput) -> orders.NewOrder:
    return orders.NewOrder(
        customer_id=optional_input_row_id(data.customer_id, "Customer"),
        lines=[
            orders.NewLine(
                sku_id=optional_input_row_id(line.sku_id, "Sku"),
                quantity=line.quantity,
                discount_percent=line.discount_percent,
            )
            for line in data.lines
        ],
        channel=data.channel.value,
        external_ref=data.external_ref,
        ship_to_address_id=optional_input_row_id(data.ship_to_address_id, "CustomerAddress"),
        bill_to_address_id=optional_input_row_id(data.bill_to_address_id, "CustomerAddress"),
        requested_delivery_date=data.requested_delivery_date,
        priority=data.priority.value,
        tags=list(data.tags),
        notes=data.notes,
        submit=data.submit,
        allow_backorder=data.allow_backorder,
        idempotency_key=data.idempotency_key,
        payment_terms=data.payment_terms.to_terms() if data.payment_terms else None,
    )


def _filter(flt: OrderFilterInput | None) -> orders.OrderFilter:
    if flt is None:
        return orders.OrderFilter()
    return orders.OrderFilter(
        status=flt.status.value if flt.status else None,
        customer_id=decode_id(flt.customer_id, "Customer") if flt.customer_id else None,
        priority=flt.priority.value if flt.priority else None,
        search=flt.search,
        created_from=flt.created_from,
        created_to=flt.created_to,
        statuses=tuple(s.value for s in flt.statuses or ()),
        channel=flt.channel.value if flt.channel else None,
        tag=flt.tag,
    )


# --- queries and mutations -----------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(
        description="Orders in your data scope, newest first (orders:read and customers:read)."
    )
    async def orders(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: OrderFilterInput | None = None,
        order_by: OrderSortEnum = OrderSortEnum.NEWEST,
    ) -> Connection[OrderType]:
        actor = await context_of(info).reader()
        page = await orders.list_orders(actor, _filter(filter), first, after, order_by.value)
        prefetched = await prefetch_page(info, page.rows)
        return to_connection(page, lambda order: OrderType.of(order, prefetched))

    @strawberry.field(
        description="The order board (Kanban): a column per active status, "
        "each with its first cards by rank (orders:read, data scope applies)."
    )
    async def order_board(self, info: Info, first: int | None = None) -> list[OrderBoardColumnType]:
        actor = await context_of(info).reader()
        return [
            OrderBoardColumnType(
                status=Status(status.value), orders=to_connection(page, OrderType.of)
            )
            for status, page in await board.board_columns(actor, first)
        ]

    @strawberry.field(description="More cards of one board column, by rank (load more).")
    async def order_board_column(
        self,
        info: Info,
        status: Status,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[OrderType]:
        actor = await context_of(info).reader()
        page = await board.board_column(actor, status.value, first, after)
        return to_connection(page, OrderType.of)

    @strawberry.field(
        description="The order form's live preview (orders:write): for the same input as "
        "createOrder (submit, idempotencyKey and allowBackorder are ignored), the server's "
        "prices, line amounts, tax by rate and total, each line's stock in the warehouse it "
        "would come from, pack size and minimum, and the approvals submitting would need. "
        "Writes and reserves nothing."
    )
    async def order_preview(self, info: Info, input: CreateOrderInput) -> OrderPreviewType:
        actor = await context_of(info).reader()
        return OrderPreviewType.of(await orders.preview_order(actor, new_order_of(input)))

    @strawberry.field(
        description="The order with this number, as node(id:) would return it: null when "
        "no order of your tenant and data scope has it (orders:read)."
    )
    async def order_by_number(self, info: Info, number: str) -> OrderType | None:
        order = await order_by_number(await context_of(info).reader(), number)
        return OrderType.of(order) if order is not None else None

    @strawberry.field(description="The order numbering format and discount caps (orders:read).")
    async def order_settings(self, info: Info) -> OrderSettingsType:
        actor = await context_of(info).reader()
        return OrderSettingsType.of(await orders.read_order_settings(actor))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create an order (orders:write; with submit also "
        "orders:submit): validated, priced by the pricing engine, numbered."
    )
    async def create_order(self, info: Info, input: CreateOrderInput) -> OrderPayload:
        data = new_order_of(input)
        outcome = await run_mutation(info, lambda actor: orders.create_order(actor, data))
        return payload_of(OrderPayload, outcome, OrderType.of)

    @strawberry.mutation(
        description="Take a lifecycle action on an order (the permission "
        "each action needs is in docs/orders.md)."
    )
    async def transition_order(self, info: Info, input: TransitionOrderInput) -> OrderPayload:
        data = orders.TransitionInput(
            order_id=decode_id(input.order_id, "Order"),
            action=Action(input.action.value),
            note=input.note,
            carrier=input.carrier,
            tracking_number=input.tracking_number,
            expected_version=input.expected_version,
            allow_backorder=input.allow_backorder,
        )
        outcome = await run_mutation(info, lambda actor: orders.transition_order(actor, data))
        return payload_of(OrderPayload, outcome, OrderType.of)

    @strawberry.mutation(
        description="Move an order within its board column (orders:write): "
        "give the card above it (afterOrderId) or below it (beforeOrderId)."
    )
    async def move_order_on_board(self, info: Info, input: MoveOrderOnBoardInput) -> OrderPayload:
        move = board.BoardMove(
            order_id=decode_id(input.order_id, "Order"),
            before_order_id=optional_input_row_id(input.before_order_id, "Order"),
            after_order_id=optional_input_row_id(input.after_order_id, "Order"),
        )
        outcome = await run_mutation(info, lambda actor: board.move_order_on_board(actor, move))
        return payload_of(OrderPayload, outcome, OrderType.of)

    @strawberry.mutation(
        description="Change the order number format or discount caps (settings:write)."
    )
    async def update_order_settings(
        self, info: Info, input: UpdateOrderSettingsInput
    ) -> OrderSettingsPayload:
        changes = orders.SettingsChanges(
            number_format=input.number_format,
            discount_caps=[(c.role_key, c.percent) for c in input.discount_caps]
            if input.discount_caps is not None
            else None,
        )
        outcome = await run_mutation(
            info, lambda actor: orders.update_order_settings(actor, changes)
        )
        return payload_of(OrderSettingsPayload, outcome, OrderSettingsType.of)
