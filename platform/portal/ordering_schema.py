"""GraphQL for portal ordering: the catalogue at the customer's prices, a quote for one
line, the customer's addresses and placing an order. Portal sessions only; portal types
carry no cost, price source, stock quantity or staff data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

import strawberry
from strawberry.types import Info

import portal.ordering as ordering
from catalog.errors import CatalogErrorCode
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    from_row,
    global_id,
    id_of,
    optional_input_row_id,
    payload_of,
    run_mutation,
    user_error_type,
)
from customers.errors import CustomerErrorCode
from inventory.errors import InventoryErrorCode
from orders import PortalOrderType
from orders.errors import OrderErrorCode
from portal.errors import PortalErrorCode

if TYPE_CHECKING:
    from catalog.models import Sku
    from customers.models import CustomerAddress


PortalOrderError = user_error_type(
    "PortalOrderError",
    PortalErrorCode,
    OrderErrorCode,
    CatalogErrorCode,
    CustomerErrorCode,
    InventoryErrorCode,
    description="Why a portal order could not be placed, or a quoted line could not be ordered.",
)


strawberry.enum(
    ordering.Availability,
    name="PortalAvailability",
    description="How much of an item is in stock, as a hint (the quantity itself stays private).",
)
PortalAvailabilityEnum = ordering.Availability


def _quantity(value: Decimal) -> Decimal:
    """1.000 -> 1, 2.500 -> 2.5 (never 1E+1)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


@strawberry.type(
    name="PortalCatalogItem",
    description="An item the customer can order, at the customer's own price.",
)
class PortalCatalogItemType:
    id: strawberry.ID = strawberry.field(description="Global id of the Sku; pass it as skuId.")
    code: str = strawberry.field(description="The SKU code.")
    name: str = strawberry.field(description="The item's name.")
    product_name: str = strawberry.field(description="The product it belongs to.")
    description: str = strawberry.field(description="The product's description.")
    unit: str = strawberry.field(description="Unit of measure, e.g. pcs.")
    min_order_quantity: Decimal = strawberry.field(description="Smallest quantity per line.")
    pack_size: Decimal = strawberry.field(description="Quantities are multiples of it.")
    tax_rate: Decimal = strawberry.field(description="Tax rate as a fraction, e.g. 0.1.")
    unit_price: MoneyType = strawberry.field(
        description="The customer's unit price today for "
        "the minimum order quantity (before tax); "
        "larger quantities may cost less, see "
        "portalQuote."
    )
    availability: PortalAvailabilityEnum = strawberry.field(description="Stock hint.")

    @classmethod
    def of(
        cls, sku: Sku, unit_price: MoneyType, availability: ordering.Availability
    ) -> PortalCatalogItemType:
        return cls(
            id=strawberry.ID(str(global_id("Sku", sku.id))),
            code=sku.code,
            name=sku.name,
            product_name=sku.product.name,
            description=sku.product.description,
            unit=sku.product.unit,
            min_order_quantity=_quantity(sku.min_order_quantity),
            pack_size=_quantity(sku.pack_size),
            tax_rate=_quantity(sku.product.tax_rate),
            unit_price=unit_price,
            availability=availability,
        )

    @classmethod
    def of_item(cls, item: ordering.CatalogItem) -> PortalCatalogItemType:
        return cls.of(item.sku, MoneyType.of(item.unit_price), item.availability)


@strawberry.type(
    name="PortalQuote",
    description="What the customer would pay today for a "
    "quantity of an item, and what would stop the line.",
)
class PortalQuoteType:
    item: PortalCatalogItemType = strawberry.field(
        description="The item, priced for its minimum order quantity."
    )
    quantity: Decimal = strawberry.field(description="The quantity quoted.")
    unit_price: MoneyType = strawberry.field(
        description="Unit price for this quantity (before tax)."
    )
    line_total: MoneyType = strawberry.field(description="Unit price times quantity, before tax.")
    issues: list[UserErrorType] = error_list_field(
        PortalOrderError,
        description="Why this quantity cannot be ordered (BELOW_MIN_ORDER_QUANTITY, "
        "NOT_PACK_SIZE_MULTIPLE); empty when it can, stock permitting.",
    )

    @classmethod
    def of(cls, quote: ordering.PortalQuote) -> PortalQuoteType:
        return cls(
            item=PortalCatalogItemType.of(
                quote.sku, MoneyType.of(quote.unit_price), quote.availability
            ),
            quantity=_quantity(quote.quantity),
            unit_price=MoneyType.of(quote.unit_price),
            line_total=MoneyType.of(quote.line_total),
            issues=[UserErrorType.of(e) for e in quote.issues],
        )


@strawberry.enum(name="PortalAddressKind", description="What an address is for.")
class PortalAddressKindEnum(Enum):
    SHIP_TO = "ship_to"
    BILL_TO = "bill_to"


