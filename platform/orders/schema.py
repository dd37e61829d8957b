"""GraphQL for orders: the Order and OrderLine nodes, the order list, creating orders,
lifecycle transitions, order settings, and the portal's read-only view of its orders.
Downstream domains add their own fields to Order and PortalOrder (their `order_fields`
modules, merged by orbit.schema)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import catalog.services as catalog
import customers.services as customers
import orders.services as orders
import portal.ordering as portal_ordering
from catalog.models import Sku
from catalog.schema import SkuType
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    optional_input_row_id,
    resolve_by_ids,
    run_mutation,
)
from core.tenancy import PrincipalKind
from customers.models import Customer
from customers.schema import CustomerType, PaymentTermsInput, PaymentTermsType
from orders import board
from orders.models import Order, OrderLine, OrderStatusChange
from orders.rules import Action, Transition


@strawberry.enum(name="OrderStatus", description="Where an order is in its lifecycle.")
class OrderStatusEnum(Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PENDING_APPROVAL = "pending_approval"
    CONFIRMED = "confirmed"
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    READY_TO_SHIP = "ready_to_ship"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@strawberry.enum(
    name="OrderAction",
    description="A lifecycle action (see docs/orders.md for "
    "the transition table and the permission each needs).",
)
class OrderActionEnum(Enum):
    SUBMIT = "submit"
    CONFIRM = "confirm"
    REQUEST_PAYMENT = "request_payment"
    MARK_PAID = "mark_paid"
    MARK_READY_TO_SHIP = "mark_ready_to_ship"
    SHIP = "ship"
    MARK_DELIVERED = "mark_delivered"
    COMPLETE = "complete"
    CANCEL = "cancel"


@strawberry.enum(name="OrderChannel", description="Where an order was entered.")
class OrderChannelEnum(Enum):
    CONSOLE = "console"
    PORTAL = "portal"
    API = "api"
    IMPORT = "import"
    MARKETPLACE = "marketplace"


@strawberry.enum(name="OrderPriority", description="How urgently an order is handled.")
class OrderPriorityEnum(Enum):
    NORMAL = "normal"
    URGENT = "urgent"


@strawberry.enum(
    name="OrderSort",
    description="How the order list is sorted; every sort "
    "pages by cursor with the order id as the tiebreak.",
)
class OrderSortEnum(Enum):
    NEWEST = "newest"
    OLDEST = "oldest"
    TOTAL = "total"
    REQUESTED_DATE = "requested_date"


# --- loaders -------------------------------------------------------------------------------


async def _load_lines(actor: Actor, ids: list[uuid.UUID]) -> list[list[OrderLine]]:
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return await orders.portal_lines_of_orders(actor, ids)
    return await orders.lines_of_orders(actor, ids)


async def _load_history(actor: Actor, ids: list[uuid.UUID]) -> list[list[OrderStatusChange]]:
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return await orders.portal_history_of_orders(actor, ids)
    return await orders.history_of_orders(actor, ids)


async def _load_skus(actor: Actor, ids: list[uuid.UUID]) -> list[Sku | None]:
    return await catalog.skus_by_id(actor, ids)


async def _load_customers(actor: Actor, ids: list[uuid.UUID]) -> list[Customer | None]:
    return await customers.customers_by_id(actor, ids)


async def _load_permissions(actor: Actor, keys: list[str]) -> list[set[str]]:
    held = await orders.held_order_permissions(actor)
    return [held for _ in keys]


async def _lines(info: Info, order_id: uuid.UUID) -> list[OrderLine]:
    lines: list[OrderLine] = (
        await context_of(info).loader("orders.lines", _load_lines).load(order_id)
    )
    return lines


async def _history(info: Info, order_id: uuid.UUID) -> list[OrderStatusChange]:
    changes: list[OrderStatusChange] = (
        await context_of(info).loader("orders.history", _load_history).load(order_id)
    )
    return changes


# --- types ---------------------------------------------------------------------------------


@strawberry.type(name="OrderAddress", description="An address as it was copied onto the order.")
class OrderAddressType:
    label: str | None = strawberry.field(description="The address book's label.")
    recipient: str = strawberry.field(description="Who receives.")
    phone: str | None = strawberry.field(description="Phone at the address.")
    line1: str = strawberry.field(description="Street and number.")
    line2: str | None = strawberry.field(description="More address.")
    city: str = strawberry.field(description="City.")
    region: str | None = strawberry.field(description="State or province.")
    postal_code: str | None = strawberry.field(description="Postal code.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code.")

    @classmethod
    def of(cls, snapshot: dict[str, Any] | None) -> OrderAddressType | None:
        if snapshot is None:
            return None
        return cls(
            label=snapshot.get("label"),
            recipient=snapshot["recipient"],
            phone=snapshot.get("phone"),
            line1=snapshot["line1"],
            line2=snapshot.get("line2"),
            city=snapshot["city"],
            region=snapshot.get("region"),
            postal_code=snapshot.get("postalCode"),
            country=snapshot["country"],
        )


@strawberry.type(name="OrderStatusChange", description="One step of an order's lifecycle.")
class OrderStatusChangeType:
    from_status: OrderStatusEnum | None = strawberry.field(
        description="The status before; null for the creation."
    )
    to_status: OrderStatusEnum = strawberry.field(description="The status after.")
    action: str = strawberry.field(description="The action taken (create, submit, ...).")
    actor_kind: str | None = strawberry.field(
        description="staff, api_client or portal; null for the system."
    )
    actor_label: str | None = strawberry.field(description="Who acted (email or client name).")
    note: str | None = strawberry.field(description="Why, as the actor wrote it.")
    created_at: datetime = strawberry.field(description="When.")

    @classmethod
    def of(cls, change: OrderStatusChange) -> OrderStatusChangeType:
        return cls(
            from_status=OrderStatusEnum(change.from_status) if change.from_status else None,
            to_status=OrderStatusEnum(change.to_status),
            action=change.action,
            actor_kind=change.actor_kind,
            actor_label=change.actor_label,
            note=change.note,
            created_at=change.created_at,
        )


@strawberry.type(
    name="OrderTransition", description="An action the current user may take on the order now."
)
class OrderTransitionType:
    action: OrderActionEnum = strawberry.field(description="Pass it to transitionOrder.")
    label: str = strawberry.field(description="A button label.")
    to_status: OrderStatusEnum = strawberry.field(description="Where the order goes.")

    @classmethod
    def of(cls, transition: Transition) -> OrderTransitionType:
        target = (
            OrderStatusEnum.CONFIRMED
            if transition.action is Action.SUBMIT
            else OrderStatusEnum(transition.target.value)
        )
        return cls(
            action=OrderActionEnum(transition.action.value),
            label=transition.label,
            to_status=target,
        )


def _percent(value: Decimal) -> Decimal:
    """10.0000 -> 10, 2.5000 -> 2.5 (never 1E+1)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def _money(amount: Decimal, currency: str) -> MoneyType:
    return MoneyType.from_amount(amount, currency)


