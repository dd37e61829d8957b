"""SKUs: changing one, checking an order quantity against it, and the lookups other
domains' use cases make (order entry, imports, inventory, the portal's catalogue)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select

import audit.services as audit
from catalog import rules
from catalog.errors import CatalogErrorCode
from catalog.events import SkuUpdated
from catalog.loading import (
    decimal_text,
    ensure_codes_free,
    flush_or,
    in_order,
    like_pattern,
    product_for_change,
)
from catalog.models import Product, Sku
from catalog.rules import Path, normalize_code, raise_if
from core import access
from core.context import Actor
from core.errors import NotFound, UserError
from core.outbox import emit
from core.pagination import Page, keyset_page


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


def check_sku_changes(changes: SkuChanges) -> list[UserError]:
    errors: list[UserError] = []
    if changes.code is not None:
        errors += rules.check_sku_code(changes.code, ("code",))
    if changes.name is not None:
        errors += rules.check_text(changes.name, ("name",), "the SKU's name", 300)
    if changes.list_price is not None:
        errors += rules.check_amount(changes.list_price, ("listPrice",))
    if changes.cost is not None:
        errors += rules.check_amount(changes.cost, ("cost",), CatalogErrorCode.INVALID_COST)
    if changes.min_order_quantity is not None:
        errors += rules.check_quantity(
            changes.min_order_quantity,
            ("minOrderQuantity",),
            CatalogErrorCode.INVALID_MIN_ORDER_QUANTITY,
        )
    if changes.pack_size is not None:
        errors += rules.check_quantity(
            changes.pack_size, ("packSize",), CatalogErrorCode.PACK_SIZE_INVALID
        )
    return errors


def check_order_quantity(
    sku: Sku, quantity: Decimal, path: Path = ("quantity",)
) -> list[UserError]:
    """An order line's quantity against the SKU's minimum order quantity and pack size:
    BELOW_MIN_ORDER_QUANTITY, NOT_PACK_SIZE_MULTIPLE or INVALID_QUANTITY."""
    return rules.check_order_quantity(sku.min_order_quantity, sku.pack_size, quantity, path)


def _sku_summary(sku: Sku) -> dict[str, Any]:
    return {
        "code": sku.code,
        "name": sku.name,
        "listPrice": decimal_text(sku.list_price),
        "cost": decimal_text(sku.cost),
        "minOrderQuantity": decimal_text(sku.min_order_quantity),
        "packSize": decimal_text(sku.pack_size),
        "active": sku.active,
    }


# --- changing ------------------------------------------------------------------------------


async def _sku_for_change(actor: Actor, sku_id: uuid.UUID) -> Sku:
    """The SKU locked after its product: the order every change of a product and its SKUs
    locks in. NOT_FOUND when the caller may not change it."""
    scoped = await access.restrict(actor, Sku, "write")
    product_id = await actor.session.scalar(
        scoped.with_only_columns(Sku.product_id).where(Sku.id == sku_id)
    )
    if product_id is None:
        raise NotFound()
    await product_for_change(actor, product_id)
    rows = await actor.session.scalars(
        scoped.where(Sku.id == sku_id)
        .with_for_update(of=Sku)
        .execution_options(populate_existing=True)
    )
    return rows.one()


def _apply(sku: Sku, changes: SkuChanges) -> None:
    for name in ("name", "list_price", "cost", "min_order_quantity", "pack_size", "active"):
        value = getattr(changes, name)
        if value is not None:
            setattr(sku, name, value.strip() if isinstance(value, str) else value)
    if not sku.product.has_options:
        sku.product.base_price, sku.product.base_cost = sku.list_price, sku.cost


async def update_sku(actor: Actor, sku_id: uuid.UUID, changes: SkuChanges) -> Sku:
    """A simple product's price and cost stay its SKU's (both change together)."""
    sku = await _sku_for_change(actor, sku_id)
    raise_if(check_sku_changes(changes))
    before = _sku_summary(sku)
    if changes.code is not None and normalize_code(changes.code) != sku.code:
        await ensure_codes_free(actor, [normalize_code(changes.code)], ("code",), sku.id)
        sku.code = normalize_code(changes.code)
    _apply(sku, changes)
    await flush_or(
        actor, CatalogErrorCode.SKU_TAKEN, "Another SKU already uses this code.", ("code",)
    )
    after = _sku_summary(sku)
    await audit.record(actor, "catalog.update_sku", "sku", sku.id, before=before, after=after)
    changed = sorted(k for k in after if after[k] != before[k])
    await emit(actor, SkuUpdated(sku_id=sku.id, product_id=sku.product_id, changed=changed))
    return sku


# --- lookups for other domains -------------------------------------------------------------


async def skus_by_id(actor: Actor, ids: Sequence[uuid.UUID]) -> list[Sku | None]:
    """The tenant's SKUs with these ids (None where there is none), each with its product.
    For other domains' use cases, which have authorised their caller: any principal of
    the tenant, or system work bound to it (no principal, so no access rule applies), may
    look up; other tenants' SKUs are None."""
    rows = await actor.session.scalars(
        select(Sku).where(Sku.tenant_id == actor.tenant_id, Sku.id.in_(list(ids)))
    )
    return in_order(rows.all(), list(ids))


async def skus_by_code(actor: Actor, codes: Sequence[str]) -> dict[str, Sku]:
    """The tenant's SKUs by code (case-insensitive), keyed by the codes as given; codes
    that name no SKU are absent. Same audience as `skus_by_id`."""
    wanted = {normalize_code(code) for code in codes}
    rows = await actor.session.scalars(
        select(Sku).where(Sku.tenant_id == actor.tenant_id, Sku.code.in_(wanted))
    )
    by_code = {sku.code: sku for sku in rows.all()}
    return {
        code: by_code[normalize_code(code)] for code in codes if normalize_code(code) in by_code
    }


async def get_sku(actor: Actor, sku_id: uuid.UUID, action: str = "read") -> Sku:
    """A SKU the caller may `action` (products:read for staff; `access.PORTAL` for a
    portal contact, who reaches the tenant's catalogue), or NOT_FOUND."""
    return await access.get_scoped(actor, Sku, sku_id, action)


async def sellable_skus_page(
    actor: Actor,
    search: str | None,
    first: int | None,
    after: str | None,
    action: str = access.PORTAL,
) -> Page[Sku]:
    """Active SKUs of active products by code (keyset), matching `search` in the SKU code,
    the SKU name or the product name: the catalogue to order from. A portal contact reads
    it with `access.PORTAL` (the default), staff with products:read ("read")."""
    products = await access.restrict(actor, Product, action)
    active_products = products.with_only_columns(Product.id).where(Product.active.is_(True))
    statement = (await access.restrict(actor, Sku, action)).where(
        Sku.active.is_(True), Sku.product_id.in_(active_products)
    )
    if search and search.strip():
        pattern = like_pattern(search)
        named = products.with_only_columns(Product.id).where(
            func.lower(Product.name).like(pattern, escape="\\")
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
