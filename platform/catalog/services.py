"""Catalogue use cases: products, their options and SKUs.

Staff reads need `products:read`, changes `products:write`. Other domains' use cases
(orders, inventory, imports, the portal) authorise their callers themselves and call:

* `skus_by_id(actor, ids)` and `skus_by_code(actor, codes)`: the tenant's SKUs, each with its
  product loaded (tax rate, active flag); `Sku.sellable` tells whether new lines may use it;
* `check_order_quantity(sku, quantity, path)`: minimum order quantity and pack size;
* the pricing engine in `catalog.pricing` (`quote`, `quote_lines`).

Codes (product codes, SKU codes, option value codes) are case-insensitive and stored in
capitals. A simple product has exactly one SKU, whose code, name, price and cost follow the
product's; a configurable product's SKUs are generated from its options, one per combination
of values, priced at the product's base price plus the values' price deltas.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError

import audit.services as audit
from catalog import rules
from catalog.models import Product, ProductOption, ProductOptionValue, Sku
from catalog.rules import Path, normalize_code, raise_if
from core.context import Actor
from core.errors import BusinessRuleError, NotFound, UserError
from core.gql.pagination import Page, keyset_page
from core.ids import new_id
from core.money import AMOUNT, is_well_formed
from core.outbox import emit

PRODUCT_CREATED = "product.created"
PRODUCT_UPDATED = "product.updated"
VARIANTS_GENERATED = "product.variants_generated"
SKU_UPDATED = "sku.updated"
MAX_OPTIONS = 5


@dataclass
class NewProduct:
    code: str
    name: str
    tax_rate: Decimal
    list_price: Decimal
    cost: Decimal
    description: str = ""
    attributes: list[tuple[str, str]] = field(default_factory=list)
    unit: str = "pcs"
    has_options: bool = False
    min_order_quantity: Decimal = Decimal(1)
    pack_size: Decimal = Decimal(1)


@dataclass
class ProductChanges:
    """Fields left None stay as they are. A new base price or cost reprices the SKUs."""

    name: str | None = None
    description: str | None = None
    attributes: list[tuple[str, str]] | None = None
    unit: str | None = None
    tax_rate: Decimal | None = None
    base_price: Decimal | None = None
    base_cost: Decimal | None = None


@dataclass
class NewOptionValue:
    name: str
    code: str
    price_delta: Decimal = Decimal(0)
    cost_delta: Decimal = Decimal(0)


@dataclass
class SkuChanges:
    """Fields left None stay as they are."""

    code: str | None = None
    name: str | None = None
    list_price: Decimal | None = None
    cost: Decimal | None = None
    min_order_quantity: Decimal | None = None
    pack_size: Decimal | None = None
    active: bool | None = None


# --- validation ----------------------------------------------------------------------------


def check_new_product(data: NewProduct) -> list[UserError]:
    return [
        *rules.check_sku_code(data.code, ("code",)),
        *rules.check_text(data.name, ("name",), "the product's name", 200),
        *_check_description(data.description),
        *rules.check_attributes(data.attributes),
        *rules.check_unit(data.unit),
        *rules.check_tax_rate(data.tax_rate),
        *rules.check_amount(data.list_price, ("listPrice",)),
        *rules.check_amount(data.cost, ("cost",), "INVALID_COST"),
        *rules.check_quantity(
            data.min_order_quantity, ("minOrderQuantity",), "INVALID_MIN_ORDER_QUANTITY"
        ),
        *rules.check_quantity(data.pack_size, ("packSize",), "PACK_SIZE_INVALID"),
    ]


def check_product_changes(changes: ProductChanges) -> list[UserError]:
    errors: list[UserError] = []
    if changes.name is not None:
        errors += rules.check_text(changes.name, ("name",), "the product's name", 200)
    if changes.description is not None:
        errors += _check_description(changes.description)
    if changes.attributes is not None:
        errors += rules.check_attributes(changes.attributes)
    if changes.unit is not None:
        errors += rules.check_unit(changes.unit)
    if changes.tax_rate is not None:
        errors += rules.check_tax_rate(changes.tax_rate)
    if changes.base_price is not None:
        errors += rules.check_amount(changes.base_price, ("basePrice",))
    if changes.base_cost is not None:
        errors += rules.check_amount(changes.base_cost, ("baseCost",), "INVALID_COST")
    return errors


def check_sku_changes(changes: SkuChanges) -> list[UserError]:
    errors: list[UserError] = []
    if changes.code is not None:
        errors += rules.check_sku_code(changes.code, ("code",))
    if changes.name is not None:
        errors += rules.check_text(changes.name, ("name",), "the SKU's name", 300)
    if changes.list_price is not None:
        errors += rules.check_amount(changes.list_price, ("listPrice",))
    if changes.cost is not None:
        errors += rules.check_amount(changes.cost, ("cost",), "INVALID_COST")
    if changes.min_order_quantity is not None:
        errors += rules.check_quantity(
            changes.min_order_quantity, ("minOrderQuantity",), "INVALID_MIN_ORDER_QUANTITY"
        )
    if changes.pack_size is not None:
        errors += rules.check_quantity(changes.pack_size, ("packSize",), "PACK_SIZE_INVALID")
    return errors


def check_option_values(
    values: Sequence[NewOptionValue], path: Path, existing: Sequence[ProductOptionValue] = ()
) -> list[UserError]:
    if not values:
        return [UserError("VALUES_REQUIRED", "Give the option at least one value.", path)]
    errors: list[UserError] = []
    names = {v.name.strip().lower() for v in existing}
    codes = {v.code for v in existing}
    for index, value in enumerate(values):
        at = (*path, str(index))
        errors += rules.check_text(value.name, (*at, "name"), "the value's name", 60)
        errors += rules.check_value_code(value.code, (*at, "code"))
        errors += rules.check_delta(value.price_delta, (*at, "priceDelta"))
        errors += rules.check_delta(value.cost_delta, (*at, "costDelta"))
        if value.name.strip().lower() in names:
            errors.append(
                UserError(
                    "DUPLICATE_VALUE", "The option already has a value of this name.", (*at, "name")
                )
            )
        if normalize_code(value.code) in codes:
            errors.append(
                UserError(
                    "DUPLICATE_VALUE",
                    "The option already has a value with this code.",
                    (*at, "code"),
                )
            )
        names.add(value.name.strip().lower())
        codes.add(normalize_code(value.code))
    return errors


def check_order_quantity(
    sku: Sku, quantity: Decimal, path: Path = ("quantity",)
) -> list[UserError]:
    """An order line's quantity against the SKU's minimum order quantity and pack size:
    BELOW_MIN_ORDER_QUANTITY, NOT_PACK_SIZE_MULTIPLE or INVALID_QUANTITY."""
    return rules.check_order_quantity(sku.min_order_quantity, sku.pack_size, quantity, path)


def _check_description(description: str) -> list[UserError]:
    if len(description) > 10_000:
        return [UserError("INVALID_DESCRIPTION", "At most 10,000 characters.", ("description",))]
    return rules.check_characters(description, ("description",))


# --- summaries for the audit log and events ------------------------------------------------


def _decimal(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _product_summary(product: Product) -> dict[str, Any]:
    return {
        "code": product.code,
        "name": product.name,
        "unit": product.unit,
        "taxRate": _decimal(product.tax_rate),
        "basePrice": _decimal(product.base_price),
        "baseCost": _decimal(product.base_cost),
        "active": product.active,
        "hasOptions": product.has_options,
        "attributes": product.attributes,
        "description": product.description,
    }


def _sku_summary(sku: Sku) -> dict[str, Any]:
    return {
        "code": sku.code,
        "name": sku.name,
        "listPrice": _decimal(sku.list_price),
        "cost": _decimal(sku.cost),
        "minOrderQuantity": _decimal(sku.min_order_quantity),
        "packSize": _decimal(sku.pack_size),
        "active": sku.active,
    }


def _attributes(pairs: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"name": name.strip(), "value": value.strip()} for name, value in pairs]


# --- reading -------------------------------------------------------------------------------


def _like(search: str) -> str:
    escaped = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def _products(actor: Actor) -> Select[Product]:
    """Every product read starts here: the permission check and the tenant filter."""
    principal = await actor.require("products", "read")
    return select(Product).where(Product.tenant_id == principal.tenant_id)


async def _skus(actor: Actor) -> Select[Sku]:
    principal = await actor.require("products", "read")
    return select(Sku).where(Sku.tenant_id == principal.tenant_id)


async def list_products(
    actor: Actor, search: str | None, active: bool | None, first: int | None, after: str | None
) -> Page[Product]:
    """Products by name; `search` matches the name, the product code or a SKU code."""
    statement = await _products(actor)
    if active is not None:
        statement = statement.where(Product.active.is_(active))
    if search and search.strip():
        pattern = _like(search)
        sku_match = select(Sku.product_id).where(
            Sku.tenant_id == actor.tenant_id, func.lower(Sku.code).like(pattern, escape="\\")
        )
        statement = statement.where(
            or_(
                func.lower(Product.name).like(pattern, escape="\\"),
                func.lower(Product.code).like(pattern, escape="\\"),
                Product.id.in_(sku_match),
            )
        )
    return await keyset_page(
        actor.session,
        statement,
        [Product.name, Product.id],
        first=first,
        after=after,
        descending=False,
    )


async def list_skus(
    actor: Actor, search: str | None, active: bool | None, first: int | None, after: str | None
) -> Page[Sku]:
    """SKUs by code; `search` matches the code or name, `active` means sellable (the SKU
    and its product both active)."""
    statement = await _skus(actor)
    if active is not None:
        active_products = select(Product.id).where(
            Product.tenant_id == actor.tenant_id, Product.active.is_(True)
        )
        sellable = Sku.active.is_(True) & Sku.product_id.in_(active_products)
        statement = statement.where(sellable if active else ~sellable)
    if search and search.strip():
        pattern = _like(search)
        statement = statement.where(
            or_(
                func.lower(Sku.code).like(pattern, escape="\\"),
                func.lower(Sku.name).like(pattern, escape="\\"),
            )
        )
    return await keyset_page(
        actor.session, statement, [Sku.code, Sku.id], first=first, after=after, descending=False
    )


def _in_order(rows: Sequence[Any], ids: Sequence[uuid.UUID]) -> list[Any]:
    found = {row.id: row for row in rows}
    return [found.get(i) for i in ids]


async def products_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Product | None]:
    statement = (await _products(actor)).where(Product.id.in_(ids))
    return _in_order((await actor.session.scalars(statement)).all(), ids)


async def visible_skus_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Sku | None]:
    """SKUs for a staff reader (products:read), e.g. GraphQL nodes."""
    statement = (await _skus(actor)).where(Sku.id.in_(ids))
    return _in_order((await actor.session.scalars(statement)).all(), ids)


async def options_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[ProductOption | None]:
    await actor.require("products", "read")
    rows = (
        await actor.session.scalars(
            select(ProductOption).where(
                ProductOption.tenant_id == actor.tenant_id, ProductOption.id.in_(ids)
            )
        )
    ).all()
    return _in_order(rows, ids)


async def option_values_by_id(
    actor: Actor, ids: list[uuid.UUID]
) -> list[ProductOptionValue | None]:
    await actor.require("products", "read")
    rows = (
        await actor.session.scalars(
            select(ProductOptionValue).where(
                ProductOptionValue.tenant_id == actor.tenant_id, ProductOptionValue.id.in_(ids)
            )
        )
    ).all()
    return _in_order(rows, ids)


async def options_of_products(
    actor: Actor, product_ids: list[uuid.UUID]
) -> list[list[ProductOption]]:
    """Each product's options in position order."""
    await actor.require("products", "read")
    rows = (
        await actor.session.scalars(
            select(ProductOption)
            .where(
                ProductOption.tenant_id == actor.tenant_id,
                ProductOption.product_id.in_(product_ids),
            )
            .order_by(ProductOption.position, ProductOption.id)
        )
    ).all()
    grouped: dict[uuid.UUID, list[ProductOption]] = {i: [] for i in product_ids}
    for option in rows:
        grouped[option.product_id].append(option)
    return [grouped[i] for i in product_ids]


