"""How the catalogue's use cases load rows: through the access rules (products:read or
products:write, the tenant), and the product lock every change of a product, its options
and its SKUs takes first."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError

from catalog.errors import CatalogErrorCode
from catalog.models import Product, ProductOption, ProductOptionValue, Sku
from catalog.rules import Path
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, UserError


def decimal_text(value: Decimal) -> str:
    """A decimal as the audit log and events show it: 12.5, not 12.5000."""
    return f"{value.normalize():f}"


def like_pattern(search: str) -> str:
    """`search` as a case-insensitive LIKE pattern (escape "\\") matching anywhere."""
    escaped = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def in_order(rows: Sequence[Any], ids: Sequence[uuid.UUID]) -> list[Any]:
    found = {row.id: row for row in rows}
    return [found.get(i) for i in ids]


async def product_for_change(actor: Actor, product_id: uuid.UUID) -> Product:
    """The product, locked for the rest of the transaction (changes to one product and its
    options and SKUs are serialised on its row), or NOT_FOUND."""
    return await access.get_scoped(actor, Product, product_id, "write", lock=True)


async def skus_of(actor: Actor, product_id: uuid.UUID, action: str = "write") -> list[Sku]:
    statement = await access.restrict(actor, Sku, action)
    rows = await actor.session.scalars(
        statement.where(Sku.product_id == product_id).order_by(Sku.code)
    )
    return list(rows.all())


async def options_of(
    actor: Actor, product_ids: Sequence[uuid.UUID], action: str = "write"
) -> list[ProductOption]:
    """The products' options in position order."""
    statement = await access.restrict(actor, ProductOption, action)
    rows = await actor.session.scalars(
        statement.where(ProductOption.product_id.in_(list(product_ids))).order_by(
            ProductOption.position, ProductOption.id
        )
    )
    return list(rows.all())


async def values_of(
    actor: Actor, option_ids: Sequence[uuid.UUID], action: str = "write"
) -> list[ProductOptionValue]:
    """The options' values in position order."""
    statement = await access.restrict(actor, ProductOptionValue, action)
    rows = await actor.session.scalars(
        statement.where(ProductOptionValue.option_id.in_(list(option_ids))).order_by(
            ProductOptionValue.position, ProductOptionValue.id
        )
    )
    return list(rows.all())


async def ensure_codes_free(
    actor: Actor, codes: Sequence[str], path: Path, except_sku: uuid.UUID | None = None
) -> None:
    statement = (await access.restrict(actor, Sku, "write")).with_only_columns(Sku.code)
    statement = statement.where(Sku.code.in_(codes))
    if except_sku is not None:
        statement = statement.where(Sku.id != except_sku)
    taken = sorted((await actor.session.scalars(statement)).all())
    if taken:
        raise BusinessRuleError(
            UserError(
                CatalogErrorCode.SKU_TAKEN,
                f"Another SKU already uses the code {', '.join(taken)}.",
                path,
            )
        )


async def flush_or(actor: Actor, code: CatalogErrorCode, message: str, path: Path) -> None:
    """Flush; a unique key another transaction took meanwhile becomes the same user error
    the check before it would have given."""
    try:
        await actor.session.flush()
    except IntegrityError as error:
        raise BusinessRuleError(UserError(code, message, path)) from error
