"""GraphQL for the catalogue: products, options, SKUs, price books and the price tester."""

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

import catalog.price_books as books
import catalog.pricing as pricing
import catalog.services as catalog
import tenants.services as tenants
from catalog.models import (
    PriceBook,
    PriceBookEntry,
    Product,
    ProductOption,
    ProductOptionValue,
    Sku,
)
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import UserErrorType, decode_id, resolve_by_ids, run_mutation

TAX_RATE_PLACES = Decimal("0.0001")
QUANTITY_PLACES = Decimal("0.001")


def _rate(value: Decimal) -> Decimal:
    """As stored (NUMERIC(6, 4)): the same text before and after a round trip."""
    return value.quantize(TAX_RATE_PLACES)


def _quantity(value: Decimal) -> Decimal:
    """As stored (NUMERIC(18, 3))."""
    return value.quantize(QUANTITY_PLACES)


# --- per-request loaders -------------------------------------------------------------------


async def _load_currency(actor: Actor, tenant_ids: list[uuid.UUID]) -> list[str]:
    tenant = await tenants.current_tenant(actor)
    return [tenant.currency for _ in tenant_ids]


async def _currency(info: Info) -> str:
    """The tenant's currency: catalogue amounts are in it. One lookup per request."""
    context = context_of(info)
    actor = await context.reader()
    return await context.loader("tenant_currency", _load_currency).load(actor.tenant_id)


async def _money(info: Info, amount: Decimal) -> MoneyType:
    return MoneyType.from_amount(amount, await _currency(info))


async def _load_products(actor: Actor, ids: list[uuid.UUID]) -> list[Product | None]:
    return await catalog.products_by_id(actor, ids)


async def _load_skus(actor: Actor, ids: list[uuid.UUID]) -> list[Sku | None]:
    return await catalog.visible_skus_by_id(actor, ids)


async def _load_options(actor: Actor, ids: list[uuid.UUID]) -> list[ProductOption | None]:
    return await catalog.options_by_id(actor, ids)


async def _load_values(actor: Actor, ids: list[uuid.UUID]) -> list[ProductOptionValue | None]:
    return await catalog.option_values_by_id(actor, ids)


async def _load_product_options(actor: Actor, ids: list[uuid.UUID]) -> list[list[ProductOption]]:
    return await catalog.options_of_products(actor, ids)


async def _load_option_values(actor: Actor, ids: list[uuid.UUID]) -> list[list[ProductOptionValue]]:
    return await catalog.values_of_options(actor, ids)


async def _load_product_skus(actor: Actor, ids: list[uuid.UUID]) -> list[list[Sku]]:
    return await catalog.skus_of_products(actor, ids)


async def _load_books(actor: Actor, ids: list[uuid.UUID]) -> list[PriceBook | None]:
    return await books.price_books_by_id(actor, ids)


async def _load_book_entries(actor: Actor, ids: list[uuid.UUID]) -> list[list[PriceBookEntry]]:
    return await books.entries_of_books(actor, ids)


# --- catalogue types -----------------------------------------------------------------------


@strawberry.type(description="One line of a product's specification, e.g. Weight: 1.2 kg.")
class ProductAttribute:
    name: str = strawberry.field(description='What is specified, e.g. "Weight".')
    value: str = strawberry.field(description='Its value, e.g. "1.2 kg".')