async def values_of_options(
    actor: Actor, option_ids: list[uuid.UUID]
) -> list[list[ProductOptionValue]]:
    """Each option's values in position order."""
    await actor.require("products", "read")
    rows = await _values_of(actor, option_ids)
    grouped: dict[uuid.UUID, list[ProductOptionValue]] = {i: [] for i in option_ids}
    for value in rows:
        grouped[value.option_id].append(value)
    return [grouped[i] for i in option_ids]


async def skus_of_products(actor: Actor, product_ids: list[uuid.UUID]) -> list[list[Sku]]:
    """Each product's SKUs by code."""
    statement = (await _skus(actor)).where(Sku.product_id.in_(product_ids)).order_by(Sku.code)
    grouped: dict[uuid.UUID, list[Sku]] = {i: [] for i in product_ids}
    for sku in (await actor.session.scalars(statement)).all():
        grouped[sku.product_id].append(sku)
    return [grouped[i] for i in product_ids]


# --- lookups for other domains -------------------------------------------------------------


async def skus_by_id(actor: Actor, ids: Sequence[uuid.UUID]) -> list[Sku | None]:
    """The tenant's SKUs with these ids (None where there is none), each with its product.
    For other domains' use cases, which have authorised their caller: any principal of
    the tenant, or system work bound to it, may look up; other tenants' SKUs are None."""
    rows = (
        await actor.session.scalars(
            select(Sku).where(Sku.tenant_id == actor.tenant_id, Sku.id.in_(list(ids)))
        )
    ).all()
    return _in_order(rows, list(ids))


