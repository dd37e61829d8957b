"""Staff reads of the catalogue (products:read): lists, lookups and the GraphQL loaders."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import func, or_

from catalog.loading import like_pattern, options_of, values_of
from catalog.models import Product, ProductOption, ProductOptionValue, Sku
from core import access
from core.context import Actor
from core.errors import NotFound
from core.pagination import Page, keyset_page


async def list_products(
    actor: Actor, search: str | None, active: bool | None, first: int | None, after: str | None
) -> Page[Product]:
    """Products by name; `search` matches the name, the product code or a SKU code."""
    statement = await access.restrict(actor, Product)
    if active is not None:
        statement = statement.where(Product.active.is_(active))
    if search and search.strip():
        pattern = like_pattern(search)
        sku_match = (
            (await access.restrict(actor, Sku))
            .with_only_columns(Sku.product_id)
            .where(func.lower(Sku.code).like(pattern, escape="\\"))
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
    statement = await access.restrict(actor, Sku)
    if active is not None:
        active_products = (
            (await access.restrict(actor, Product))
            .with_only_columns(Product.id)
            .where(Product.active.is_(True))
        )
        sellable = Sku.active.is_(True) & Sku.product_id.in_(active_products)
        statement = statement.where(sellable if active else ~sellable)
    if search and search.strip():
        pattern = like_pattern(search)
        statement = statement.where(
            or_(
                func.lower(Sku.code).like(pattern, escape="\\"),
                func.lower(Sku.name).like(pattern, escape="\\"),
            )
        )
    return await keyset_page(
        actor.session, statement, [Sku.code, Sku.id], first=first, after=after, descending=False
    )


async def products_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Product | None]:
    return await access.rows_by_id(actor, Product, ids)


async def get_product(actor: Actor, product_id: uuid.UUID) -> Product:
    [product] = await products_by_id(actor, [product_id])
    if product is None:
        raise NotFound()
    return product


async def visible_skus_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Sku | None]:
    """SKUs for a staff reader (products:read), e.g. GraphQL nodes."""
    return await access.rows_by_id(actor, Sku, ids)


async def options_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[ProductOption | None]:
    return await access.rows_by_id(actor, ProductOption, ids)


async def option_values_by_id(
    actor: Actor, ids: list[uuid.UUID]
) -> list[ProductOptionValue | None]:
    return await access.rows_by_id(actor, ProductOptionValue, ids)


async def options_of_products(
    actor: Actor, product_ids: list[uuid.UUID]
) -> list[list[ProductOption]]:
    """Each product's options in position order."""
    grouped: dict[uuid.UUID, list[ProductOption]] = defaultdict(list)
    for option in await options_of(actor, product_ids, "read"):
        grouped[option.product_id].append(option)
    return [grouped[i] for i in product_ids]


async def values_of_options(
    actor: Actor, option_ids: list[uuid.UUID]
) -> list[list[ProductOptionValue]]:
    """Each option's values in position order."""
    grouped: dict[uuid.UUID, list[ProductOptionValue]] = defaultdict(list)
    for value in await values_of(actor, option_ids, "read"):
        grouped[value.option_id].append(value)
    return [grouped[i] for i in option_ids]


async def skus_of_products(actor: Actor, product_ids: list[uuid.UUID]) -> list[list[Sku]]:
    """Each product's SKUs by code."""
    statement = await access.restrict(actor, Sku)
    rows = await actor.session.scalars(
        statement.where(Sku.product_id.in_(product_ids)).order_by(Sku.code)
    )
    grouped: dict[uuid.UUID, list[Sku]] = defaultdict(list)
    for sku in rows.all():
        grouped[sku.product_id].append(sku)
    return [grouped[i] for i in product_ids]