@strawberry.type(
    name="Product",
    description="Something the tenant sells. A simple product "
    "has exactly one SKU; a configurable one (hasOptions) has one SKU per "
    "combination of its options' values.",
)
class ProductType(relay.Node):
    id: relay.NodeID[str]
    code: str = strawberry.field(
        description="Product code (capitals): a simple product's SKU "
        "code, a configurable product's prefix of generated SKU codes."
    )
    name: str = strawberry.field(description="Product name.")
    description: str = strawberry.field(description="Free-text description.")
    attributes: list[ProductAttribute] = strawberry.field(
        description="Specification lines, in the order given."
    )
    unit: str = strawberry.field(description="Unit of sale, e.g. pcs, kg, box.")
    tax_rate: Decimal = strawberry.field(description="Tax rate as a fraction (0.1300 = 13%).")
    active: bool = strawberry.field(description="Inactive products' SKUs cannot be ordered.")
    has_options: bool = strawberry.field(description="Whether the product is configurable.")
    created_at: datetime = strawberry.field(description="When the product was created.")
    base_price_amount: strawberry.Private[Decimal]
    base_cost_amount: strawberry.Private[Decimal]

    @strawberry.field(
        description="Base price: a simple product's list price; a configurable "
        "product's SKUs sell at it plus their values' price deltas."
    )
    async def base_price(self, info: Info) -> MoneyType:
        return await _money(info, self.base_price_amount)

    @strawberry.field(description="Base cost, like basePrice for costs.")
    async def base_cost(self, info: Info) -> MoneyType:
        return await _money(info, self.base_cost_amount)

    @strawberry.field(description="The options (configurable products), in position order.")
    async def options(self, info: Info) -> list[ProductOptionType]:
        loader = context_of(info).loader("options_of_product", _load_product_options)
        return [ProductOptionType.of(o) for o in await loader.load(uuid.UUID(self.id))]

    @strawberry.field(description="The product's SKUs by code.")
    async def skus(self, info: Info) -> list[SkuType]:
        loader = context_of(info).loader("skus_of_product", _load_product_skus)
        return [SkuType.of(s) for s in await loader.load(uuid.UUID(self.id))]

    @classmethod
    def of(cls, product: Product) -> ProductType:
        return cls(
            id=str(product.id),
            code=product.code,
            name=product.name,
            description=product.description,
            attributes=[
                ProductAttribute(name=a["name"], value=a["value"]) for a in product.attributes
            ],
            unit=product.unit,
            tax_rate=_rate(product.tax_rate),
            active=product.active,
            has_options=product.has_options,
            created_at=product.created_at,
            base_price_amount=product.base_price,
            base_cost_amount=product.base_cost,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, catalog.products_by_id, cls.of, required)


@strawberry.type(
    name="ProductOption",
    description="A dimension a configurable product varies in, e.g. Memory, with its values.",
)
class ProductOptionType(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description='Option name, e.g. "Memory".')
    position: int = strawberry.field(description="Order among the product's options (0 first).")
    product_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The product the option belongs to.")
    async def product(self, info: Info) -> ProductType:
        product = await context_of(info).loader("products", _load_products).load(self.product_id)
        if product is None:
            raise NotFound()
        return ProductType.of(product)

    @strawberry.field(description="The option's values, in position order.")
    async def values(self, info: Info) -> list[ProductOptionValueType]:
        loader = context_of(info).loader("values_of_option", _load_option_values)
        return [ProductOptionValueType.of(v) for v in await loader.load(uuid.UUID(self.id))]

    @classmethod
    def of(cls, option: ProductOption) -> ProductOptionType:
        return cls(
            id=str(option.id),
            name=option.name,
            position=option.position,
            product_id=option.product_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, catalog.options_by_id, cls.of, required)


@strawberry.type(
    name="ProductOptionValue",
    description="One choice of an option, e.g. "
    "32 GB, and what it adds to the product's base price and cost.",
)
class ProductOptionValueType(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description='Value name, e.g. "32 GB".')
    code: str = strawberry.field(description="Short code (capitals) used in SKU codes, e.g. 32G.")
    position: int = strawberry.field(description="Order among the option's values (0 first).")
    option_id: strawberry.Private[uuid.UUID]
    price_delta_amount: strawberry.Private[Decimal]
    cost_delta_amount: strawberry.Private[Decimal]

    @strawberry.field(description="Added to the base price (may be negative).")
    async def price_delta(self, info: Info) -> MoneyType:
        return await _money(info, self.price_delta_amount)

    @strawberry.field(description="Added to the base cost (may be negative).")
    async def cost_delta(self, info: Info) -> MoneyType:
        return await _money(info, self.cost_delta_amount)

    @strawberry.field(description="The option the value belongs to.")
    async def option(self, info: Info) -> ProductOptionType:
        option = await context_of(info).loader("options", _load_options).load(self.option_id)
        if option is None:
            raise NotFound()
        return ProductOptionType.of(option)

    @classmethod
    def of(cls, value: ProductOptionValue) -> ProductOptionValueType:
        return cls(
            id=str(value.id),
            name=value.name,
            code=value.code,
            position=value.position,
            option_id=value.option_id,
            price_delta_amount=value.price_delta,
            cost_delta_amount=value.cost_delta,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, catalog.option_values_by_id, cls.of, required)