async def skus_by_code(actor: Actor, codes: Sequence[str]) -> dict[str, Sku]:
    """The tenant's SKUs by code (case-insensitive), keyed by the codes as given; codes
    that name no SKU are absent. Same audience as `skus_by_id`."""
    wanted = {normalize_code(code) for code in codes}
    rows = (
        await actor.session.scalars(
            select(Sku).where(Sku.tenant_id == actor.tenant_id, Sku.code.in_(wanted))
        )
    ).all()
    by_code = {sku.code: sku for sku in rows}
    return {
        code: by_code[normalize_code(code)] for code in codes if normalize_code(code) in by_code
    }


# --- loading for a change ------------------------------------------------------------------


async def _product_for_change(actor: Actor, product_id: uuid.UUID) -> Product:
    """The product, locked for the rest of the transaction (changes to one product and its
    options and SKUs are serialised on its row), or NOT_FOUND."""
    principal = await actor.require("products", "write")
    product = await actor.session.scalar(
        select(Product)
        .where(Product.tenant_id == principal.tenant_id, Product.id == product_id)
        .with_for_update()
    )
    if product is None:
        raise NotFound()
    return product


async def _skus_of(actor: Actor, product_id: uuid.UUID) -> list[Sku]:
    return list(
        (
            await actor.session.scalars(
                select(Sku)
                .where(Sku.tenant_id == actor.tenant_id, Sku.product_id == product_id)
                .order_by(Sku.code)
            )
        ).all()
    )


