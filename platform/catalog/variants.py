"""Configurable products: their options and values, and the SKUs generated from them (one
per combination of values, priced at the base plus the values' deltas)."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import audit.services as audit
from catalog import rules
from catalog.errors import CatalogErrorCode
from catalog.events import ProductUpdated, VariantsGenerated
from catalog.loading import (
    ensure_codes_free,
    flush_or,
    options_of,
    product_for_change,
    skus_of,
    values_of,
)
from catalog.models import Product, ProductOption, ProductOptionValue, Sku
from catalog.rules import Path, normalize_code, raise_if
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from core.money import AMOUNT, is_well_formed
from core.outbox import emit

MAX_OPTIONS = 5


@dataclass
class NewOptionValue:
    name: str
    code: str
    price_delta: Decimal = Decimal(0)
    cost_delta: Decimal = Decimal(0)


def check_option_values(
    values: Sequence[NewOptionValue], path: Path, existing: Sequence[ProductOptionValue] = ()
) -> list[UserError]:
    if not values:
        return [
            UserError(CatalogErrorCode.VALUES_REQUIRED, "Give the option at least one value.", path)
        ]
    errors: list[UserError] = []
    names = {v.name.strip().lower() for v in existing}
    codes = {v.code for v in existing}
    for index, value in enumerate(values):
        at = (*path, str(index))
        errors += _check_value(value, at)
        if value.name.strip().lower() in names:
            errors.append(_duplicate("The option already has a value of this name.", at, "name"))
        if normalize_code(value.code) in codes:
            errors.append(_duplicate("The option already has a value with this code.", at, "code"))
        names.add(value.name.strip().lower())
        codes.add(normalize_code(value.code))
    return errors


def _check_value(value: NewOptionValue, at: Path) -> list[UserError]:
    return [
        *rules.check_text(value.name, (*at, "name"), "the value's name", 60),
        *rules.check_value_code(value.code, (*at, "code")),
        *rules.check_delta(value.price_delta, (*at, "priceDelta")),
        *rules.check_delta(value.cost_delta, (*at, "costDelta")),
    ]


def _duplicate(message: str, at: Path, name: str) -> UserError:
    return UserError(CatalogErrorCode.DUPLICATE_VALUE, message, (*at, name))


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
    for value in await values_of(actor, [o.id for o in options]):
        counts[value.option_id] += 1
    combinations = 1
    for option_id in set(counts) | set(added):
        combinations *= counts.get(option_id, 0) + added.get(option_id, 0)
    if combinations > rules.MAX_VARIANTS:
        raise BusinessRuleError.single(
            CatalogErrorCode.TOO_MANY_VARIANTS,
            f"The options would make {combinations} combinations; at most "
            f"{rules.MAX_VARIANTS} SKUs per product.",
            path[0] if path else None,
        )


def _require_configurable(product: Product, message: str) -> None:
    if not product.has_options:
        raise BusinessRuleError.single(
            CatalogErrorCode.PRODUCT_NOT_CONFIGURABLE, message, "productId"
        )


async def _check_new_option(
    actor: Actor, product: Product, name: str, options: Sequence[ProductOption]
) -> None:
    if await skus_of(actor, product.id):
        raise BusinessRuleError.single(
            CatalogErrorCode.VARIANTS_EXIST,
            "The product already has SKUs; add values to its existing options instead.",
            "productId",
        )
    if len(options) >= MAX_OPTIONS:
        raise BusinessRuleError.single(
            CatalogErrorCode.TOO_MANY_OPTIONS, f"At most {MAX_OPTIONS} options.", "name"
        )
    if any(o.name.lower() == name.strip().lower() for o in options):
        raise BusinessRuleError.single(
            CatalogErrorCode.OPTION_TAKEN, "The product already has an option of this name.", "name"
        )


async def add_product_option(
    actor: Actor, product_id: uuid.UUID, name: str, values: Sequence[NewOptionValue]
) -> ProductOption:
    """A new dimension with its values; only before the product has SKUs (each SKU names a
    value of every option). Add values to an existing option with `add_option_values`."""
    product = await product_for_change(actor, product_id)
    _require_configurable(product, "This product has no options; create it as configurable.")
    raise_if(
        [
            *rules.check_text(name, ("name",), "the option's name", 60),
            *check_option_values(values, ("values",)),
        ]
    )
    options = await options_of(actor, [product.id])
    await _check_new_option(actor, product, name, options)
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
    await flush_or(
        actor,
        CatalogErrorCode.OPTION_TAKEN,
        "The product already has an option of this name.",
        ("name",),
    )
    await _options_changed(actor, "catalog.add_product_option", product, option, values)
    return option


async def add_option_values(
    actor: Actor, option_id: uuid.UUID, values: Sequence[NewOptionValue]
) -> ProductOption:
    """More values for an option; `generate_variants` then adds the new combinations."""
    option = await access.get_scoped(actor, ProductOption, option_id, "write")
    product = await product_for_change(actor, option.product_id)
    existing = await values_of(actor, [option.id])
    raise_if(check_option_values(values, ("values",), existing))
    await _ensure_variant_count(
        actor, await options_of(actor, [product.id]), {option.id: len(values)}, ("values",)
    )
    start = max((v.position for v in existing), default=-1) + 1
    actor.session.add_all(_new_values(product.tenant_id, option.id, values, start))
    await flush_or(
        actor, CatalogErrorCode.DUPLICATE_VALUE, "The option already has such a value.", ("values",)
    )
    await _options_changed(actor, "catalog.add_option_values", product, option, values)
    return option


async def _options_changed(
    actor: Actor,
    action: str,
    product: Product,
    option: ProductOption,
    values: Sequence[NewOptionValue],
) -> None:
    await audit.record(
        actor,
        action,
        "product",
        product.id,
        after={"option": option.name, "values": [v.name.strip() for v in values]},
    )
    await emit(actor, ProductUpdated(product_id=product.id, changed=["options"]))


def variant_amounts(
    product: Product, chosen: Sequence[ProductOptionValue], path: Path
) -> tuple[Decimal, Decimal]:
    """A combination's list price and cost: the base plus every chosen value's delta."""
    price = product.base_price + sum((v.price_delta for v in chosen), Decimal(0))
    cost = product.base_cost + sum((v.cost_delta for v in chosen), Decimal(0))
    names = ", ".join(v.name for v in chosen)
    if price < 0 or cost < 0:
        raise BusinessRuleError(
            UserError(
                CatalogErrorCode.INVALID_PRICE,
                f"The combination {names} would cost or sell below zero.",
                path,
            )
        )
    if not (is_well_formed(price, AMOUNT) and is_well_formed(cost, AMOUNT)):
        raise BusinessRuleError(
            UserError(
                CatalogErrorCode.INVALID_PRICE,
                f"The combination {names} would cost or sell at more than {AMOUNT.integer} digits.",
                path,
            )
        )
    return price, cost


def _variant(product: Product, chosen: Sequence[ProductOptionValue]) -> Sku:
    code = "-".join([product.code, *(v.code for v in chosen)])
    if not rules.SKU_CODE.match(code):
        raise BusinessRuleError.single(
            CatalogErrorCode.INVALID_CODE,
            f"The SKU code {code} would be longer than 64 characters; use shorter codes.",
            "productId",
        )
    price, cost = variant_amounts(product, chosen, ("productId",))
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


async def _missing_variants(actor: Actor, product: Product) -> list[Sku]:
    """A new SKU for every combination of the options' values that has none yet."""
    options = await options_of(actor, [product.id])
    values = await values_of(actor, [o.id for o in options])
    per_option = [[v for v in values if v.option_id == o.id] for o in options]
    if not options or not all(per_option):
        raise BusinessRuleError.single(
            CatalogErrorCode.OPTIONS_REQUIRED,
            "Give the product options with values first.",
            "productId",
        )
    existing = {tuple(s.option_value_ids) for s in await skus_of(actor, product.id)}
    return [
        _variant(product, combination)
        for combination in itertools.product(*per_option)
        if tuple(v.id for v in combination) not in existing
    ]


async def generate_variants(actor: Actor, product_id: uuid.UUID) -> list[Sku]:
    """One SKU for every combination of the options' values that has none yet: code
    `<product code>-<value code>-...`, price and cost the base plus the values' deltas.
    Existing SKUs are left as they are; returns the new ones."""
    product = await product_for_change(actor, product_id)
    _require_configurable(product, "This product has no options.")
    created = await _missing_variants(actor, product)
    if created:
        await ensure_codes_free(actor, [s.code for s in created], ("productId",))
        actor.session.add_all(created)
        await flush_or(
            actor,
            CatalogErrorCode.SKU_TAKEN,
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
        await emit(actor, VariantsGenerated(product_id=product.id, sku_ids=[s.id for s in created]))
    return created
