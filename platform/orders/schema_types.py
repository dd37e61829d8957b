"""The GraphQL types of orders (Order, OrderLine, their history and settings) and the
loaders they share; downstream domains add their fields to Order (orbit.schema)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

import catalog.services as catalog
import customers.services as customers
import orders.services as orders
from catalog import PriceRuleType, SkuType
from core.context import Actor
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import selected_node_fields
from core.gql.types import from_row, resolve_by_ids
from customers import CustomerType, PaymentTermsType
from orders import history_notes, rules
from orders.history_notes import NoteCode
from orders.models import Order, OrderLine, OrderStatusChange
from orders.rules import Action, Status, Transition

strawberry.enum(Status, name="OrderStatus", description="Where an order is in its lifecycle.")
strawberry.enum(
    NoteCode,
    name="OrderStatusNoteCode",
    description="What the system says about a status history step (see noteParams).",
)

if TYPE_CHECKING:
    from catalog.models import Sku
    from customers.models import Customer


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
    EXCHANGE = "exchange"
    QUOTE = "quote"
    SUBSCRIPTION = "subscription"


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
    return await orders.lines_of_orders(actor, ids)


async def _load_history(actor: Actor, ids: list[uuid.UUID]) -> list[list[OrderStatusChange]]:
    return await orders.history_of_orders(actor, ids)


async def _load_skus(actor: Actor, ids: list[uuid.UUID]) -> list[Sku | None]:
    return await catalog.skus_by_id(actor, ids)


async def _load_customers(actor: Actor, ids: list[uuid.UUID]) -> list[Customer | None]:
    return await customers.customers_by_id(actor, ids)


async def _load_permissions(actor: Actor, keys: list[str]) -> list[set[str]]:
    held = await orders.held_order_permissions(actor)
    return [held for _ in keys]


@dataclass(frozen=True)
class PagePrefetch:
    """What a list page read for all its orders at once, for the fields its query selects:
    each order's `lines` and `customer` then resolve without awaiting. A DataLoader read
    behind an async field per order cost more than the read itself (docs/performance.md)."""

    lines: dict[uuid.UUID, list[OrderLine]] | None = None
    customers: dict[uuid.UUID, Customer | None] | None = None
    shown_customers: dict[uuid.UUID, CustomerType | None] = field(default_factory=dict)

    def customer_type(self, customer_id: uuid.UUID) -> CustomerType | None:
        """The customer as the page shows it, made once however many of its orders the
        page lists."""
        if customer_id not in self.shown_customers:
            found = self.customers.get(customer_id) if self.customers else None
            self.shown_customers[customer_id] = CustomerType.of(found) if found else None
        return self.shown_customers[customer_id]


async def prefetch_page(info: Info, rows: list[Order]) -> PagePrefetch:
    selected = selected_node_fields(info)
    if not rows or not selected & {"lines", "customer"}:
        return PagePrefetch()
    actor = await context_of(info).reader()
    lines = None
    if "lines" in selected:
        ids = [row.id for row in rows]
        lines = dict(zip(ids, await orders.lines_of_orders(actor, ids), strict=True))
    found = None
    if "customer" in selected:
        ids = list(dict.fromkeys(row.customer_id for row in rows))
        found = dict(zip(ids, await customers.customers_by_id(actor, ids), strict=True))
    return PagePrefetch(lines=lines, customers=found)


NOTHING_PREFETCHED = PagePrefetch()


async def lines_of(info: Info, order_id: uuid.UUID) -> list[OrderLine]:
    lines: list[OrderLine] = await context_of(info).loader(_load_lines).load(order_id)
    return lines


async def history_of(info: Info, order_id: uuid.UUID) -> list[OrderStatusChange]:
    changes: list[OrderStatusChange] = await context_of(info).loader(_load_history).load(order_id)
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
    from_status: Status | None = strawberry.field(
        description="The status before; null for the creation."
    )
    to_status: Status = strawberry.field(description="The status after.")
    action: str = strawberry.field(description="The action taken (create, submit, ...).")
    actor_kind: str | None = strawberry.field(
        description="staff, api_client or portal; null for the system."
    )
    actor_label: str | None = strawberry.field(description="Who acted (email or client name).")
    comment: str | None = strawberry.field(
        description="Why, in the actor's own words (a transition note, a rejection reason, "
        "a change request's reason); null when the actor gave none."
    )
    note_code: NoteCode | None = strawberry.field(
        description="What the system says about the step, for clients to word in the "
        "reader's language; null when it says nothing. See noteParams."
    )
    note_params: JSON | None = strawberry.field(
        description='The facts noteCode words: PAID_IN_FULL {"payment"}; ORDER_CHANGED '
        '{"lines": [{"sku", "before", "after"}], "delivery": {"before", "after"}, '
        '"shipTo": {"recipient", "city"}} (each key only when that part changed).'
    )
    note: str | None = strawberry.field(
        description="The step in English: the system's note and the actor's comment.",
        deprecation_reason="English only: word noteCode and noteParams, and show comment.",
    )
    created_at: datetime = strawberry.field(description="When.")

    @classmethod
    def of(cls, change: OrderStatusChange) -> OrderStatusChangeType:
        code = NoteCode(change.note_code) if change.note_code else None
        return from_row(
            cls,
            change,
            from_status=Status(change.from_status) if change.from_status else None,
            to_status=Status(change.to_status),
            comment=change.note,
            note_code=code,
            note=history_notes.english(change.note_code, change.note_params, change.note),
        )


@strawberry.type(
    name="OrderTransition", description="An action the current user may take on the order now."
)
class OrderTransitionType:
    action: OrderActionEnum = strawberry.field(
        description="Pass it to transitionOrder; clients word the button from it."
    )
    label: str = strawberry.field(
        description="A button label in English.",
        deprecation_reason="English only: word the button from action.",
    )
    to_status: Status = strawberry.field(description="Where the order goes.")

    @classmethod
    def of(cls, transition: Transition) -> OrderTransitionType:
        target = (
            Status.CONFIRMED
            if transition.action is Action.SUBMIT
            else Status(transition.target.value)
        )
        return cls(
            action=OrderActionEnum(transition.action.value),
            label=transition.label,
            to_status=target,
        )


def percent(value: Decimal) -> Decimal:
    """10.0000 -> 10, 2.5000 -> 2.5 (never 1E+1)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def money(amount: Decimal, currency: str) -> MoneyType:
    return MoneyType.from_amount(amount, currency)