async def _options_of(actor: Actor, product_id: uuid.UUID) -> list[ProductOption]:
    return list(
        (
            await actor.session.scalars(
                select(ProductOption)
                .where(
                    ProductOption.tenant_id == actor.tenant_id,
                    ProductOption.product_id == product_id,
                )
                .order_by(ProductOption.position, ProductOption.id)
            )
        ).all()
    )


async def _values_of(actor: Actor, option_ids: Sequence[uuid.UUID]) -> list[ProductOptionValue]:
    return list(
        (
            await actor.session.scalars(
                select(ProductOptionValue)
                .where(
                    ProductOptionValue.tenant_id == actor.tenant_id,
                    ProductOptionValue.option_id.in_(list(option_ids)),
                )
                .order_by(ProductOptionValue.position, ProductOptionValue.id)
            )
        ).all()
    )


async def _ensure_codes_free(
    actor: Actor, codes: Sequence[str], path: Path, except_sku: uuid.UUID | None = None
) -> None:
    statement = select(Sku.code).where(Sku.tenant_id == actor.tenant_id, Sku.code.in_(codes))
    if except_sku is not None:
        statement = statement.where(Sku.id != except_sku)
    taken = sorted((await actor.session.scalars(statement)).all())
    if taken:
        raise BusinessRuleError(
            UserError("SKU_TAKEN", f"Another SKU already uses the code {', '.join(taken)}.", path)
        )


