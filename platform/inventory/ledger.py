"""How stock levels change: locked in one order, each change written to the ledger, going
low announced, waiting backorders filled.

Concurrency (ARCHITECTURE.md, "Concurrency"): every change to a stock level happens on a
row locked with SELECT ... FOR UPDATE, and a unit of work locks the levels it touches in one
statement ordered by warehouse id then SKU id, before it changes any of them; reservation
rows are locked only while their level is. Transactions touching the same SKUs therefore
queue instead of deadlocking, and the database's CHECK constraints (reserved <= on hand,
nothing negative) stand behind the arithmetic. Every change writes a `stock_movements` row
in the same transaction, so the ledger always sums to the levels.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Select, any_, bindparam, select, text, tuple_
from sqlalchemy.dialects.postgresql import ARRAY, UUID, insert
from sqlalchemy.orm.attributes import set_committed_value

from core.context import Actor
from core.ids import new_id
from core.outbox import emit
from inventory.events import LowStock
from inventory.models import Reservation, StockLevel, StockMovement, Warehouse

ZERO = Decimal(0)
LevelKey = tuple[uuid.UUID, uuid.UUID]


class MovementKind(str, Enum):
    RECEIPT = "receipt"
    ADJUSTMENT = "adjustment"
    RESERVATION = "reservation"
    RELEASE = "release"
    SHIPMENT = "shipment"


class ReservationStatus(str, Enum):
    ACTIVE = "active"
    RELEASED = "released"
    CONSUMED = "consumed"


@dataclass(frozen=True)
class Reference:
    """What a movement or reservation is for, e.g. ("order_line", <line id>)."""

    type: str
    id: uuid.UUID


@dataclass(frozen=True)
class Delta:
    on_hand: Decimal = ZERO
    reserved: Decimal = ZERO
    backordered: Decimal = ZERO


def utcnow() -> datetime:
    return datetime.now(UTC)


def level_key(level: StockLevel) -> LevelKey:
    return level.warehouse_id, level.sku_id


# --- locking -------------------------------------------------------------------------------


def locked_levels(actor: Actor, condition: Any) -> Select[StockLevel]:
    """Levels locked in the one order every unit of work uses: warehouse, then SKU."""
    return (
        select(StockLevel)
        .where(StockLevel.tenant_id == actor.tenant_id, condition)
        .order_by(StockLevel.warehouse_id, StockLevel.sku_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def lock_levels(actor: Actor, keys: Iterable[LevelKey]) -> dict[LevelKey, StockLevel]:
    """The existing levels among `keys`, locked for this unit of work."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = (
        await actor.session.scalars(
            locked_levels(actor, tuple_(StockLevel.warehouse_id, StockLevel.sku_id).in_(wanted))
        )
    ).all()
    return {level_key(level): level for level in rows}


# Order entry locks its SKUs' levels on every submission: the statement is built once.
_LOCK_LEVELS_OF_SKUS = (
    select(StockLevel, Warehouse)
    .join(
        Warehouse,
        (Warehouse.tenant_id == StockLevel.tenant_id) & (Warehouse.id == StockLevel.warehouse_id),
    )
    .where(
        StockLevel.tenant_id == bindparam("tenant_id", type_=UUID(as_uuid=True)),
        StockLevel.sku_id == any_(bindparam("sku_ids", type_=ARRAY(UUID(as_uuid=True)))),
        Warehouse.active.is_(True),
    )
    .order_by(StockLevel.warehouse_id, StockLevel.sku_id)
    .with_for_update(of=StockLevel)
    .execution_options(populate_existing=True)
)


async def lock_levels_of_skus(
    actor: Actor, sku_ids: Iterable[uuid.UUID]
) -> tuple[list[Warehouse], dict[LevelKey, StockLevel]]:
    """The existing levels of these SKUs in active warehouses, locked (in lock order, as
    `lock_levels` would lock them), with those warehouses: one statement."""
    wanted = sorted(set(sku_ids))
    if not wanted:
        return [], {}
    rows = (
        await actor.session.execute(
            _LOCK_LEVELS_OF_SKUS, {"tenant_id": actor.tenant_id, "sku_ids": wanted}
        )
    ).all()
    warehouses = {warehouse.id: warehouse for _, warehouse in rows}
    return list(warehouses.values()), {level_key(level): level for level, _ in rows}