@strawberry.type(
    name="TaxRateTotal",
    description="The tax of an order at one rate: the lines' net at that rate and the tax on it.",
)
class TaxRateTotalType:
    rate: Decimal = strawberry.field(description="Tax rate as a fraction (0.13 = 13 %).")
    taxable_amount: MoneyType = strawberry.field(
        description="Net (after discounts) of the lines taxed at this rate."
    )
    tax: MoneyType = strawberry.field(description="Tax at this rate, the sum of the line taxes.")


async def tax_totals_by_rate(info: Info, order: Order) -> list[TaxRateTotalType]:
    """The order's tax per rate, highest rate first; they add up to its tax total."""
    lines = await lines_of(info, order.id)
    totals = rules.totals_by_tax_rate((li.tax_rate, li.line_subtotal, li.line_tax) for li in lines)
    return [
        TaxRateTotalType(
            rate=percent(t.rate),
            taxable_amount=money(t.net, order.currency),
            tax=money(t.tax, order.currency),
        )
        for t in totals
    ]


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
    price_source_label: str = strawberry.field(
        description="That rule in English.", deprecation_reason="English only: word priceRule."
    )
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

    @strawberry.field(description="The rule that gave the unit price, for clients to word.")
    def price_rule(self) -> PriceRuleType:
        return PriceRuleType.of(self.price_source, self.price_source_label)

    @strawberry.field(description="The SKU ordered.")
    async def sku(self, info: Info) -> SkuType | None:
        sku = await context_of(info).loader(_load_skus).load(self.sku_row_id)
        return SkuType.of(sku) if sku else None

    @classmethod
    def of(cls, line: OrderLine, currency: str) -> OrderLineType:
        return from_row(
            cls,
            line,
            unit_price=money(line.unit_price, currency),
            discount_percent=percent(line.discount_percent),
            line_subtotal=money(line.line_subtotal, currency),
            discount_amount=money(line.line_discount, currency),
            tax_amount=money(line.line_tax, currency),
            line_total=money(line.line_total, currency),
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
    status: Status = strawberry.field(description="Lifecycle status.")
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
    prefetched: strawberry.Private[PagePrefetch]

    # The addresses are made when selected: a list rarely asks for them. (Amounts are made
    # up front: a field with a resolver costs Strawberry more per selection than an amount.)
    @strawberry.field(description="Ship-to address copy.")
    def ship_to(self) -> OrderAddressType | None:
        return OrderAddressType.of(self.row.ship_to)

    @strawberry.field(description="Bill-to address copy.")
    def bill_to(self) -> OrderAddressType | None:
        return OrderAddressType.of(self.row.bill_to)

    # `customer` and `lines` return the value when the page prefetched it, else an awaitable
    # of it (graphql-core awaits what a resolver returns): hence `graphql_type` and `Any`.
    @strawberry.field(
        description="The customer; null when out of the caller's data scope.",
        graphql_type=CustomerType | None,
    )
    def customer(self, info: Info) -> Any:
        if self.prefetched.customers is None:
            return self._load_customer(info)
        return self.prefetched.customer_type(self.row.customer_id)

    async def _load_customer(self, info: Info) -> CustomerType | None:
        customer = await context_of(info).loader(_load_customers).load(self.row.customer_id)
        return CustomerType.of(customer) if customer else None

    @strawberry.field(description="The lines, by line number.", graphql_type=list[OrderLineType])
    def lines(self, info: Info) -> Any:
        if self.prefetched.lines is None:
            return self._load_lines(info)
        lines = self.prefetched.lines[self.row.id]
        return [OrderLineType.of(line, self.currency) for line in lines]

    async def _load_lines(self, info: Info) -> list[OrderLineType]:
        return [OrderLineType.of(line, self.currency) for line in await lines_of(info, self.row.id)]

    @strawberry.field(
        description="The tax per rate, highest first (e.g. 13 %: 12.30); they add up to taxTotal."
    )
    async def tax_by_rate(self, info: Info) -> list[TaxRateTotalType]:
        return await tax_totals_by_rate(info, self.row)

    @strawberry.field(description="Every status change, oldest first.")
    async def status_history(self, info: Info) -> list[OrderStatusChangeType]:
        return [OrderStatusChangeType.of(c) for c in await history_of(info, self.row.id)]

    @strawberry.field(
        description="Actions the current user may take now (their permissions "
        "and the order's status and terms)."
    )
    async def available_transitions(self, info: Info) -> list[OrderTransitionType]:
        held: set[str] = await context_of(info).loader(_load_permissions).load("orders")
        lines = await lines_of(info, self.row.id)
        return [
            OrderTransitionType.of(t) for t in orders.available_transitions(self.row, held, lines)
        ]

    @strawberry.field(description="Payment progress, beside the lifecycle status.")
    def payment_status(self) -> OrderPaymentStatusEnum:
        return OrderPaymentStatusEnum(self.row.payment_status)

    @strawberry.field(description="What payments settled so far.")
    def amount_paid(self) -> MoneyType:
        return money(self.row.amount_paid, self.currency)

    @strawberry.field(
        description="What is still to be paid: the total less what was paid (0 once paid)."
    )
    def amount_due(self) -> MoneyType:
        return money(max(self.row.total - self.row.amount_paid, Decimal(0)), self.currency)

    @strawberry.field(description="What refunds gave back so far.")
    def amount_refunded(self) -> MoneyType:
        return money(self.row.amount_refunded, self.currency)

    @strawberry.field(
        description="The payment terms the order was sold on: the customer's "
        "when it was created, or its own."
    )
    def payment_terms(self) -> PaymentTermsType:
        return PaymentTermsType.of(orders.payment_terms_of(self.row))

    @classmethod
    def of(cls, order: Order, prefetched: PagePrefetch = NOTHING_PREFETCHED) -> OrderType:
        currency = order.currency
        return from_row(
            cls,
            order,
            channel=OrderChannelEnum(order.channel),
            status=Status(order.status),
            priority=OrderPriorityEnum(order.priority),
            subtotal=money(order.subtotal, currency),
            discount_total=money(order.discount_total, currency),
            tax_total=money(order.tax_total, currency),
            total=money(order.total, currency),
            row=order,
            prefetched=prefetched,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, orders.orders_by_id, cls.of, required)


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