async def _flush(actor: Actor, code: str, message: str, path: Path) -> None:
    """Flush; a unique key another transaction took meanwhile becomes the same user error
    the check before it would have given."""
    try:
        await actor.session.flush()
    except IntegrityError as error:
        raise BusinessRuleError(UserError(code, message, path)) from error


# --- products ------------------------------------------------------------------------------


async def create_product(actor: Actor, data: NewProduct) -> Product:
    """A simple product comes with its one SKU (same code, name, price and cost); a
    configurable one gets its SKUs from `generate_variants` once it has options."""
    principal = await actor.require("products", "write")
    raise_if(check_new_product(data))
    code = normalize_code(data.code)
    if (
        await actor.session.scalar(
            select(Product.id).where(Product.tenant_id == principal.tenant_id, Product.code == code)
        )
        is not None
    ):
        raise BusinessRuleError.single(
            "SKU_TAKEN", "Another product already uses this code.", "code"
        )
    product = Product(
        tenant_id=principal.tenant_id,
        id=new_id(),
        code=code,
        name=data.name.strip(),
        description=data.description.strip(),
        attributes=_attributes(data.attributes),
        unit=data.unit.strip(),
        tax_rate=data.tax_rate,
        base_price=data.list_price,
        base_cost=data.cost,
        active=True,
        has_options=data.has_options,
    )
    if not data.has_options:
        await _ensure_codes_free(actor, [code], ("code",))
    actor.session.add(product)
    if not data.has_options:
        actor.session.add(
            Sku(
                tenant_id=principal.tenant_id,
                id=new_id(),
                product=product,
                code=code,
                name=product.name,
                option_value_ids=[],
                list_price=data.list_price,
                cost=data.cost,
                min_order_quantity=data.min_order_quantity,
                pack_size=data.pack_size,
                active=True,
            )
        )
    await _flush(actor, "SKU_TAKEN", "Another product or SKU already uses this code.", ("code",))
    await audit.record(
        actor, "catalog.create_product", "product", product.id, after=_product_summary(product)
    )
    await emit(actor, PRODUCT_CREATED, {"productId": str(product.id), "code": product.code})
    return product


async def get_product(actor: Actor, product_id: uuid.UUID) -> Product:
    [product] = await products_by_id(actor, [product_id])
    if product is None:
        raise NotFound()
    return product


async def update_product(actor: Actor, product_id: uuid.UUID, changes: ProductChanges) -> Product:
    product = await _product_for_change(actor, product_id)
    raise_if(check_product_changes(changes))
    before = _product_summary(product)
    if changes.name is not None:
        product.name = changes.name.strip()
    if changes.description is not None:
        product.description = changes.description.strip()
    if changes.attributes is not None:
        product.attributes = _attributes(changes.attributes)
    if changes.unit is not None:
        product.unit = changes.unit.strip()
    if changes.tax_rate is not None:
        product.tax_rate = changes.tax_rate
    if changes.base_price is not None:
        product.base_price = changes.base_price
    if changes.base_cost is not None:
        product.base_cost = changes.base_cost
    await _follow_product(
        actor, product, repriced=changes.base_price is not None or changes.base_cost is not None
    )
    await _product_changed(actor, product, "catalog.update_product", before)
    return product


async def _follow_product(actor: Actor, product: Product, repriced: bool) -> None:
    """SKUs follow their product: a simple product's SKU takes its name, price and cost;
    a configurable product's SKUs are repriced from the base and their values' deltas."""
    skus = await _skus_of(actor, product.id)
    if not product.has_options:
        for sku in skus:
            sku.name = product.name
            sku.list_price, sku.cost = product.base_price, product.base_cost
        return
    if not repriced or not skus:
        return
    values = {
        v.id: v
        for v in await _values_of(actor, [o.id for o in await _options_of(actor, product.id)])
    }
    for sku in skus:
        chosen = [values[i] for i in sku.option_value_ids]
        sku.list_price, sku.cost = _variant_amounts(product, chosen, ("basePrice",))