@strawberry.type(
    name="Sku",
    description="A stock-keeping unit: the sellable unit order lines, "
    "stock and price book entries refer to.",
)
class SkuType(relay.Node):
    id: relay.NodeID[str]
    code: str = strawberry.field(description="SKU code (capitals), unique in the tenant.")
    name: str = strawberry.field(description='Name, e.g. "Laptop Pro (32 GB, 1 TB)".')
    min_order_quantity: Decimal = strawberry.field(
        description="Smallest quantity an order line may have."
    )
    pack_size: Decimal = strawberry.field(description="Order quantities are multiples of it.")
    active: bool = strawberry.field(description="Whether the SKU itself is active.")
    sellable: bool = strawberry.field(
        description="Whether new order lines may use it: the SKU and its product are both active."
    )
    created_at: datetime = strawberry.field(description="When the SKU was created.")
    product_row: strawberry.Private[Product]
    option_value_ids: strawberry.Private[list[uuid.UUID]]
    list_price_amount: strawberry.Private[Decimal]
    cost_amount: strawberry.Private[Decimal]

    @strawberry.field(description="The product the SKU is a unit of.")
    def product(self) -> ProductType:
        return ProductType.of(self.product_row)

    @strawberry.field(
        description="The option values this SKU stands for, in option order "
        "(none for a simple product)."
    )
    async def option_values(self, info: Info) -> list[ProductOptionValueType]:
        loader = context_of(info).loader("option_values", _load_values)
        values = await loader.load_many(self.option_value_ids)
        return [ProductOptionValueType.of(v) for v in values if v is not None]

    @strawberry.field(
        description="Price before any price book (the pricing engine's last "
        "resort); a configurable product's base price plus the values' deltas."
    )
    async def list_price(self, info: Info) -> MoneyType:
        return await _money(info, self.list_price_amount)

    @strawberry.field(description="What one unit costs the tenant.")
    async def cost(self, info: Info) -> MoneyType:
        return await _money(info, self.cost_amount)

    @classmethod
    def of(cls, sku: Sku) -> SkuType:
        return cls(
            id=str(sku.id),
            code=sku.code,
            name=sku.name,
            min_order_quantity=_quantity(sku.min_order_quantity),
            pack_size=_quantity(sku.pack_size),
            active=sku.active,
            sellable=sku.sellable,
            created_at=sku.created_at,
            product_row=sku.product,
            option_value_ids=list(sku.option_value_ids),
            list_price_amount=sku.list_price,
            cost_amount=sku.cost,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, catalog.visible_skus_by_id, cls.of, required)


# --- price book types ----------------------------------------------------------------------


@strawberry.enum(
    description="What a price book is for; the pricing engine tries PROMOTION, "
    "then VOLUME, then TIER, then REGIONAL, then the list price."
)
class PriceBookKind(Enum):
    TIER = "tier"
    PROMOTION = "promotion"
    REGIONAL = "regional"
    VOLUME = "volume"


