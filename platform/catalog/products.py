"""Products: creating them (a simple product with its one SKU), changing them (their SKUs
follow) and activating them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import audit.services as audit
from catalog import rules
from catalog.errors import CatalogErrorCode
from catalog.events import ProductCreated, ProductUpdated
from catalog.loading import (
    decimal_text,
    ensure_codes_free,
    flush_or,
    options_of,
    product_for_change,
    skus_of,
    values_of,
)
from catalog.models import Product, Sku
from catalog.rules import normalize_code, raise_if
from catalog.variants import variant_amounts
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from core.outbox import emit


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
    returnable: bool = True


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
    returnable: bool | None = None


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
        *rules.check_amount(data.cost, ("cost",), CatalogErrorCode.INVALID_COST),
        *rules.check_quantity(
            data.min_order_quantity,
            ("minOrderQuantity",),
            CatalogErrorCode.INVALID_MIN_ORDER_QUANTITY,
        ),
        *rules.check_quantity(data.pack_size, ("packSize",), CatalogErrorCode.PACK_SIZE_INVALID),
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
        errors += rules.check_amount(
            changes.base_cost, ("baseCost",), CatalogErrorCode.INVALID_COST
        )
    return errors


def _check_description(description: str) -> list[UserError]:
    if len(description) > 10_000:
        return [
            UserError(
                CatalogErrorCode.INVALID_DESCRIPTION,
                "At most 10,000 characters.",
                ("description",),
            )
        ]
    return rules.check_characters(description, ("description",))


# --- summaries for the audit log and events ------------------------------------------------


def _product_summary(product: Product) -> dict[str, Any]:
    return {
        "code": product.code,
        "name": product.name,
        "unit": product.unit,
        "taxRate": decimal_text(product.tax_rate),
        "basePrice": decimal_text(product.base_price),
        "baseCost": decimal_text(product.base_cost),
        "active": product.active,
        "hasOptions": product.has_options,
        "returnable": product.returnable,
        "attributes": product.attributes,
        "description": product.description,
    }


def _attributes(pairs: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"name": name.strip(), "value": value.strip()} for name, value in pairs]


# --- creating ------------------------------------------------------------------------------


async def _ensure_product_code_free(actor: Actor, code: str) -> None:
    statement = (await access.restrict(actor, Product, "write")).with_only_columns(Product.id)
    if await actor.session.scalar(statement.where(Product.code == code)) is not None:
        raise BusinessRuleError.single(
            CatalogErrorCode.SKU_TAKEN, "Another product already uses this code.", "code"
        )


def _new_product(tenant_id: uuid.UUID, code: str, data: NewProduct) -> Product:
    return Product(
        tenant_id=tenant_id,
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
        returnable=data.returnable,
    )


def _only_sku(product: Product, data: NewProduct) -> Sku:
    """A simple product's one SKU: the product's code, name, price and cost."""
    return Sku(
        tenant_id=product.tenant_id,
        id=new_id(),
        product=product,
        code=product.code,
        name=product.name,
        option_value_ids=[],
        list_price=data.list_price,
        cost=data.cost,
        min_order_quantity=data.min_order_quantity,
        pack_size=data.pack_size,
        active=True,
    )


async def create_product(actor: Actor, data: NewProduct) -> Product:
    """A simple product comes with its one SKU (same code, name, price and cost); a
    configurable one gets its SKUs from `generate_variants` once it has options."""
    principal = await actor.require("products", "write")
    raise_if(check_new_product(data))
    code = normalize_code(data.code)
    await _ensure_product_code_free(actor, code)
    product = _new_product(principal.tenant_id, code, data)
    if not data.has_options:
        await ensure_codes_free(actor, [code], ("code",))
    actor.session.add(product)
    if not data.has_options:
        actor.session.add(_only_sku(product, data))
    await flush_or(
        actor,
        CatalogErrorCode.SKU_TAKEN,
        "Another product or SKU already uses this code.",
        ("code",),
    )
    await audit.record(
        actor, "catalog.create_product", "product", product.id, after=_product_summary(product)
    )
    await emit(actor, ProductCreated(product_id=product.id, code=product.code))
    return product


# --- changing ------------------------------------------------------------------------------


def _apply(product: Product, changes: ProductChanges) -> None:
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
    if changes.returnable is not None:
        product.returnable = changes.returnable


async def update_product(actor: Actor, product_id: uuid.UUID, changes: ProductChanges) -> Product:
    product = await product_for_change(actor, product_id)
    raise_if(check_product_changes(changes))
    before = _product_summary(product)
    _apply(product, changes)
    await _follow_product(
        actor, product, repriced=changes.base_price is not None or changes.base_cost is not None
    )
    await _product_changed(actor, product, "catalog.update_product", before)
    return product


async def _follow_product(actor: Actor, product: Product, repriced: bool) -> None:
    """SKUs follow their product: a simple product's SKU takes its name, price and cost;
    a configurable product's SKUs are repriced from the base and their values' deltas."""
    skus = await skus_of(actor, product.id)
    if not product.has_options:
        for sku in skus:
            sku.name = product.name
            sku.list_price, sku.cost = product.base_price, product.base_cost
        return
    if not repriced or not skus:
        return
    options = await options_of(actor, [product.id])
    values = {v.id: v for v in await values_of(actor, [o.id for o in options])}
    for sku in skus:
        chosen = [values[i] for i in sku.option_value_ids]
        sku.list_price, sku.cost = variant_amounts(product, chosen, ("basePrice",))


async def set_product_active(actor: Actor, product_id: uuid.UUID, active: bool) -> Product:
    """An inactive product's SKUs cannot go on new order lines (`Sku.sellable`)."""
    product = await product_for_change(actor, product_id)
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
    await emit(actor, ProductUpdated(product_id=product.id, changed=changed))