async def set_product_active(actor: Actor, product_id: uuid.UUID, active: bool) -> Product:
    """An inactive product's SKUs cannot go on new order lines (`Sku.sellable`)."""
    product = await _product_for_change(actor, product_id)
    before = _product_summary(product)
    product.active = active
    await _product_changed(actor, product, "catalog.set_product_active", before)
    return product


async def _product_changed(
    actor: Actor, product: Product, action: str, before: dict[str, Any]
) -> None:
    after = _product_summary(product)
    await actor.session.flush()
    await audit.record(actor, action, "product", product.id, before=before, after=after)
    changed = sorted(k for k in after if after[k] != before[k])
    await emit(actor, PRODUCT_UPDATED, {"productId": str(product.id), "changed": changed})


# --- options and variants ------------------------------------------------------------------


def _new_values(
    tenant_id: uuid.UUID, option_id: uuid.UUID, values: Sequence[NewOptionValue], start: int
) -> list[ProductOptionValue]:
    return [
        ProductOptionValue(
            tenant_id=tenant_id,
            id=new_id(),
            option_id=option_id,
            name=value.name.strip(),
            code=normalize_code(value.code),
            price_delta=value.price_delta,
            cost_delta=value.cost_delta,
            position=start + index,
        )
        for index, value in enumerate(values)
    ]


async def _ensure_variant_count(
    actor: Actor, options: Sequence[ProductOption], added: dict[uuid.UUID, int], path: Path
) -> None:
    """Keep the number of combinations (SKUs a product may get) bounded."""
    counts = {o.id: 0 for o in options}
    for value in await _values_of(actor, [o.id for o in options]):
        counts[value.option_id] += 1
    combinations = 1
    for option_id in set(counts) | set(added):
        combinations *= counts.get(option_id, 0) + added.get(option_id, 0)
    if combinations > rules.MAX_VARIANTS:
        raise BusinessRuleError.single(
            "TOO_MANY_VARIANTS",
            f"The options would make {combinations} combinations; at most "
            f"{rules.MAX_VARIANTS} SKUs per product.",
            path[0] if path else None,
        )


async def add_product_option(
    actor: Actor, product_id: uuid.UUID, name: str, values: Sequence[NewOptionValue]
) -> ProductOption:
    """A new dimension with its values; only before the product has SKUs (each SKU names a
    value of every option). Add values to an existing option with `add_option_values`."""
    product = await _product_for_change(actor, product_id)
    if not product.has_options:
        raise BusinessRuleError.single(
            "PRODUCT_NOT_CONFIGURABLE",
            "This product has no options; create it as configurable.",
            "productId",
        )
    raise_if(
        [
            *rules.check_text(name, ("name",), "the option's name", 60),
            *check_option_values(values, ("values",)),
        ]
    )
    options = await _options_of(actor, product.id)
    if await _skus_of(actor, product.id):
        raise BusinessRuleError.single(
            "VARIANTS_EXIST",
            "The product already has SKUs; add values to its existing options instead.",
            "productId",
        )
    if len(options) >= MAX_OPTIONS:
        raise BusinessRuleError.single(
            "TOO_MANY_OPTIONS", f"At most {MAX_OPTIONS} options.", "name"
        )
    if any(o.name.lower() == name.strip().lower() for o in options):
        raise BusinessRuleError.single(
            "OPTION_TAKEN", "The product already has an option of this name.", "name"
        )
    option = ProductOption(
        tenant_id=product.tenant_id,
        id=new_id(),
        product_id=product.id,
        name=name.strip(),
        position=len(options),
    )
    await _ensure_variant_count(actor, [*options, option], {option.id: len(values)}, ("values",))
    actor.session.add(option)
    actor.session.add_all(_new_values(product.tenant_id, option.id, values, 0))
    await _flush(
        actor, "OPTION_TAKEN", "The product already has an option of this name.", ("name",)
    )
    await audit.record(
        actor,
        "catalog.add_product_option",
        "product",
        product.id,
        after={"option": option.name, "values": [v.name.strip() for v in values]},
    )
    await emit(actor, PRODUCT_UPDATED, {"productId": str(product.id), "changed": ["options"]})
    return option


