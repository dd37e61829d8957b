"""GraphQL types of products, their options and values, and SKUs, with the per-request
loaders and amount helpers the catalogue's schema modules share."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import catalog.services as catalog
import tenants.services as tenants
from catalog.models import Product, ProductOption, ProductOptionValue, Sku
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.types import from_row, resolve_by_ids

TAX_RATE_PLACES = Decimal("0.0001")
QUANTITY_PLACES = Decimal("0.001")


def rate(value: Decimal) -> Decimal:
    """As stored (NUMERIC(6, 4)): the same text before and after a round trip."""
    return value.quantize(TAX_RATE_PLACES)


def quantity_of(value: Decimal) -> Decimal:
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
    return await context.loader(_load_currency).load(actor.tenant_id)


async def money(info: Info, amount: Decimal) -> MoneyType:
    return MoneyType.from_amount(amount, await _currency(info))


async def load_products(actor: Actor, ids: list[uuid.UUID]) -> list[Product | None]:
    return await catalog.products_by_id(actor, ids)


async def load_skus(actor: Actor, ids: list[uuid.UUID]) -> list[Sku | None]:
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
    returnable: bool = strawberry.field(
        description="Customers may ask to return it; returns of it are refused otherwise."
    )
    created_at: datetime = strawberry.field(description="When the product was created.")
    base_price_amount: strawberry.Private[Decimal]
    base_cost_amount: strawberry.Private[Decimal]

    @strawberry.field(
        description="Base price: a simple product's list price; a configurable "
        "product's SKUs sell at it plus their values' price deltas."
    )
    async def base_price(self, info: Info) -> MoneyType:
        return await money(info, self.base_price_amount)

    @strawberry.field(description="Base cost, like basePrice for costs.")
    async def base_cost(self, info: Info) -> MoneyType:
        return await money(info, self.base_cost_amount)

    @strawberry.field(description="The options (configurable products), in position order.")
    async def options(self, info: Info) -> list[ProductOptionType]:
        loader = context_of(info).loader(_load_product_options)
        return [ProductOptionType.of(o) for o in await loader.load(uuid.UUID(self.id))]

    @strawberry.field(description="The product's SKUs by code.")
    async def skus(self, info: Info) -> list[SkuType]:
        loader = context_of(info).loader(_load_product_skus)
        return [SkuType.of(s) for s in await loader.load(uuid.UUID(self.id))]

    @classmethod
    def of(cls, product: Product) -> ProductType:
        return from_row(
            cls,
            product,
            attributes=[
                ProductAttribute(name=a["name"], value=a["value"]) for a in product.attributes
            ],
            tax_rate=rate(product.tax_rate),
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
        product = await context_of(info).loader(load_products).load(self.product_id)
        if product is None:
            raise NotFound()
        return ProductType.of(product)

    @strawberry.field(description="The option's values, in position order.")
    async def values(self, info: Info) -> list[ProductOptionValueType]:
        loader = context_of(info).loader(_load_option_values)
        return [ProductOptionValueType.of(v) for v in await loader.load(uuid.UUID(self.id))]

    @classmethod
    def of(cls, option: ProductOption) -> ProductOptionType:
        return from_row(cls, option)

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
        return await money(info, self.price_delta_amount)

    @strawberry.field(description="Added to the base cost (may be negative).")
    async def cost_delta(self, info: Info) -> MoneyType:
        return await money(info, self.cost_delta_amount)

    @strawberry.field(description="The option the value belongs to.")
    async def option(self, info: Info) -> ProductOptionType:
        option = await context_of(info).loader(_load_options).load(self.option_id)
        if option is None:
            raise NotFound()
        return ProductOptionType.of(option)

    @classmethod
    def of(cls, value: ProductOptionValue) -> ProductOptionValueType:
        return from_row(
            cls, value, price_delta_amount=value.price_delta, cost_delta_amount=value.cost_delta
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, catalog.option_values_by_id, cls.of, required)


@strawberry.enum(name="PriceRuleKind", description="The pricing engine's step that priced.")
class PriceRuleKind(Enum):
    LIST = "list"
    PROMOTION = "promotion"
    VOLUME = "volume"
    TIER = "tier"
    REGION = "region"
    EXCHANGE = "exchange"
    PRORATION = "proration"


@strawberry.type(
    name="PriceRule",
    description="Which rule of the pricing engine gave a price, in parts clients word in "
    "the reader's language.",
)
class PriceRuleType:
    kind: PriceRuleKind = strawberry.field(description="The engine's step.")
    book_name: str | None = strawberry.field(
        description="The price book's name (the tenant's own); null for the list price."
    )
    min_quantity: Decimal | None = strawberry.field(
        description="From which quantity a volume price applies; null for other kinds."
    )

    @classmethod
    def of(cls, price_source: str, label: str) -> PriceRuleType:
        rule = catalog.rule_of(price_source, label)
        quantity = rule.min_quantity
        return cls(
            kind=PriceRuleKind(rule.kind),
            book_name=rule.book_name,
            min_quantity=quantity_of(quantity) if quantity is not None else None,
        )


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
        loader = context_of(info).loader(_load_values)
        values = await loader.load_many(self.option_value_ids)
        return [ProductOptionValueType.of(v) for v in values if v is not None]

    @strawberry.field(
        description="Price before any price book (the pricing engine's last "
        "resort); a configurable product's base price plus the values' deltas."
    )
    async def list_price(self, info: Info) -> MoneyType:
        return await money(info, self.list_price_amount)

    @strawberry.field(description="What one unit costs the tenant.")
    async def cost(self, info: Info) -> MoneyType:
        return await money(info, self.cost_amount)

    @classmethod
    def of(cls, sku: Sku) -> SkuType:
        return from_row(
            cls,
            sku,
            min_order_quantity=quantity_of(sku.min_order_quantity),
            pack_size=quantity_of(sku.pack_size),
            product_row=sku.product,
            list_price_amount=sku.list_price,
            cost_amount=sku.cost,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, catalog.visible_skus_by_id, cls.of, required)