@strawberry.enum(
    name="OrderPaymentStatus",
    description="How far an order is paid; kept beside its lifecycle status.",
)
class OrderPaymentStatusEnum(Enum):
    UNPAID = "unpaid"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


@strawberry.type(
    name="OrderLine",
    description="One line of an order: a SKU, its quantity "
    "and the price the pricing engine gave it.",
)
class OrderLineType(relay.Node):
    id: relay.NodeID[str]
    line_no: int = strawberry.field(description="Position in the order, from 1.")
    sku_code: str = strawberry.field(description="The SKU's code at order time.")
    description: str = strawberry.field(description="The SKU's name at order time.")
    quantity: Decimal = strawberry.field(description="Quantity ordered.")
    unit_price: MoneyType = strawberry.field(description="Unit price from the pricing engine.")
    price_source: str = strawberry.field(
        description="The pricing rule that gave the unit price (list, tier:<book>, ...)."
    )
    price_source_label: str = strawberry.field(description="That rule for people.")
    discount_percent: Decimal = strawberry.field(description="Line discount, percent.")
    tax_rate: Decimal = strawberry.field(description="Tax rate as a fraction (0.13 = 13 %).")
    line_subtotal: MoneyType = strawberry.field(
        description="Net: price x quantity less the discount, rounded once."
    )
    discount_amount: MoneyType = strawberry.field(description="The discount given.")
    tax_amount: MoneyType = strawberry.field(description="Tax on the net, rounded per line.")
    line_total: MoneyType = strawberry.field(description="Net plus tax.")
    reserved_quantity: Decimal = strawberry.field(description="Stock held for the line.")
    backordered_quantity: Decimal = strawberry.field(description="Waiting for stock.")
    shipped_quantity: Decimal = strawberry.field(description="Shipped so far.")
    sku_row_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The SKU ordered.")
    async def sku(self, info: Info) -> SkuType | None:
        sku = await context_of(info).loader("orders.skus", _load_skus).load(self.sku_row_id)
        return SkuType.of(sku) if sku else None

    @classmethod
    def of(cls, line: OrderLine, currency: str) -> OrderLineType:
        return cls(
            id=str(line.id),
            line_no=line.line_no,
            sku_code=line.sku_code,
            description=line.description,
            quantity=line.quantity,
            unit_price=_money(line.unit_price, currency),
            price_source=line.price_source,
            price_source_label=line.price_source_label,
            discount_percent=_percent(line.discount_percent),
            tax_rate=line.tax_rate,
            line_subtotal=_money(line.line_subtotal, currency),
            discount_amount=_money(line.line_discount, currency),
            tax_amount=_money(line.line_tax, currency),
            line_total=_money(line.line_total, currency),
            reserved_quantity=line.reserved_quantity,
            backordered_quantity=line.backordered_quantity,
            shipped_quantity=line.shipped_quantity,
            sku_row_id=line.sku_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(
            info,
            node_ids,
            orders.order_lines_by_id,
            lambda line: cls.of(line, line.currency),
            required,
        )


@strawberry.type(name="Order", description="A customer order.")
class OrderType(relay.Node):
    id: relay.NodeID[str]
    number: str = strawberry.field(description="Gapless per-tenant number, e.g. SO-2026-000042.")
    channel: OrderChannelEnum = strawberry.field(description="Where it was entered.")
    external_ref: str | None = strawberry.field(
        description="Its id in another system; unique in the tenant."
    )
    status: OrderStatusEnum = strawberry.field(description="Lifecycle status.")
    priority: OrderPriorityEnum = strawberry.field(description="normal or urgent.")
    rank: int = strawberry.field(description="Position within its status column (Kanban).")
    tags: list[str] = strawberry.field(description="Tags, lower case, alphabetical.")
    notes: str | None = strawberry.field(description="Internal notes.")
    requested_delivery_date: date | None = strawberry.field(
        description="When the customer wants it."
    )
    currency: str = strawberry.field(description="ISO 4217 currency of every amount.")
    subtotal: MoneyType = strawberry.field(description="Sum of the lines before discounts.")
    discount_total: MoneyType = strawberry.field(description="Sum of the line discounts.")
    tax_total: MoneyType = strawberry.field(description="Sum of the line taxes.")
    total: MoneyType = strawberry.field(description="Subtotal - discounts + tax.")
    ship_to: OrderAddressType | None = strawberry.field(description="Ship-to address copy.")
    bill_to: OrderAddressType | None = strawberry.field(description="Bill-to address copy.")
    carrier: str | None = strawberry.field(description="Carrier of the shipment.")
    tracking_number: str | None = strawberry.field(description="Tracking number.")
    shipped_at: datetime | None = strawberry.field(description="When it shipped.")
    version: int = strawberry.field(
        description="Grows with every change; pass it as "
        "expectedVersion to refuse acting on a stale view."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    row: strawberry.Private[Order]

    @strawberry.field(description="The customer; null when out of the caller's data scope.")
    async def customer(self, info: Info) -> CustomerType | None:
        customer = (
            await context_of(info)
            .loader("orders.customers", _load_customers)
            .load(self.row.customer_id)
        )
        return CustomerType.of(customer) if customer else None

    @strawberry.field(description="The lines, by line number.")
    async def lines(self, info: Info) -> list[OrderLineType]:
        return [OrderLineType.of(line, self.currency) for line in await _lines(info, self.row.id)]

    @strawberry.field(description="Every status change, oldest first.")
    async def status_history(self, info: Info) -> list[OrderStatusChangeType]:
        return [OrderStatusChangeType.of(c) for c in await _history(info, self.row.id)]

    @strawberry.field(
        description="Actions the current user may take now (their permissions "
        "and the order's status and terms)."
    )
    async def available_transitions(self, info: Info) -> list[OrderTransitionType]:
        held: set[str] = (
            await context_of(info).loader("orders.permissions", _load_permissions).load("orders")
        )
        lines = await _lines(info, self.row.id)
        return [
            OrderTransitionType.of(t) for t in orders.available_transitions(self.row, held, lines)
        ]

    @strawberry.field(description="Payment progress, beside the lifecycle status.")
    def payment_status(self) -> OrderPaymentStatusEnum:
        return OrderPaymentStatusEnum(self.row.payment_status)

    @strawberry.field(description="What payments settled so far.")
    def amount_paid(self) -> MoneyType:
        return _money(self.row.amount_paid, self.currency)

    @strawberry.field(
        description="What is still to be paid: the total less what was paid (0 once paid)."
    )
    def amount_due(self) -> MoneyType:
        return _money(max(self.row.total - self.row.amount_paid, Decimal(0)), self.currency)

    @strawberry.field(description="What refunds gave back so far.")
    def amount_refunded(self) -> MoneyType:
        return _money(self.row.amount_refunded, self.currency)

    @strawberry.field(
        description="The payment terms the order was sold on: the customer's "
        "when it was created, or its own."
    )
    def payment_terms(self) -> PaymentTermsType:
        return PaymentTermsType.of(orders.payment_terms_of(self.row))

    @classmethod
    def of(cls, order: Order) -> OrderType:
        currency = order.currency
        return cls(
            id=str(order.id),
            number=order.number,
            channel=OrderChannelEnum(order.channel),
            external_ref=order.external_ref,
            status=OrderStatusEnum(order.status),
            priority=OrderPriorityEnum(order.priority),
            rank=order.rank,
            tags=list(order.tags),
            notes=order.notes,
            requested_delivery_date=order.requested_delivery_date,
            currency=currency,
            subtotal=_money(order.subtotal, currency),
            discount_total=_money(order.discount_total, currency),
            tax_total=_money(order.tax_total, currency),
            total=_money(order.total, currency),
            ship_to=OrderAddressType.of(order.ship_to),
            bill_to=OrderAddressType.of(order.bill_to),
            carrier=order.carrier,
            tracking_number=order.tracking_number,
            shipped_at=order.shipped_at,
            version=order.version,
            created_at=order.created_at,
            updated_at=order.updated_at,
            row=order,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, orders.orders_by_id, cls.of, required)


@strawberry.type(name="PortalOrderLine", description="A line of one of the customer's orders.")
class PortalOrderLineType:
    sku_code: str = strawberry.field(description="The product's code.")
    description: str = strawberry.field(description="The product's name.")
    quantity: Decimal = strawberry.field(description="Quantity ordered.")
    unit_price: MoneyType = strawberry.field(description="Unit price.")
    discount_percent: Decimal = strawberry.field(description="Discount, percent.")
    line_total: MoneyType = strawberry.field(description="Total with tax.")
    shipped_quantity: Decimal = strawberry.field(description="Shipped so far.")


@strawberry.type(name="PortalOrderStep", description="A step of an order's progress.")
class PortalOrderStepType:
    status: OrderStatusEnum = strawberry.field(description="The status reached.")
    reached_at: datetime = strawberry.field(description="When.")


@strawberry.enum(
    name="PortalMilestone", description="A milestone of an order as the customer follows it."
)
class PortalMilestoneEnum(Enum):
    PLACED = "placed"
    AWAITING_APPROVAL = "awaiting_approval"
    CONFIRMED = "confirmed"
    PAID = "paid"
    READY_TO_SHIP = "ready_to_ship"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@strawberry.enum(name="PortalMilestoneState", description="Whether a milestone was reached.")
class PortalMilestoneStateEnum(Enum):
    DONE = "done"
    SKIPPED = "skipped"
    PENDING = "pending"


@strawberry.type(
    name="PortalTimelineStep", description="One milestone of an order's progress timeline."
)
class PortalTimelineStepType:
    milestone: PortalMilestoneEnum = strawberry.field(description="The milestone.")
    state: PortalMilestoneStateEnum = strawberry.field(
        description="DONE, PENDING, or SKIPPED when the order went on without it (e.g. "
        "PAID for a customer on credit terms)."
    )
    reached_at: datetime | None = strawberry.field(
        description="When it was (last) reached; for AWAITING_APPROVAL, since when."
    )


@strawberry.type(
    name="PortalOrder", description="One of the customer's orders, as the customer sees it."
)
class PortalOrderType:
    id: strawberry.ID = strawberry.field(description="Pass it to portalOrder.")
    number: str = strawberry.field(description="Order number.")
    status: OrderStatusEnum = strawberry.field(description="Lifecycle status.")
    requested_delivery_date: date | None = strawberry.field(description="Requested delivery.")
    total: MoneyType = strawberry.field(description="Total with tax.")
    tax_total: MoneyType = strawberry.field(description="Tax.")
    ship_to: OrderAddressType | None = strawberry.field(description="Where it goes.")
    carrier: str | None = strawberry.field(description="Carrier, once shipped.")
    tracking_number: str | None = strawberry.field(description="Tracking, once shipped.")
    created_at: datetime = strawberry.field(description="When it was placed.")
    row: strawberry.Private[Order]

    @strawberry.field(description="The lines.")
    async def lines(self, info: Info) -> list[PortalOrderLineType]:
        currency = self.row.currency
        return [
            PortalOrderLineType(
                sku_code=line.sku_code,
                description=line.description,
                quantity=line.quantity,
                unit_price=_money(line.unit_price, currency),
                discount_percent=_percent(line.discount_percent),
                line_total=_money(line.line_total, currency),
                shipped_quantity=line.shipped_quantity,
            )
            for line in await _lines(info, self.row.id)
        ]

    @strawberry.field(description="The progress so far, oldest first.")
    async def progress(self, info: Info) -> list[PortalOrderStepType]:
        return [
            PortalOrderStepType(status=OrderStatusEnum(c.to_status), reached_at=c.created_at)
            for c in await _history(info, self.row.id)
        ]

    @strawberry.field(
        description="Every milestone from placed to completed (or cancelled) "
        "with the date each was reached, from the status history."
    )
    async def timeline(self, info: Info) -> list[PortalTimelineStepType]:
        steps = portal_ordering.timeline(self.row.status, await _history(info, self.row.id))
        return [
            PortalTimelineStepType(
                milestone=PortalMilestoneEnum(step.milestone.value),
                state=PortalMilestoneStateEnum(step.state.value),
                reached_at=step.reached_at,
            )
            for step in steps
        ]

    @strawberry.field(description="Total of the lines before tax.")
    def subtotal(self) -> MoneyType:
        return _money(self.row.subtotal, self.row.currency)

    @strawberry.field(description="How far the order is paid.")
    def payment_status(self) -> OrderPaymentStatusEnum:
        return OrderPaymentStatusEnum(self.row.payment_status)

    @strawberry.field(description="What is still to be paid (0 once paid).")
    def amount_due(self) -> MoneyType:
        return _money(max(self.row.total - self.row.amount_paid, Decimal(0)), self.row.currency)

    @strawberry.field(description="Where the invoice goes.")
    def bill_to(self) -> OrderAddressType | None:
        return OrderAddressType.of(self.row.bill_to)

    @classmethod
    def of(cls, order: Order) -> PortalOrderType:
        return cls(
            id=strawberry.ID(str(order.id)),
            number=order.number,
            status=OrderStatusEnum(order.status),
            requested_delivery_date=order.requested_delivery_date,
            total=_money(order.total, order.currency),
            tax_total=_money(order.tax_total, order.currency),
            ship_to=OrderAddressType.of(order.ship_to),
            carrier=order.carrier,
            tracking_number=order.tracking_number,
            created_at=order.created_at,
            row=order,
        )


@strawberry.type(name="DiscountCap", description="The highest line discount a role may give.")
class DiscountCapType:
    role_key: str = strawberry.field(description="The role.")
    percent: Decimal = strawberry.field(description="Cap in percent.")


@strawberry.type(name="OrderSettings", description="The tenant's order settings.")
class OrderSettingsType:
    number_format: str = strawberry.field(
        description="Format of new order numbers, e.g. SO-{year}-{seq:06d}."
    )
    discount_caps: list[DiscountCapType] = strawberry.field(
        description="Caps per role; a user's cap is the highest of their roles'."
    )

    @classmethod
    def of(cls, settings: orders.EffectiveSettings) -> OrderSettingsType:
        return cls(
            number_format=settings.number_format,
            discount_caps=[
                DiscountCapType(role_key=k, percent=v)
                for k, v in sorted(settings.discount_caps.items())
            ],
        )


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
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="Result of updateOrderSettings.")
class OrderSettingsPayload:
    settings: OrderSettingsType | None = strawberry.field(description="The settings now.")
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


@strawberry.input(description="Which orders to list.")
class OrderFilterInput:
    status: OrderStatusEnum | None = strawberry.field(default=None, description="Only this.")
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
    statuses: list[OrderStatusEnum] | None = strawberry.field(
        default=None, description="Only orders in one of these statuses."
    )
    channel: OrderChannelEnum | None = strawberry.field(
        default=None, description="Only this channel's."
    )
    tag: str | None = strawberry.field(default=None, description="Only orders with this tag.")


@strawberry.type(name="OrderBoardColumn", description="One status column of the order board.")
class OrderBoardColumnType:
    status: OrderStatusEnum = strawberry.field(description="The column's status.")
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


def _new_order(data: CreateOrderInput) -> orders.NewOrder:
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


def _payload(order: Order | None, errors: list[UserErrorType]) -> OrderPayload:
    return OrderPayload(order=OrderType.of(order) if order else None, user_errors=errors)


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
        return to_connection(page, OrderType.of)

    @strawberry.field(
        description="The order board (Kanban): a column per active status, "
        "each with its first cards by rank (orders:read, data scope applies)."
    )
    async def order_board(self, info: Info, first: int | None = None) -> list[OrderBoardColumnType]:
        actor = await context_of(info).reader()
        return [
            OrderBoardColumnType(
                status=OrderStatusEnum(status.value), orders=to_connection(page, OrderType.of)
            )
            for status, page in await board.board_columns(actor, first)
        ]

    @strawberry.field(description="More cards of one board column, by rank (load more).")
    async def order_board_column(
        self,
        info: Info,
        status: OrderStatusEnum,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[OrderType]:
        actor = await context_of(info).reader()
        page = await board.board_column(actor, status.value, first, after)
        return to_connection(page, OrderType.of)

    @strawberry.field(description="The order numbering format and discount caps (orders:read).")
    async def order_settings(self, info: Info) -> OrderSettingsType:
        actor = await context_of(info).reader()
        await actor.require("orders", "read")
        return OrderSettingsType.of(await orders.order_settings(actor))

    @strawberry.field(description="The portal customer's orders, newest first (portal only).")
    async def portal_orders(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[PortalOrderType]:
        actor = await context_of(info).reader()
        return to_connection(await orders.portal_orders(actor, first, after), PortalOrderType.of)

    @strawberry.field(description="One of the portal customer's orders (portal only).")
    async def portal_order(self, info: Info, id: strawberry.ID) -> PortalOrderType:
        try:
            order_id = uuid.UUID(str(id))
        except ValueError as error:
            raise NotFound() from error
        actor = await context_of(info).reader()
        return PortalOrderType.of(await orders.portal_order(actor, order_id))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create an order (orders:write; with submit also "
        "orders:submit): validated, priced by the pricing engine, numbered."
    )
    async def create_order(self, info: Info, input: CreateOrderInput) -> OrderPayload:
        data = _new_order(input)
        outcome = await run_mutation(info, lambda actor: orders.create_order(actor, data))
        return _payload(outcome.value, outcome.user_errors)

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
        return _payload(outcome.value, outcome.user_errors)

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
        return _payload(outcome.value, outcome.user_errors)

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
        return OrderSettingsPayload(
            settings=OrderSettingsType.of(outcome.value) if outcome.value else None,
            user_errors=outcome.user_errors,
        )