async def add_option_values(
    actor: Actor, option_id: uuid.UUID, values: Sequence[NewOptionValue]
) -> ProductOption:
    """More values for an option; `generate_variants` then adds the new combinations."""
    principal = await actor.require("products", "write")
    option = await actor.session.scalar(
        select(ProductOption).where(
            ProductOption.tenant_id == principal.tenant_id, ProductOption.id == option_id
        )
    )
    if option is None:
        raise NotFound()
    product = await _product_for_change(actor, option.product_id)
    existing = await _values_of(actor, [option.id])
    raise_if(check_option_values(values, ("values",), existing))
    await _ensure_variant_count(
        actor, await _options_of(actor, product.id), {option.id: len(values)}, ("values",)
    )
    start = max((v.position for v in existing), default=-1) + 1
    actor.session.add_all(_new_values(product.tenant_id, option.id, values, start))
    await _flush(actor, "DUPLICATE_VALUE", "The option already has such a value.", ("values",))
    await audit.record(
        actor,
        "catalog.add_option_values",
        "product",
        product.id,
        after={"option": option.name, "values": [v.name.strip() for v in values]},
    )
    await emit(actor, PRODUCT_UPDATED, {"productId": str(product.id), "changed": ["options"]})
    return option


def _variant_amounts(
    product: Product, chosen: Sequence[ProductOptionValue], path: Path
) -> tuple[Decimal, Decimal]:
    """A combination's list price and cost: the base plus every chosen value's delta."""
    price = product.base_price + sum((v.price_delta for v in chosen), Decimal(0))
    cost = product.base_cost + sum((v.cost_delta for v in chosen), Decimal(0))
    names = ", ".join(v.name for v in chosen)
    if price < 0 or cost < 0:
        raise BusinessRuleError(
            UserError(
                "INVALID_PRICE", f"The combination {names} would cost or sell below zero.", path
            )
        )
    if not (is_well_formed(price, AMOUNT) and is_well_formed(cost, AMOUNT)):
        raise BusinessRuleError(
            UserError(
                "INVALID_PRICE",
                f"The combination {names} would cost or sell at more than {AMOUNT.integer} digits.",
                path,
            )
        )
    return price, cost


def _variant(product: Product, chosen: Sequence[ProductOptionValue]) -> Sku:
    code = "-".join([product.code, *(v.code for v in chosen)])
    if not rules.SKU_CODE.match(code):
        raise BusinessRuleError.single(
            "INVALID_CODE",
            f"The SKU code {code} would be longer than 64 characters; use shorter codes.",
            "productId",
        )
    price, cost = _variant_amounts(product, chosen, ("productId",))
    name = f"{product.name} ({', '.join(v.name for v in chosen)})"
    return Sku(
        tenant_id=product.tenant_id,
        id=new_id(),
        product=product,
        code=code,
        name=name[:300],
        option_value_ids=[v.id for v in chosen],
        list_price=price,
        cost=cost,
        min_order_quantity=Decimal(1),
        pack_size=Decimal(1),
        active=True,
    )