@strawberry.type(
    name="PriceBook",
    description="A set of SKU prices for some customers (a "
    "tier, a region, everyone), perhaps only between two dates.",
)
class PriceBookType(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(
        description="Name, unique in the tenant; quotes show it as the price source label."
    )
    kind: PriceBookKind = strawberry.field(description="TIER, PROMOTION, REGIONAL or VOLUME.")
    customer_tier: str | None = strawberry.field(
        description="Customer tier the book is for (required for TIER books); null: any."
    )
    region: str | None = strawberry.field(
        description="Customer region the book is for (required for REGIONAL books); null: "
        "any. Compared case-insensitively."
    )
    valid_from: date | None = strawberry.field(description="First day it applies; null: open.")
    valid_to: date | None = strawberry.field(description="Last day it applies; null: open.")
    priority: int = strawberry.field(description="Among books of the same kind, higher wins.")
    active: bool = strawberry.field(description="Inactive books never price anything.")
    created_at: datetime = strawberry.field(description="When the book was created.")

    @strawberry.field(description="The book's prices by SKU code, then quantity break.")
    async def entries(self, info: Info) -> list[PriceBookEntryType]:
        loader = context_of(info).loader("entries_of_book", _load_book_entries)
        return [PriceBookEntryType.of(e) for e in await loader.load(uuid.UUID(self.id))]

    @classmethod
    def of(cls, book: PriceBook) -> PriceBookType:
        return cls(
            id=str(book.id),
            name=book.name,
            kind=PriceBookKind(book.kind),
            customer_tier=book.customer_tier,
            region=book.region,
            valid_from=book.valid_from,
            valid_to=book.valid_to,
            priority=book.priority,
            active=book.active,
            created_at=book.created_at,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, books.price_books_by_id, cls.of, required)


@strawberry.type(
    name="PriceBookEntry",
    description="A SKU's unit price in a price book, from "
    "a minimum quantity (volume books' quantity breaks).",
)
class PriceBookEntryType(relay.Node):
    id: relay.NodeID[str]
    min_quantity: Decimal = strawberry.field(
        description="Applies to quantities from this one up (always 1 outside volume books)."
    )
    price_book_id: strawberry.Private[uuid.UUID]
    sku_id: strawberry.Private[uuid.UUID]
    unit_price_amount: strawberry.Private[Decimal]

    @strawberry.field(description="The price of one unit.")
    async def unit_price(self, info: Info) -> MoneyType:
        return await _money(info, self.unit_price_amount)

    @strawberry.field(description="The SKU priced.")
    async def sku(self, info: Info) -> SkuType:
        sku = await context_of(info).loader("skus", _load_skus).load(self.sku_id)
        if sku is None:
            raise NotFound()
        return SkuType.of(sku)

    @strawberry.field(description="The book the entry belongs to.")
    async def price_book(self, info: Info) -> PriceBookType:
        book = await context_of(info).loader("price_books", _load_books).load(self.price_book_id)
        if book is None:
            raise NotFound()
        return PriceBookType.of(book)

    @classmethod
    def of(cls, entry: PriceBookEntry) -> PriceBookEntryType:
        return cls(
            id=str(entry.id),
            min_quantity=_quantity(entry.min_quantity),
            price_book_id=entry.price_book_id,
            sku_id=entry.sku_id,
            unit_price_amount=entry.unit_price,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, books.entries_by_id, cls.of, required)


@strawberry.type(
    name="PriceQuote",
    description="What a customer pays for a quantity of a SKU "
    "on a date, and which rule of the pricing engine decided it.",
)
class PriceQuoteType:
    quantity: Decimal = strawberry.field(description="The quantity priced.")
    unit_price: MoneyType = strawberry.field(description="Price of one unit.")
    line_total: MoneyType = strawberry.field(
        description="unitPrice x quantity, rounded once (half up) to the currency's minor units."
    )
    price_source: str = strawberry.field(
        description="The rule that produced the unit price: "
        "promotion:<book id>, volume:<book id>:<min quantity>, "
        "tier:<book id>, region:<book id> or list. Order lines "
        "record it."
    )
    price_source_label: str = strawberry.field(
        description='The rule for people: the price book\'s name, or "List price".'
    )
    tier: str | None = strawberry.field(description="The customer tier priced for.")
    region: str | None = strawberry.field(description="The customer region priced for.")
    on: date = strawberry.field(
        name="date", description="The day priced for (promotions' windows)."
    )
    sku_id: strawberry.Private[uuid.UUID]
    price_book_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The SKU priced.")
    async def sku(self, info: Info) -> SkuType:
        sku = await context_of(info).loader("skus", _load_skus).load(self.sku_id)
        if sku is None:
            raise NotFound()
        return SkuType.of(sku)

    @strawberry.field(description="The price book that priced it; null for the list price.")
    async def price_book(self, info: Info) -> PriceBookType | None:
        if self.price_book_id is None:
            return None
        book = await context_of(info).loader("price_books", _load_books).load(self.price_book_id)
        return PriceBookType.of(book) if book else None

    @classmethod
    def of(cls, quote: pricing.PriceQuote) -> PriceQuoteType:
        return cls(
            quantity=_quantity(quote.quantity),
            unit_price=MoneyType.of(quote.unit_price),
            line_total=MoneyType.of(quote.line_total),
            price_source=quote.price_source,
            price_source_label=quote.price_source_label,
            tier=quote.context.tier,
            region=quote.context.region,
            on=quote.on,
            sku_id=quote.sku_id,
            price_book_id=quote.price_book_id,
        )


# --- inputs --------------------------------------------------------------------------------


@strawberry.input(description="One specification line.")
class ProductAttributeInput:
    name: str = strawberry.field(description="What is specified (unique per product).")
    value: str = strawberry.field(description="Its value (at most 500 characters).")


def _pairs(attributes: list[ProductAttributeInput] | None) -> list[tuple[str, str]] | None:
    return None if attributes is None else [(a.name, a.value) for a in attributes]


@strawberry.input(description='A new product. Send amounts as decimal strings ("12.50").')
class CreateProductInput:
    code: str = strawberry.field(
        description="Product code, unique in the tenant (stored in "
        "capitals): the SKU code of a simple product, the prefix of "
        "a configurable product's SKU codes."
    )
    name: str = strawberry.field(description="Product name.")
    tax_rate: Decimal = strawberry.field(description="Tax rate as a fraction (0.13 for 13%).")
    list_price: Decimal = strawberry.field(
        description="List price (a configurable product's base price), at most 4 decimal places."
    )
    cost: Decimal = strawberry.field(
        default=Decimal(0), description="Unit cost (a configurable product's base cost)."
    )
    description: str = strawberry.field(default="", description="Free-text description.")
    attributes: list[ProductAttributeInput] = strawberry.field(
        default_factory=list, description="Specification lines."
    )
    unit: str = strawberry.field(default="pcs", description="Unit of sale.")
    has_options: bool = strawberry.field(
        default=False,
        description="Configurable: SKUs come from options (addProductOption, generateVariants).",
    )
    min_order_quantity: Decimal = strawberry.field(
        default=Decimal(1), description="A simple product's minimum order quantity."
    )
    pack_size: Decimal = strawberry.field(
        default=Decimal(1),
        description="A simple product's pack size (order quantities are multiples).",
    )


@strawberry.input(description="Changes to a product; omitted fields stay as they are.")
class UpdateProductInput:
    product_id: strawberry.ID = strawberry.field(description="Global id of the product.")
    name: str | None = strawberry.field(default=None, description="New name.")
    description: str | None = strawberry.field(default=None, description="New description.")
    attributes: list[ProductAttributeInput] | None = strawberry.field(
        default=None, description="New specification lines (replace the old ones)."
    )
    unit: str | None = strawberry.field(default=None, description="New unit of sale.")
    tax_rate: Decimal | None = strawberry.field(default=None, description="New tax rate.")
    base_price: Decimal | None = strawberry.field(
        default=None,
        description="New base price: reprices the product's SKUs (a simple "
        "product's SKU takes it; a configurable product's take it plus their deltas).",
    )
    base_cost: Decimal | None = strawberry.field(
        default=None, description="New base cost, like basePrice."
    )


@strawberry.input(description="A value of a product option.")
class ProductOptionValueInput:
    name: str = strawberry.field(description='Value name, e.g. "32 GB".')
    code: str = strawberry.field(
        description="Short code for SKU codes, e.g. 32G (letters, digits, . and _)."
    )
    price_delta: Decimal = strawberry.field(
        default=Decimal(0), description="Added to the base price."
    )
    cost_delta: Decimal = strawberry.field(
        default=Decimal(0), description="Added to the base cost."
    )


def _values(values: list[ProductOptionValueInput]) -> list[catalog.NewOptionValue]:
    return [
        catalog.NewOptionValue(
            name=v.name, code=v.code, price_delta=v.price_delta, cost_delta=v.cost_delta
        )
        for v in values
    ]


@strawberry.input(description="A new option of a configurable product, with its values.")
class AddProductOptionInput:
    product_id: strawberry.ID = strawberry.field(description="Global id of the product.")
    name: str = strawberry.field(description='Option name, e.g. "Memory".')
    values: list[ProductOptionValueInput] = strawberry.field(description="Its values, in order.")


@strawberry.input(description="More values for an existing option.")
class AddProductOptionValuesInput:
    option_id: strawberry.ID = strawberry.field(description="Global id of the ProductOption.")
    values: list[ProductOptionValueInput] = strawberry.field(description="The new values.")


@strawberry.input(description="Changes to a SKU; omitted fields stay as they are.")
class UpdateSkuInput:
    sku_id: strawberry.ID = strawberry.field(description="Global id of the SKU.")
    code: str | None = strawberry.field(default=None, description="New code (unique).")
    name: str | None = strawberry.field(default=None, description="New name.")
    list_price: Decimal | None = strawberry.field(default=None, description="New list price.")
    cost: Decimal | None = strawberry.field(default=None, description="New unit cost.")
    min_order_quantity: Decimal | None = strawberry.field(
        default=None, description="New minimum order quantity."
    )
    pack_size: Decimal | None = strawberry.field(default=None, description="New pack size.")
    active: bool | None = strawberry.field(default=None, description="Activate or deactivate.")


@strawberry.input(description="A SKU's price in a price book.")
class PriceBookEntryInput:
    sku_id: strawberry.ID = strawberry.field(description="Global id of the SKU.")
    unit_price: Decimal = strawberry.field(description="Price of one unit (at most 4 places).")
    min_quantity: Decimal = strawberry.field(
        default=Decimal(1),
        description="Volume books: the quantity break from which the price applies.",
    )


def _sku_ref(global_id: strawberry.ID) -> uuid.UUID | None:
    """An entry's SKU id; one that names no SKU becomes an UNKNOWN_SKU user error."""
    try:
        return decode_id(global_id, "Sku")
    except NotFound:
        return None


def _entries(entries: list[PriceBookEntryInput]) -> list[books.NewEntry]:
    return [
        books.NewEntry(
            sku_id=_sku_ref(e.sku_id), unit_price=e.unit_price, min_quantity=e.min_quantity
        )
        for e in entries
    ]


@strawberry.input(description="A new price book and its entries.")
class CreatePriceBookInput:
    name: str = strawberry.field(description="Name, unique in the tenant.")
    kind: PriceBookKind = strawberry.field(description="TIER, PROMOTION, REGIONAL or VOLUME.")
    customer_tier: str | None = strawberry.field(
        default=None,
        description="Customer tier it is for (one of customerTiers); required for TIER books.",
    )
    region: str | None = strawberry.field(
        default=None, description="Customer region it is for; required for REGIONAL books."
    )
    valid_from: date | None = strawberry.field(
        default=None, description="First day; required for PROMOTION books."
    )
    valid_to: date | None = strawberry.field(
        default=None, description="Last day (inclusive); required for PROMOTION books."
    )
    priority: int = strawberry.field(
        default=0, description="-1000 to 1000; higher wins among books of the same kind."
    )
    active: bool = strawberry.field(default=True, description="Whether it prices anything.")
    entries: list[PriceBookEntryInput] = strawberry.field(
        default_factory=list, description="Its prices."
    )


@strawberry.input(
    description="Changes to a price book. Omitted fields stay as they are; "
    "customerTier, region, validFrom and validTo are cleared by null."
)
class UpdatePriceBookInput:
    price_book_id: strawberry.ID = strawberry.field(description="Global id of the price book.")
    name: str | None = strawberry.field(default=None, description="New name.")
    kind: PriceBookKind | None = strawberry.field(default=None, description="New kind.")
    customer_tier: str | None = strawberry.field(
        default=strawberry.UNSET, description="New tier; null: any tier."
    )
    region: str | None = strawberry.field(
        default=strawberry.UNSET, description="New region; null: any region."
    )
    valid_from: date | None = strawberry.field(
        default=strawberry.UNSET, description="New first day; null: open."
    )
    valid_to: date | None = strawberry.field(
        default=strawberry.UNSET, description="New last day; null: open."
    )
    priority: int | None = strawberry.field(default=None, description="New priority.")
    active: bool | None = strawberry.field(default=None, description="Activate or deactivate.")

    def to_changes(self) -> books.PriceBookChanges:
        def kept(value: Any) -> Any:
            return books.UNCHANGED if value is strawberry.UNSET else value

        return books.PriceBookChanges(
            name=self.name,
            kind=self.kind.value if self.kind else None,
            customer_tier=kept(self.customer_tier),
            region=kept(self.region),
            valid_from=kept(self.valid_from),
            valid_to=kept(self.valid_to),
            priority=self.priority,
            active=self.active,
        )


@strawberry.input(description="The complete new list of a price book's entries.")
class SetPriceBookEntriesInput:
    price_book_id: strawberry.ID = strawberry.field(description="Global id of the price book.")
    entries: list[PriceBookEntryInput] = strawberry.field(
        description="Every entry the book is to have (replaces the old ones)."
    )


@strawberry.input(
    description="What would a customer pay? Give a customer, or a tier and "
    "region (an explicit tier or region overrides the customer's)."
)
class QuotePriceInput:
    sku_id: strawberry.ID = strawberry.field(description="Global id of the SKU.")
    quantity: Decimal = strawberry.field(description="Quantity (above 0, at most 3 places).")
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of a Customer: their tier and region apply."
    )
    tier: str | None = strawberry.field(default=None, description="Customer tier to price for.")
    region: str | None = strawberry.field(default=None, description="Region to price for.")
    on: date | None = strawberry.field(
        default=None,
        name="date",
        description="Day to price for; today in the tenant's time zone by default.",
    )


