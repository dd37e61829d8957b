"""Reading stock (inventory:read): availability per SKU, stock levels, the movement ledger
and reservations; and the portal's availability hints."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, select, tuple_

from core import access
from core.context import Actor
from core.pagination import Page, keyset_page
from inventory import ledger
from inventory.ledger import ZERO, LevelKey
from inventory.models import Reservation, StockLevel, StockMovement, Warehouse


@dataclass(frozen=True)
class WarehouseAvailability:
    warehouse_id: uuid.UUID
    on_hand: Decimal
    reserved: Decimal
    available: Decimal
    backordered: Decimal


@dataclass(frozen=True)
class SkuAvailability:
    """A SKU's stock over active warehouses (or the one asked for), with the breakdown."""

    sku_id: uuid.UUID
    on_hand: Decimal
    reserved: Decimal
    available: Decimal
    backordered: Decimal
    warehouses: tuple[WarehouseAvailability, ...]


async def _stock_levels(actor: Actor) -> Select[StockLevel]:
    """Every read of stock levels starts here. A level is keyed by warehouse and SKU, with
    no row id of its own for an access rule, so the permission and the tenant are applied
    here, once."""
    principal = await actor.require("inventory", "read")
    return select(StockLevel).where(StockLevel.tenant_id == principal.tenant_id)


async def availability(
    actor: Actor, sku_ids: list[uuid.UUID], warehouse_id: uuid.UUID | None = None
) -> list[SkuAvailability]:
    """Stock of each SKU (in `sku_ids` order) over the active warehouses, or in one
    warehouse (inventory:read). SKUs without stock rows have zero stock."""
    statement = (
        (await _stock_levels(actor))
        .join(
            Warehouse,
            (Warehouse.tenant_id == StockLevel.tenant_id)
            & (Warehouse.id == StockLevel.warehouse_id),
        )
        .where(StockLevel.sku_id.in_(sku_ids))
    )
    if warehouse_id is not None:
        statement = statement.where(StockLevel.warehouse_id == warehouse_id)
    else:
        statement = statement.where(Warehouse.active.is_(True))
    rows = (await actor.session.scalars(statement.order_by(StockLevel.warehouse_id))).all()
    by_sku: dict[uuid.UUID, list[WarehouseAvailability]] = {s: [] for s in sku_ids}
    for level in rows:
        by_sku[level.sku_id].append(
            WarehouseAvailability(
                level.warehouse_id,
                level.on_hand,
                level.reserved,
                level.available,
                level.backordered,
            )
        )
    return [_total(sku_id, by_sku[sku_id]) for sku_id in sku_ids]


def _total(sku_id: uuid.UUID, parts: list[WarehouseAvailability]) -> SkuAvailability:
    return SkuAvailability(
        sku_id=sku_id,
        on_hand=sum((p.on_hand for p in parts), ZERO),
        reserved=sum((p.reserved for p in parts), ZERO),
        available=sum((p.available for p in parts), ZERO),
        backordered=sum((p.backordered for p in parts), ZERO),
        warehouses=tuple(parts),
    )


@dataclass
class StockFilter:
    warehouse_id: uuid.UUID | None = None
    sku_id: uuid.UUID | None = None
    low_stock_only: bool = False


async def list_stock_levels(
    actor: Actor, flt: StockFilter, first: int | None, after: str | None
) -> Page[StockLevel]:
    """Levels by warehouse then SKU (inventory:read); `low_stock_only` keeps those at or
    below their threshold."""
    statement = await _stock_levels(actor)
    if flt.warehouse_id is not None:
        statement = statement.where(StockLevel.warehouse_id == flt.warehouse_id)
    if flt.sku_id is not None:
        statement = statement.where(StockLevel.sku_id == flt.sku_id)
    if flt.low_stock_only:
        statement = statement.where(
            StockLevel.low_stock_threshold.is_not(None),
            StockLevel.on_hand - StockLevel.reserved <= StockLevel.low_stock_threshold,
        )
    return await keyset_page(
        actor.session,
        statement,
        [StockLevel.warehouse_id, StockLevel.sku_id],
        first=first,
        after=after,
        descending=False,
    )


async def stock_levels_by_key(actor: Actor, keys: list[LevelKey]) -> list[StockLevel | None]:
    statement = await _stock_levels(actor)
    if not keys:
        return []
    rows = (
        await actor.session.scalars(
            statement.where(tuple_(StockLevel.warehouse_id, StockLevel.sku_id).in_(keys))
        )
    ).all()
    found = {ledger.level_key(level): level for level in rows}
    return [found.get(key) for key in keys]


@dataclass
class MovementFilter:
    warehouse_id: uuid.UUID | None = None
    sku_id: uuid.UUID | None = None


async def list_movements(
    actor: Actor, flt: MovementFilter, first: int | None, after: str | None
) -> Page[StockMovement]:
    """The ledger, newest first (inventory:read)."""
    statement = await access.restrict(actor, StockMovement)
    if flt.warehouse_id is not None:
        statement = statement.where(StockMovement.warehouse_id == flt.warehouse_id)
    if flt.sku_id is not None:
        statement = statement.where(StockMovement.sku_id == flt.sku_id)
    return await keyset_page(actor.session, statement, [StockMovement.id], first=first, after=after)


async def movements_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[StockMovement | None]:
    return await access.rows_by_id(actor, StockMovement, ids)


async def reservations_of(actor: Actor, reference_id: uuid.UUID) -> list[Reservation]:
    """Every reservation a reference has had, oldest first (inventory:read)."""
    statement = await access.restrict(actor, Reservation)
    rows = await actor.session.scalars(
        statement.where(Reservation.reference_id == reference_id).order_by(Reservation.id)
    )
    return list(rows.all())


async def reservations_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Reservation | None]:
    return await access.rows_by_id(actor, Reservation, ids)


@dataclass(frozen=True)
class BestAvailability:
    """A SKU's most available stock in one active warehouse, and that level's threshold."""

    available: Decimal
    low_stock_threshold: Decimal | None


async def best_availability(
    actor: Actor, sku_ids: Sequence[uuid.UUID], action: str = access.PORTAL
) -> dict[uuid.UUID, BestAvailability]:
    """Each SKU's best active warehouse among those the caller may reach (one statement),
    for the portal's stock hints (`access.PORTAL`, the default: the caller never shows the
    quantity itself); staff pass "read" (warehouses:read)."""
    warehouses = (await access.visible_ids(actor, Warehouse, action)).where(
        Warehouse.active.is_(True)
    )
    rows = (
        await actor.session.execute(
            select(
                StockLevel.sku_id,
                StockLevel.on_hand - StockLevel.reserved,
                StockLevel.low_stock_threshold,
            ).where(
                StockLevel.tenant_id == actor.tenant_id,
                StockLevel.warehouse_id.in_(warehouses),
                StockLevel.sku_id.in_(list(sku_ids)),
            )
        )
    ).all()
    best: dict[uuid.UUID, BestAvailability] = {}
    for sku_id, available, threshold in rows:
        if sku_id not in best or available > best[sku_id].available:
            best[sku_id] = BestAvailability(available, threshold)
    return best