async def generate_variants(actor: Actor, product_id: uuid.UUID) -> list[Sku]:
    """One SKU for every combination of the options' values that has none yet: code
    `<product code>-<value code>-...`, price and cost the base plus the values' deltas.
    Existing SKUs are left as they are; returns the new ones."""
    product = await _product_for_change(actor, product_id)
    if not product.has_options:
        raise BusinessRuleError.single(
            "PRODUCT_NOT_CONFIGURABLE", "This product has no options.", "productId"
        )
    options = await _options_of(actor, product.id)
    values = await _values_of(actor, [o.id for o in options])
    per_option = [[v for v in values if v.option_id == o.id] for o in options]
    if not options or not all(per_option):
        raise BusinessRuleError.single(
            "OPTIONS_REQUIRED", "Give the product options with values first.", "productId"
        )
    existing = {tuple(s.option_value_ids) for s in await _skus_of(actor, product.id)}
    created = [
        _variant(product, combination)
        for combination in itertools.product(*per_option)
        if tuple(v.id for v in combination) not in existing
    ]
    if created:
        await _ensure_codes_free(actor, [s.code for s in created], ("productId",))
        actor.session.add_all(created)
        await _flush(
            actor,
            "SKU_TAKEN",
            "Another SKU already uses one of the generated codes.",
            ("productId",),
        )
    await audit.record(
        actor,
        "catalog.generate_variants",
        "product",
        product.id,
        after={"created": [s.code for s in created]},
    )
    if created:
        await emit(
            actor,
            VARIANTS_GENERATED,
            {"productId": str(product.id), "skuIds": [str(s.id) for s in created]},
        )
    return created


# --- SKUs ----------------------------------------------------------------------------------


async def update_sku(actor: Actor, sku_id: uuid.UUID, changes: SkuChanges) -> Sku:
    """A simple product's price and cost stay its SKU's (both change together)."""
    principal = await actor.require("products", "write")
    product_id = await actor.session.scalar(
        select(Sku.product_id).where(Sku.tenant_id == principal.tenant_id, Sku.id == sku_id)
    )
    if product_id is None:
        raise NotFound()
    # Product first, then SKU: the order every change of a product and its SKUs locks in.
    await _product_for_change(actor, product_id)
    sku = (
        await actor.session.scalars(
            select(Sku)
            .where(Sku.tenant_id == principal.tenant_id, Sku.id == sku_id)
            .with_for_update(of=Sku)
            .execution_options(populate_existing=True)
        )
    ).one()
    raise_if(check_sku_changes(changes))
    before = _sku_summary(sku)
    if changes.code is not None and normalize_code(changes.code) != sku.code:
        await _ensure_codes_free(actor, [normalize_code(changes.code)], ("code",), sku.id)
        sku.code = normalize_code(changes.code)
    for name in ("name", "list_price", "cost", "min_order_quantity", "pack_size", "active"):
        value = getattr(changes, name)
        if value is not None:
            setattr(sku, name, value.strip() if isinstance(value, str) else value)
    if not sku.product.has_options:
        sku.product.base_price, sku.product.base_cost = sku.list_price, sku.cost
    await _flush(actor, "SKU_TAKEN", "Another SKU already uses this code.", ("code",))
    after = _sku_summary(sku)
    await audit.record(actor, "catalog.update_sku", "sku", sku.id, before=before, after=after)
    await emit(
        actor,
        SKU_UPDATED,
        {
            "skuId": str(sku.id),
            "productId": str(sku.product_id),
            "changed": sorted(k for k in after if after[k] != before[k]),
        },
    )
    return sku


# --- for the portal ------------------------------------------------------------------------


async def sellable_skus_page(
    actor: Actor, search: str | None, first: int | None, after: str | None
) -> Page[Sku]:
    """Active SKUs of active products by code (keyset), matching `search` in the SKU code,
    the SKU name or the product name. For the portal's catalogue: the caller authorises
    (a signed-in portal contact sees what the tenant sells)."""
    actor.require_portal()
    active_products = select(Product.id).where(
        Product.tenant_id == actor.tenant_id, Product.active.is_(True)
    )
    statement = select(Sku).where(
        Sku.tenant_id == actor.tenant_id, Sku.active.is_(True), Sku.product_id.in_(active_products)
    )
    if search and search.strip():
        pattern = _like(search)
        named = select(Product.id).where(
            Product.tenant_id == actor.tenant_id,
            func.lower(Product.name).like(pattern, escape="\\"),
        )
        statement = statement.where(
            or_(
                func.lower(Sku.code).like(pattern, escape="\\"),
                func.lower(Sku.name).like(pattern, escape="\\"),
                Sku.product_id.in_(named),
            )
        )
    return await keyset_page(
        actor.session, statement, [Sku.code, Sku.id], first=first, after=after, descending=False
    )