async def create_levels(actor: Actor, keys: Iterable[LevelKey]) -> None:
    """Make sure level rows exist (zero stock), inserted in lock order."""
    wanted = sorted(set(keys))
    if wanted:
        await actor.session.execute(
            insert(StockLevel)
            .values(
                [{"tenant_id": actor.tenant_id, "warehouse_id": w, "sku_id": s} for w, s in wanted]
            )
            .on_conflict_do_nothing()
        )


async def lock_level(actor: Actor, warehouse_id: uuid.UUID, sku_id: uuid.UUID) -> StockLevel:
    """One level, created at zero if new, locked for this unit of work."""
    await create_levels(actor, [(warehouse_id, sku_id)])
    return (await lock_levels(actor, [(warehouse_id, sku_id)]))[(warehouse_id, sku_id)]


# --- changing a level ----------------------------------------------------------------------


def crossed_threshold(before: Decimal, after: Decimal, threshold: Decimal | None) -> bool:
    """Going low is an edge, not a state: only the change that takes available stock from
    above the threshold to at or below it counts."""
    return threshold is not None and before > threshold >= after


async def change(
    actor: Actor,
    level: StockLevel,
    kind: MovementKind,
    delta: Delta,
    *,
    reason: str | None = None,
    reference: Reference | None = None,
) -> StockMovement:
    """Apply `delta` to a level this unit of work has locked, record the movement, and
    announce the level going low when available stock crosses its threshold."""
    available_before = level.available
    level.on_hand += delta.on_hand
    level.reserved += delta.reserved
    level.backordered += delta.backordered
    level.updated_at = utcnow()
    principal = actor.principal
    movement = StockMovement(
        tenant_id=level.tenant_id,
        id=new_id(),
        warehouse_id=level.warehouse_id,
        sku_id=level.sku_id,
        kind=kind.value,
        on_hand_delta=delta.on_hand,
        reserved_delta=delta.reserved,
        backordered_delta=delta.backordered,
        reason=reason,
        reference_type=reference.type if reference else None,
        reference_id=reference.id if reference else None,
        actor_kind=principal.kind.value if principal else None,
        actor_id=principal.subject_id if principal else None,
    )
    actor.session.add(movement)
    if crossed_threshold(available_before, level.available, level.low_stock_threshold):
        await _announce_low(actor, level)
    return movement


async def _announce_low(actor: Actor, level: StockLevel) -> None:
    assert level.low_stock_threshold is not None  # it was crossed
    await emit(
        actor,
        LowStock(
            warehouse_id=level.warehouse_id,
            sku_id=level.sku_id,
            available=level.available,
            threshold=level.low_stock_threshold,
        ),
    )


@dataclass(frozen=True)
class NewReservation:
    """One line's reservation on a level this unit of work has locked."""

    reference: Reference
    level: StockLevel
    quantity: Decimal
    reserved: Decimal
    backordered: Decimal


# The levels' new amounts, one RESERVATION movement per line and the reservations, in one
# statement: order entry is the hottest write path. Amounts are summed per level first, as
# UPDATE ... FROM changes a row once however many source rows match it.
_RESERVE = text("""
WITH wanted AS (
    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:movement_ids AS uuid[]),
                         CAST(:reference_types AS text[]), CAST(:reference_ids AS uuid[]),
                         CAST(:warehouse_ids AS uuid[]), CAST(:sku_ids AS uuid[]),
                         CAST(:quantities AS numeric[]), CAST(:reserved AS numeric[]),
                         CAST(:backordered AS numeric[]))
        AS w(id, movement_id, reference_type, reference_id, warehouse_id, sku_id, quantity,
             reserved, backordered)
), levels AS (
    UPDATE stock_levels AS level
    SET reserved = level.reserved + total.reserved,
        backordered = level.backordered + total.backordered,
        updated_at = CAST(:now AS timestamptz)
    FROM (SELECT warehouse_id, sku_id, sum(reserved) AS reserved,
                 sum(backordered) AS backordered
          FROM wanted GROUP BY warehouse_id, sku_id) AS total
    WHERE level.tenant_id = CAST(:tenant_id AS uuid)
      AND level.warehouse_id = total.warehouse_id AND level.sku_id = total.sku_id
    RETURNING level.sku_id
), movements AS (
    INSERT INTO stock_movements (tenant_id, id, warehouse_id, sku_id, kind, on_hand_delta,
                                 reserved_delta, backordered_delta, reference_type,
                                 reference_id, actor_kind, actor_id)
    SELECT CAST(:tenant_id AS uuid), movement_id, warehouse_id, sku_id, 'reservation', 0,
           reserved, backordered, reference_type, reference_id,
           CAST(:actor_kind AS varchar), CAST(:actor_id AS uuid)
    FROM wanted
    RETURNING id
)
INSERT INTO stock_reservations (tenant_id, id, reference_type, reference_id, warehouse_id,
                                sku_id, quantity, reserved, backordered, consumed, status,
                                updated_at)
SELECT CAST(:tenant_id AS uuid), id, reference_type, reference_id, warehouse_id, sku_id,
       quantity, reserved, backordered, 0, 'active', CAST(:now AS timestamptz)
FROM wanted""")


