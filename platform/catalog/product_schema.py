"""GraphQL for products, their options and SKUs: the lists, and the mutations that create
and change them."""

from __future__ import annotations

import uuid
from decimal import Decimal

import strawberry
from strawberry.types import Info

import catalog.services as catalog
from catalog.errors import CatalogErrorCode
from catalog.models import Product, Sku
from catalog.schema_types import ProductOptionType, ProductType, SkuType
from core.context import Actor
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    payload_of,
    run_mutation,
    user_error_type,
)

ProductError = user_error_type(
    "ProductError",
    CatalogErrorCode,
    description="Why a change to a product, its options or its SKUs was refused.",
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
    returnable: bool = strawberry.field(
        default=True, description="Customers may ask to return it (returns)."
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
    returnable: bool | None = strawberry.field(
        default=None, description="Whether customers may ask to return it."
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


# --- payloads ------------------------------------------------------------------------------


@strawberry.type(description="Result of a mutation that changes a product.")
class ProductPayload:
    product: ProductType | None = strawberry.field(description="The product after the change.")
    user_errors: list[UserErrorType] = error_list_field(ProductError)


@strawberry.type(description="Result of adding an option or option values.")
class ProductOptionPayload:
    option: ProductOptionType | None = strawberry.field(description="The option after the change.")
    user_errors: list[UserErrorType] = error_list_field(ProductError)


@strawberry.type(description="Result of generating a configurable product's SKUs.")
class GenerateVariantsPayload:
    product: ProductType | None = strawberry.field(description="The product.")
    created_skus: list[SkuType] = strawberry.field(
        description="The SKUs created now (none when every combination had one)."
    )
    user_errors: list[UserErrorType] = error_list_field(ProductError)


@strawberry.type(description="Result of a mutation that changes a SKU.")
class SkuPayload:
    sku: SkuType | None = strawberry.field(description="The SKU after the change.")
    user_errors: list[UserErrorType] = error_list_field(ProductError)


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
            returnable=input.returnable,
            min_order_quantity=input.min_order_quantity,
            pack_size=input.pack_size,
        )
        outcome = await run_mutation(info, lambda actor: catalog.create_product(actor, data))
        return payload_of(ProductPayload, outcome, ProductType.of)

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
            returnable=input.returnable,
        )
        outcome = await run_mutation(
            info, lambda actor: catalog.update_product(actor, product_id, changes)
        )
        return payload_of(ProductPayload, outcome, ProductType.of)

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
        return payload_of(ProductPayload, outcome, ProductType.of)

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
        return payload_of(ProductOptionPayload, outcome, ProductOptionType.of)

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
        return payload_of(ProductOptionPayload, outcome, ProductOptionType.of)

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
        return payload_of(SkuPayload, outcome, SkuType.of)


async def _generate(actor: Actor, product_id: uuid.UUID) -> tuple[Product, list[Sku]]:
    created = await catalog.generate_variants(actor, product_id)
    return await catalog.get_product(actor, product_id), created