# --- payloads ------------------------------------------------------------------------------


@strawberry.type(description="Result of a mutation that changes a product.")
class ProductPayload:
    product: ProductType | None = strawberry.field(description="The product after the change.")
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="Result of adding an option or option values.")
class ProductOptionPayload:
    option: ProductOptionType | None = strawberry.field(description="The option after the change.")
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="Result of generating a configurable product's SKUs.")
class GenerateVariantsPayload:
    product: ProductType | None = strawberry.field(description="The product.")
    created_skus: list[SkuType] = strawberry.field(
        description="The SKUs created now (none when every combination had one)."
    )
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="Result of a mutation that changes a SKU.")
class SkuPayload:
    sku: SkuType | None = strawberry.field(description="The SKU after the change.")
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="Result of a mutation that changes a price book.")
class PriceBookPayload:
    price_book: PriceBookType | None = strawberry.field(description="The book after the change.")
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="Result of deleting a price book.")
class DeletePriceBookPayload:
    deleted_price_book_id: strawberry.ID | None = strawberry.field(
        description="Global id of the deleted book."
    )
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


def _product_payload(product: Product | None, errors: list[UserErrorType]) -> ProductPayload:
    return ProductPayload(product=ProductType.of(product) if product else None, user_errors=errors)


def _book_payload(book: PriceBook | None, errors: list[UserErrorType]) -> PriceBookPayload:
    return PriceBookPayload(price_book=PriceBookType.of(book) if book else None, user_errors=errors)