@strawberry.type(name="PortalAddress", description="One of the customer's addresses.")
class PortalAddressType:
    id: strawberry.ID = strawberry.field(
        description="Global id; pass it as shipToAddressId or billToAddressId."
    )
    kind: PortalAddressKindEnum = strawberry.field(description="SHIP_TO or BILL_TO.")
    label: str | None = strawberry.field(description="A short name.")
    recipient: str = strawberry.field(description="Who receives.")
    line1: str = strawberry.field(description="Street and number.")
    line2: str | None = strawberry.field(description="More address.")
    city: str = strawberry.field(description="City.")
    region: str | None = strawberry.field(description="State, province or district.")
    postal_code: str | None = strawberry.field(description="Postal code.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")
    is_default: bool = strawberry.field(description="The default address of its kind.")

    @classmethod
    def of(cls, address: CustomerAddress) -> PortalAddressType:
        return from_row(
            cls,
            address,
            id=id_of("CustomerAddress", address.id),
            kind=PortalAddressKindEnum(address.kind),
        )


@strawberry.input(description="A line of a portal order; the price comes from the pricing engine.")
class PortalOrderLineInput:
    sku_id: strawberry.ID | None = strawberry.field(
        default=None, description="The id of a PortalCatalogItem."
    )
    quantity: Decimal | None = strawberry.field(default=None, description="Quantity.")


@strawberry.input(description="An order placed from the portal.")
class PortalPlaceOrderInput:
    lines: list[PortalOrderLineInput] = strawberry.field(
        default_factory=list, description="The lines."
    )
    ship_to_address_id: strawberry.ID | None = strawberry.field(
        default=None, description="A SHIP_TO PortalAddress; default: the customer's default."
    )
    bill_to_address_id: strawberry.ID | None = strawberry.field(
        default=None, description="A BILL_TO PortalAddress; default: the customer's default."
    )
    requested_delivery_date: date | None = strawberry.field(default=None, description="Wanted by.")
    notes: str | None = strawberry.field(default=None, description="A note for the seller.")
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Sending the same key and input again returns the first "
        "order; the same key with another input is IDEMPOTENCY_CONFLICT.",
    )


@strawberry.type(name="PortalPlaceOrderPayload", description="Result of portalPlaceOrder.")
class PortalPlaceOrderPayload:
    order: PortalOrderType | None = strawberry.field(description="The order placed.")
    user_errors: list[UserErrorType] = error_list_field(
        PortalOrderError, description="Why nothing was placed."
    )


def _request(data: PortalPlaceOrderInput) -> ordering.PortalOrderRequest:
    return ordering.PortalOrderRequest(
        lines=[
            ordering.PortalLine(optional_input_row_id(line.sku_id, "Sku"), line.quantity)
            for line in data.lines
        ],
        ship_to_address_id=optional_input_row_id(data.ship_to_address_id, "CustomerAddress"),
        bill_to_address_id=optional_input_row_id(data.bill_to_address_id, "CustomerAddress"),
        requested_delivery_date=data.requested_delivery_date,
        notes=data.notes,
        idempotency_key=data.idempotency_key,
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="Items the customer can order, by code, at the customer's "
        "own prices (portal only); `search` matches the code, item name or "
        "product name."
    )
    async def portal_catalog(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PortalCatalogItemType]:
        actor = await context_of(info).reader()
        page = await ordering.portal_catalog(actor, search, first, after)
        return to_connection(page, PortalCatalogItemType.of_item)

    @strawberry.field(
        description="The customer's price today for a quantity of an item "
        "(portal only). NOT_FOUND for an item the customer cannot order."
    )
    async def portal_quote(
        self, info: Info, sku_id: strawberry.ID, quantity: Decimal
    ) -> PortalQuoteType:
        actor = await context_of(info).reader()
        quote = await ordering.portal_quote(actor, decode_id(sku_id, "Sku"), quantity)
        return PortalQuoteType.of(quote)

    @strawberry.field(description="The customer's addresses (portal only).")
    async def portal_addresses(self, info: Info) -> list[PortalAddressType]:
        actor = await context_of(info).reader()
        return [PortalAddressType.of(a) for a in await ordering.portal_addresses(actor)]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Place an order for the signed-in contact's customer "
        "(portal only): channel portal, submitted at once, through the same "
        "checks, prices, approval rules and stock reservation as any order. "
        "Never backordered: INSUFFICIENT_STOCK says what is available."
    )
    async def portal_place_order(
        self, info: Info, input: PortalPlaceOrderInput
    ) -> PortalPlaceOrderPayload:
        request = _request(input)
        outcome = await run_mutation(info, lambda actor: ordering.place_order(actor, request))
        return payload_of(PortalPlaceOrderPayload, outcome, PortalOrderType.of)