@dataclass(frozen=True)
class Reserved:
    """One reservation as made: its reference, the warehouse it draws on, what it holds
    now and what is backordered until receipts."""

    reference_id: uuid.UUID
    warehouse_id: uuid.UUID
    reserved: Decimal
    backordered: Decimal


async def reserve_many(actor: Actor, wanted: list[NewReservation]) -> list[Reserved]:
    """Apply RESERVATION changes to locked levels and record the reservations, as `change`
    would one by one (movements, low-stock events), in one statement. The caller handles
    the unique violation of a reference already holding an active reservation."""
    now, principal = utcnow(), actor.principal
    await actor.session.execute(
        _RESERVE,
        {
            "ids": [new_id() for _ in wanted],
            "movement_ids": [new_id() for _ in wanted],
            "reference_types": [w.reference.type for w in wanted],
            "reference_ids": [w.reference.id for w in wanted],
            "warehouse_ids": [w.level.warehouse_id for w in wanted],
            "sku_ids": [w.level.sku_id for w in wanted],
            "quantities": [w.quantity for w in wanted],
            "reserved": [w.reserved for w in wanted],
            "backordered": [w.backordered for w in wanted],
            "now": now,
            "tenant_id": actor.tenant_id,
            "actor_kind": principal.kind.value if principal else None,
            "actor_id": principal.subject_id if principal else None,
        },
    )
    for line in wanted:
        await _reserved_on(actor, line.level, line.reserved, line.backordered, now)
    return [
        Reserved(line.reference.id, line.level.warehouse_id, line.reserved, line.backordered)
        for line in wanted
    ]


async def _reserved_on(
    actor: Actor, level: StockLevel, reserved: Decimal, backordered: Decimal, now: datetime
) -> None:
    """Bring a level object in line with what `_RESERVE` wrote (without making it dirty)
    and announce it going low, as `change` does."""
    available_before = level.available
    set_committed_value(level, "reserved", level.reserved + reserved)
    set_committed_value(level, "backordered", level.backordered + backordered)
    set_committed_value(level, "updated_at", now)
    if crossed_threshold(available_before, level.available, level.low_stock_threshold):
        await _announce_low(actor, level)


async def fill_backorders(actor: Actor, level: StockLevel) -> None:
    """Stock that became available on a locked level goes to its waiting reservations,
    oldest first."""
    if level.backordered <= 0 or level.available <= 0:
        return
    waiting = (
        await actor.session.scalars(
            select(Reservation)
            .where(
                Reservation.tenant_id == actor.tenant_id,
                Reservation.warehouse_id == level.warehouse_id,
                Reservation.sku_id == level.sku_id,
                Reservation.status == ReservationStatus.ACTIVE.value,
                Reservation.backordered > 0,
            )
            .order_by(Reservation.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).all()
    for reservation in waiting:
        filled = min(reservation.backordered, level.available)
        if filled <= 0:
            break
        reservation.reserved += filled
        reservation.backordered -= filled
        reservation.updated_at = utcnow()
        await change(
            actor,
            level,
            MovementKind.RESERVATION,
            Delta(reserved=filled, backordered=-filled),
            reason="backorder filled",
            reference=Reference(reservation.reference_type, reservation.reference_id),
        )