def _option_payload(
    option: ProductOption | None, errors: list[UserErrorType]
) -> ProductOptionPayload:
    return ProductOptionPayload(
        option=ProductOptionType.of(option) if option else None, user_errors=errors
    )


# --- root fields ---------------------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(
        description="Products by name (products:read). `search` matches the "
        "name, the product code or a SKU code; `active` filters on the flag."
    )
    async def products(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
        active: bool | None = None,
    ) -> Connection[ProductType]:
        actor = await context_of(info).reader()
        page = await catalog.list_products(actor, search, active, first, after)
        return to_connection(page, ProductType.of)

    @strawberry.field(
        description="SKUs by code (products:read). `search` matches the code or "
        "name; `active: true` lists sellable SKUs (SKU and product active)."
    )
    async def skus(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
        active: bool | None = None,
    ) -> Connection[SkuType]:
        actor = await context_of(info).reader()
        page = await catalog.list_skus(actor, search, active, first, after)
        return to_connection(page, SkuType.of)

    @strawberry.field(description="Price books by name (price_books:read).")
    async def price_books(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[PriceBookType]:
        actor = await context_of(info).reader()
        page = await books.list_price_books(actor, first, after)
        return to_connection(page, PriceBookType.of)

    @strawberry.field(
        description="The price tester (products:read): what a customer would pay "
        "for a quantity of a SKU on a day, and which rule decides it."
    )
    async def quote_price(self, info: Info, input: QuotePriceInput) -> PriceQuoteType:
        question = pricing.PriceQuestion(
            sku_id=decode_id(input.sku_id, "Sku"),
            quantity=input.quantity,
            customer_id=decode_id(input.customer_id, "Customer") if input.customer_id else None,
            tier=input.tier,
            region=input.region,
            on=input.on,
        )
        actor = await context_of(info).reader()
        return PriceQuoteType.of(await pricing.answer(actor, question))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create a product (products:write); a simple product gets its SKU at once."
    )
    async def create_product(self, info: Info, input: CreateProductInput) -> ProductPayload:
        data = catalog.NewProduct(
            code=input.code,
            name=input.name,
            tax_rate=input.tax_rate,
            list_price=input.list_price,
            cost=input.cost,
            description=input.description,
            attributes=_pairs(input.attributes) or [],
            unit=input.unit,
            has_options=input.has_options,
            min_order_quantity=input.min_order_quantity,
            pack_size=input.pack_size,
        )
        outcome = await run_mutation(info, lambda actor: catalog.create_product(actor, data))
        return _product_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="Change a product (products:write).")
    async def update_product(self, info: Info, input: UpdateProductInput) -> ProductPayload:
        product_id = decode_id(input.product_id, "Product")
        changes = catalog.ProductChanges(
            name=input.name,
            description=input.description,
            attributes=_pairs(input.attributes),
            unit=input.unit,
            tax_rate=input.tax_rate,
            base_price=input.base_price,
            base_cost=input.base_cost,
        )
        outcome = await run_mutation(
            info, lambda actor: catalog.update_product(actor, product_id, changes)
        )
        return _product_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Activate or deactivate a product (products:write); an "
        "inactive product's SKUs cannot be ordered."
    )
    async def set_product_active(
        self, info: Info, product_id: strawberry.ID, active: bool
    ) -> ProductPayload:
        row_id = decode_id(product_id, "Product")
        outcome = await run_mutation(
            info, lambda actor: catalog.set_product_active(actor, row_id, active)
        )
        return _product_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Add an option with its values to a configurable product "
        "that has no SKUs yet (products:write)."
    )
    async def add_product_option(
        self, info: Info, input: AddProductOptionInput
    ) -> ProductOptionPayload:
        product_id = decode_id(input.product_id, "Product")
        values = _values(input.values)
        outcome = await run_mutation(
            info, lambda actor: catalog.add_product_option(actor, product_id, input.name, values)
        )
        return _option_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Add values to an option (products:write); "
        "generateVariants then adds the new combinations."
    )
    async def add_product_option_values(
        self, info: Info, input: AddProductOptionValuesInput
    ) -> ProductOptionPayload:
        option_id = decode_id(input.option_id, "ProductOption")
        values = _values(input.values)
        outcome = await run_mutation(
            info, lambda actor: catalog.add_option_values(actor, option_id, values)
        )
        return _option_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Create a SKU for every combination of a configurable "
        "product's option values that has none (products:write)."
    )
    async def generate_variants(
        self, info: Info, product_id: strawberry.ID
    ) -> GenerateVariantsPayload:
        row_id = decode_id(product_id, "Product")
        outcome = await run_mutation(info, lambda actor: _generate(actor, row_id))
        product, created = outcome.value or (None, [])
        return GenerateVariantsPayload(
            product=ProductType.of(product) if product else None,
            created_skus=[SkuType.of(s) for s in created],
            user_errors=outcome.user_errors,
        )

    @strawberry.mutation(description="Change a SKU (products:write).")
    async def update_sku(self, info: Info, input: UpdateSkuInput) -> SkuPayload:
        sku_id = decode_id(input.sku_id, "Sku")
        changes = catalog.SkuChanges(
            code=input.code,
            name=input.name,
            list_price=input.list_price,
            cost=input.cost,
            min_order_quantity=input.min_order_quantity,
            pack_size=input.pack_size,
            active=input.active,
        )
        outcome = await run_mutation(info, lambda actor: catalog.update_sku(actor, sku_id, changes))
        return SkuPayload(
            sku=SkuType.of(outcome.value) if outcome.value else None,
            user_errors=outcome.user_errors,
        )

    @strawberry.mutation(description="Create a price book with its entries (price_books:write).")
    async def create_price_book(self, info: Info, input: CreatePriceBookInput) -> PriceBookPayload:
        data = books.NewPriceBook(
            name=input.name,
            kind=input.kind.value,
            customer_tier=input.customer_tier,
            region=input.region,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
            priority=input.priority,
            active=input.active,
            entries=_entries(input.entries),
        )
        outcome = await run_mutation(info, lambda actor: books.create_price_book(actor, data))
        return _book_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="Change a price book (price_books:write).")
    async def update_price_book(self, info: Info, input: UpdatePriceBookInput) -> PriceBookPayload:
        book_id = decode_id(input.price_book_id, "PriceBook")
        changes = input.to_changes()
        outcome = await run_mutation(
            info, lambda actor: books.update_price_book(actor, book_id, changes)
        )
        return _book_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(description="Replace a price book's entries (price_books:write).")
    async def set_price_book_entries(
        self, info: Info, input: SetPriceBookEntriesInput
    ) -> PriceBookPayload:
        book_id = decode_id(input.price_book_id, "PriceBook")
        entries = _entries(input.entries)
        outcome = await run_mutation(
            info, lambda actor: books.set_price_book_entries(actor, book_id, entries)
        )
        return _book_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Delete a price book and its entries "
        "(price_books:write). Orders keep the prices they recorded."
    )
    async def delete_price_book(
        self, info: Info, price_book_id: strawberry.ID
    ) -> DeletePriceBookPayload:
        book_id = decode_id(price_book_id, "PriceBook")
        outcome = await run_mutation(info, lambda actor: books.delete_price_book(actor, book_id))
        deleted = (
            strawberry.ID(str(relay.GlobalID("PriceBook", str(outcome.value))))
            if outcome.value
            else None
        )
        return DeletePriceBookPayload(
            deleted_price_book_id=deleted, user_errors=outcome.user_errors
        )


async def _generate(actor: Actor, product_id: uuid.UUID) -> tuple[Product, list[Sku]]:
    created = await catalog.generate_variants(actor, product_id)
    return await catalog.get_product(actor, product_id), created
