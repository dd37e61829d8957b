"""Inventory use cases: warehouses, receipts and adjustments, reservations for orders, and
what is available where. How levels are locked and changed is in `inventory.ledger`.

Other domains call, in their own unit of work:

* `reserve(actor, requests, allow_backorder)`: all lines of one order or none;
* `release(actor, reference_ids)`: give back what is still held (idempotent);
* `consume(actor, reference_id, quantity)`: ship reserved stock;
* `availability(actor, sku_ids, warehouse_id=None)`: stock per SKU over warehouses;
* `get_warehouse(actor, warehouse_id)`: a warehouse of the tenant (e.g. a shipment's).

Reservations are made on behalf of the caller's own use case (orders), which checks its
own permissions first; only backordering asks for `inventory:backorder` here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select, tuple_
from sqlalchemy.exc import IntegrityError

import audit.services as audit
import catalog.services as catalog
from core.context import Actor
from core.errors import BusinessRuleError, Forbidden, NotFound, UserError
from core.gql.pagination import Page, keyset_page
from core.ids import new_id
from inventory import allocation, ledger, rules
from inventory.ledger import LOW_STOCK as LOW_STOCK
from inventory.ledger import ZERO, Delta, LevelKey, MovementKind
from inventory.ledger import Reference as Reference
from inventory.ledger import ReservationStatus as ReservationStatus
from inventory.models import Reservation, StockLevel, StockMovement, Warehouse
from inventory.rules import Path, format_quantity, raise_if

# --- inputs and results --------------------------------------------------------------------


@dataclass
class WarehouseInput:
    code: str
    name: str
    regions: list[str] = field(default_factory=list)
    priority: int = 100
    active: bool = True


@dataclass
class WarehouseChanges:
    """Fields left None stay as they are."""

    code: str | None = None
    name: str | None = None
    regions: list[str] | None = None
    priority: int | None = None
    active: bool | None = None


@dataclass(frozen=True)
class ReservationRequest:
    """One order line's claim on stock. `warehouse_id` overrides the warehouse rule;
    `region` is the customer's region the rule prefers; `path` is where errors about this
    line point (by default lines/<index>/quantity)."""

    reference_id: uuid.UUID
    sku_id: uuid.UUID
    quantity: Decimal
    warehouse_id: uuid.UUID | None = None
    region: str | None = None
    reference_type: str = "order_line"
    path: Path | None = None


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


# --- warehouses ----------------------------------------------------------------------------


async def _require_warehouse_reader(actor: Actor) -> None:
    """Whoever reads stock also sees which warehouse holds it."""
    if not (await actor.can("warehouses", "read") or await actor.can("inventory", "read")):
        actor.require_staff()
        raise Forbidden("Missing permission warehouses:read.")


def _warehouse_summary(warehouse: Warehouse) -> dict[str, Any]:
    return {
        "code": warehouse.code,
        "name": warehouse.name,
        "regions": list(warehouse.regions),
        "priority": warehouse.priority,
        "active": warehouse.active,
    }


def _violates(error: IntegrityError, constraint: str) -> bool:
    return constraint in str(error.orig)


def _code_taken() -> BusinessRuleError:
    return BusinessRuleError.single(
        "CODE_TAKEN", "Another warehouse already uses this code.", "code"
    )


async def _flush_warehouse(actor: Actor) -> None:
    """Flush, turning a concurrent use of the same code into the same user error."""
    try:
        await actor.session.flush()
    except IntegrityError as error:
        if not _violates(error, "uq_warehouses_tenant_id_code"):
            raise
        raise _code_taken() from error


async def _check_code_free(actor: Actor, code: str, except_id: uuid.UUID | None = None) -> None:
    statement = select(Warehouse.id).where(
        Warehouse.tenant_id == actor.tenant_id, Warehouse.code == code
    )
    if except_id is not None:
        statement = statement.where(Warehouse.id != except_id)
    if await actor.session.scalar(statement) is not None:
        raise _code_taken()


async def create_warehouse(actor: Actor, data: WarehouseInput) -> Warehouse:
    await actor.require("warehouses", "write")
    raise_if(rules.check_warehouse(data.code, data.name, data.regions, data.priority))
    code = rules.normalize_code(data.code)
    await _check_code_free(actor, code)
    warehouse = Warehouse(
        tenant_id=actor.tenant_id,
        id=new_id(),
        code=code,
        name=data.name.strip(),
        regions=rules.normalize_regions(data.regions),
        priority=data.priority,
        active=data.active,
    )
    actor.session.add(warehouse)
    await _flush_warehouse(actor)
    await audit.record(
        actor, "warehouses.create", "warehouse", warehouse.id, after=_warehouse_summary(warehouse)
    )
    return warehouse


async def get_warehouse(
    actor: Actor, warehouse_id: uuid.UUID, *, for_update: bool = False
) -> Warehouse:
    """The current tenant's warehouse, or NOT_FOUND (also for another tenant's id)."""
    statement = select(Warehouse).where(
        Warehouse.tenant_id == actor.tenant_id, Warehouse.id == warehouse_id
    )
    if for_update:
        statement = statement.with_for_update()
    warehouse = await actor.session.scalar(statement)
    if warehouse is None:
        raise NotFound()
    return warehouse


async def update_warehouse(
    actor: Actor, warehouse_id: uuid.UUID, changes: WarehouseChanges
) -> Warehouse:
    await actor.require("warehouses", "write")
    warehouse = await get_warehouse(actor, warehouse_id, for_update=True)
    raise_if(rules.check_warehouse(changes.code, changes.name, changes.regions, changes.priority))
    before = _warehouse_summary(warehouse)
    if changes.code is not None:
        await _check_code_free(actor, rules.normalize_code(changes.code), except_id=warehouse.id)
        warehouse.code = rules.normalize_code(changes.code)
    if changes.name is not None:
        warehouse.name = changes.name.strip()
    if changes.regions is not None:
        warehouse.regions = rules.normalize_regions(changes.regions)
    if changes.priority is not None:
        warehouse.priority = changes.priority
    if changes.active is not None:
        warehouse.active = changes.active
    await _flush_warehouse(actor)
    await audit.record(
        actor,
        "warehouses.update",
        "warehouse",
        warehouse.id,
        before=before,
        after=_warehouse_summary(warehouse),
    )
    return warehouse


async def list_warehouses(
    actor: Actor, active_only: bool, first: int | None, after: str | None
) -> Page[Warehouse]:
    """Warehouses in the order the warehouse rule tries them: priority, then code."""
    await _require_warehouse_reader(actor)
    statement = select(Warehouse).where(Warehouse.tenant_id == actor.tenant_id)
    if active_only:
        statement = statement.where(Warehouse.active.is_(True))
    return await keyset_page(
        actor.session,
        statement,
        [Warehouse.priority, Warehouse.code],
        first=first,
        after=after,
        descending=False,
    )


async def warehouses_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Warehouse | None]:
    await _require_warehouse_reader(actor)
    rows = (
        await actor.session.scalars(
            select(Warehouse).where(Warehouse.tenant_id == actor.tenant_id, Warehouse.id.in_(ids))
        )
    ).all()
    found = {w.id: w for w in rows}
    return [found.get(i) for i in ids]


async def warehouse_names(actor: Actor, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Names for messages written by event handlers (no principal, no permission)."""
    rows = (
        await actor.session.execute(
            select(Warehouse.id, Warehouse.name).where(
                Warehouse.tenant_id == actor.tenant_id, Warehouse.id.in_(ids)
            )
        )
    ).all()
    return {row_id: name for row_id, name in rows}


# --- receipts, adjustments, thresholds ----------------------------------------------------


async def _manual_target(actor: Actor, warehouse_id: uuid.UUID, sku_id: uuid.UUID) -> StockLevel:
    """The level a staff member changes by hand: a warehouse and SKU of the tenant
    (NOT_FOUND otherwise), locked."""
    await get_warehouse(actor, warehouse_id)
    [sku] = await catalog.skus_by_id(actor, [sku_id])
    if sku is None:
        raise NotFound()
    return await ledger.lock_level(actor, warehouse_id, sku_id)


def _level_summary(level: StockLevel) -> dict[str, Any]:
    threshold = level.low_stock_threshold
    return {
        "warehouseId": str(level.warehouse_id),
        "skuId": str(level.sku_id),
        "onHand": str(level.on_hand),
        "reserved": str(level.reserved),
        "lowStockThreshold": str(threshold) if threshold is not None else None,
    }


async def _audit_manual(
    actor: Actor, action: str, level: StockLevel, before: dict[str, Any], movement: StockMovement
) -> None:
    after = {**_level_summary(level), "reason": movement.reason}
    await audit.record(actor, action, "stock_movement", movement.id, before=before, after=after)


async def receive_stock(
    actor: Actor,
    warehouse_id: uuid.UUID,
    sku_id: uuid.UUID,
    quantity: Decimal,
    reason: str,
    reference: Reference | None = None,
) -> StockLevel:
    """Goods arrived (inventory:write): on hand grows, then waiting backorders are filled."""
    await actor.require("inventory", "write")
    raise_if([*rules.check_quantity(quantity, ("quantity",)), *rules.check_reason(reason)])
    level = await _manual_target(actor, warehouse_id, sku_id)
    raise_if(rules.check_on_hand_fits(level.on_hand + quantity, ("quantity",)))
    before = _level_summary(level)
    movement = await ledger.change(
        actor,
        level,
        MovementKind.RECEIPT,
        Delta(on_hand=quantity),
        reason=reason.strip(),
        reference=reference,
    )
    await ledger.fill_backorders(actor, level)
    await _audit_manual(actor, "inventory.receive", level, before, movement)
    return level


async def adjust_stock(
    actor: Actor, warehouse_id: uuid.UUID, sku_id: uuid.UUID, delta: Decimal, reason: str
) -> StockLevel:
    """Correct on hand by `delta` after a count, damage or loss (inventory:write). On hand
    never drops below what is reserved: release reservations first."""
    await actor.require("inventory", "write")
    raise_if([*rules.check_quantity(delta, ("delta",), signed=True), *rules.check_reason(reason)])
    level = await _manual_target(actor, warehouse_id, sku_id)
    if level.on_hand + delta < level.reserved:
        raise BusinessRuleError.single(
            "NEGATIVE_STOCK",
            f"On hand would fall below the {format_quantity(level.reserved)} "
            f"reserved; at most {format_quantity(level.available)} can be removed "
            f"(available: {format_quantity(level.available)}).",
            "delta",
        )
    raise_if(rules.check_on_hand_fits(level.on_hand + delta, ("delta",)))
    before = _level_summary(level)
    movement = await ledger.change(
        actor, level, MovementKind.ADJUSTMENT, Delta(on_hand=delta), reason=reason.strip()
    )
    await ledger.fill_backorders(actor, level)
    await _audit_manual(actor, "inventory.adjust", level, before, movement)
    return level


async def set_low_stock_threshold(
    actor: Actor, warehouse_id: uuid.UUID, sku_id: uuid.UUID, threshold: Decimal | None
) -> StockLevel:
    """Announce `inventory.low_stock` when available stock next drops to or below
    `threshold` (None: never). Setting it is not itself a drop, so it announces nothing."""
    await actor.require("inventory", "write")
    raise_if(rules.check_threshold(threshold))
    level = await _manual_target(actor, warehouse_id, sku_id)
    before = _level_summary(level)
    level.low_stock_threshold = threshold
    level.updated_at = ledger.utcnow()
    await audit.record(
        actor,
        "inventory.set_low_stock_threshold",
        "stock_level",
        f"{warehouse_id}:{sku_id}",
        before=before,
        after=_level_summary(level),
    )
    return level


# --- reservations ------------------------------------------------------------------------


def _line_path(request: ReservationRequest, index: int) -> Path:
    return request.path or ("lines", str(index), "quantity")


def _field_path(request: ReservationRequest, index: int, name: str) -> Path:
    return (*_line_path(request, index)[:-1], name)


@dataclass
class _Planned:
    index: int
    request: ReservationRequest
    warehouse_id: uuid.UUID
    reserved: Decimal
    backordered: Decimal

    @property
    def key(self) -> LevelKey:
        return self.warehouse_id, self.request.sku_id


@dataclass
class _Plan:
    lines: list[_Planned] = field(default_factory=list)
    errors: list[UserError] = field(default_factory=list)


async def _active_warehouses(actor: Actor) -> list[Warehouse]:
    return list(
        (
            await actor.session.scalars(
                select(Warehouse).where(
                    Warehouse.tenant_id == actor.tenant_id, Warehouse.active.is_(True)
                )
            )
        ).all()
    )


def _candidates(
    warehouses: Sequence[Warehouse], request: ReservationRequest, available: dict[LevelKey, Decimal]
) -> list[allocation.WarehouseStock]:
    pool = [w for w in warehouses if request.warehouse_id is None or w.id == request.warehouse_id]
    return [
        allocation.WarehouseStock(
            warehouse_id=w.id,
            code=w.code,
            regions=tuple(w.regions),
            priority=w.priority,
            available=available.get((w.id, request.sku_id), ZERO),
        )
        for w in pool
    ]


def _insufficient(
    request: ReservationRequest, path: Path, candidates: list[allocation.WarehouseStock]
) -> UserError:
    best = max((c.available for c in candidates), default=ZERO)
    return UserError(
        "INSUFFICIENT_STOCK",
        f"Not enough stock: {format_quantity(request.quantity)}"
        f" requested, available: {format_quantity(best)}.",
        path,
    )


def _no_warehouse(request: ReservationRequest, index: int) -> UserError:
    if request.warehouse_id is not None:
        return UserError(
            "UNKNOWN_WAREHOUSE",
            "No such active warehouse.",
            _field_path(request, index, "warehouseId"),
        )
    return UserError(
        "NO_WAREHOUSE",
        "There is no active warehouse to take this line.",
        _line_path(request, index),
    )


async def _plan(
    actor: Actor,
    requests: Sequence[ReservationRequest],
    allow_backorder: bool,
    warehouses: Sequence[Warehouse],
    available: dict[LevelKey, Decimal],
) -> _Plan:
    """Choose each line's warehouse against the locked levels, consuming availability as
    lines are placed, so two lines of one SKU never count the same stock twice."""
    plan = _Plan()
    may_backorder: bool | None = None
    for index, request in enumerate(requests):
        path = _line_path(request, index)
        candidates = _candidates(warehouses, request, available)
        choice = allocation.choose_warehouse(candidates, request.quantity, request.region)
        if choice is None:
            plan.errors.append(_no_warehouse(request, index))
            continue
        if not choice.fills:
            if not allow_backorder:
                plan.errors.append(_insufficient(request, path, candidates))
                continue
            if may_backorder is None:
                may_backorder = await actor.can("inventory", "backorder")
            if not may_backorder:
                plan.errors.append(
                    UserError(
                        "BACKORDER_NOT_ALLOWED",
                        "Not enough stock, and backordering needs the "
                        "inventory:backorder permission (available: "
                        f"{format_quantity(choice.warehouse.available)}).",
                        path,
                    )
                )
                continue
        taken = min(request.quantity, choice.warehouse.available)
        key = (choice.warehouse.warehouse_id, request.sku_id)
        available[key] = available.get(key, ZERO) - taken
        plan.lines.append(
            _Planned(index, request, choice.warehouse.warehouse_id, taken, request.quantity - taken)
        )
    return plan


async def _check_skus_exist(actor: Actor, lines: list[_Planned]) -> None:
    """A backorder may be the first stock row of a SKU: it must be one of the tenant's."""
    skus = await catalog.skus_by_id(actor, [line.request.sku_id for line in lines])
    raise_if(
        [
            UserError("UNKNOWN_SKU", "No such SKU.", _field_path(line.request, line.index, "skuId"))
            for line, sku in zip(lines, skus, strict=True)
            if sku is None
        ]
    )


async def reserve(
    actor: Actor, requests: list[ReservationRequest], allow_backorder: bool
) -> list[Reservation]:
    """Reserve stock for every line or for none (one order's lines in one call).

    Each line goes to one warehouse chosen by `allocation.choose_warehouse`. A line that no
    warehouse can fill is INSUFFICIENT_STOCK (the message carries "available: N", the most
    one warehouse could give) unless `allow_backorder` and the caller holds
    inventory:backorder (else BACKORDER_NOT_ALLOWED): then what is there is reserved and the
    rest is backordered, to be filled by later receipts. A reference holding an active
    reservation already is ALREADY_RESERVED (release it first)."""
    raise_if(
        [
            error
            for index, request in enumerate(requests)
            for error in rules.check_quantity(request.quantity, _line_path(request, index))
        ]
    )
    if not requests:
        return []
    if _stock_changes_pending(actor):
        await actor.session.flush()
    # The caller's other pending rows (e.g. the order being entered) wait for its own flush.
    with actor.session.no_autoflush:
        levels, plan = await _locked_plan(actor, requests, allow_backorder)
        raise_if(plan.errors)
        new_levels = [line for line in plan.lines if line.key not in levels]
        if new_levels:
            await _check_skus_exist(actor, new_levels)
            await ledger.create_levels(actor, [line.key for line in new_levels])
            levels.update(await ledger.lock_levels(actor, [line.key for line in new_levels]))
        return await _record_reservations(actor, plan.lines, levels)


def _stock_changes_pending(actor: Actor) -> bool:
    """Unwritten stock changes must reach the database before levels are locked (and
    re-read over them)."""
    return any(
        isinstance(row, (StockLevel, Reservation, StockMovement))
        for row in (*actor.session.new, *actor.session.dirty)
    )


async def _locked_plan(
    actor: Actor, requests: list[ReservationRequest], allow_backorder: bool
) -> tuple[dict[LevelKey, StockLevel], _Plan]:
    """Lock the SKUs' levels in active warehouses and plan against them. A warehouse without
    a level row has nothing available, so it can only matter when some line cannot be
    filled (backorder, errors) or names its warehouse: only then are all active
    warehouses read and the lines planned again."""
    stocked, levels = await ledger.lock_levels_of_skus(actor, {r.sku_id for r in requests})
    available = {key: level.available for key, level in levels.items()}
    plan = await _plan(actor, requests, allow_backorder, stocked, dict(available))
    if (
        plan.errors
        or any(line.backordered for line in plan.lines)
        or any(r.warehouse_id is not None for r in requests)
    ):
        plan = await _plan(
            actor, requests, allow_backorder, await _active_warehouses(actor), available
        )
    return levels, plan


async def _record_reservations(
    actor: Actor, lines: list[_Planned], levels: dict[LevelKey, StockLevel]
) -> list[Reservation]:
    try:
        return await ledger.reserve_many(
            actor,
            [
                ledger.NewReservation(
                    reference=Reference(line.request.reference_type, line.request.reference_id),
                    level=levels[line.key],
                    quantity=line.request.quantity,
                    reserved=line.reserved,
                    backordered=line.backordered,
                )
                for line in lines
            ],
        )
    except IntegrityError as error:
        if not _violates(error, "uq_stock_reservations_active_reference"):
            raise
        raise BusinessRuleError.single(
            "ALREADY_RESERVED",
            "A line already holds an active reservation; release it before reserving again.",
        ) from error


def _active_reservations(actor: Actor, reference_ids: Iterable[uuid.UUID]) -> Select[Reservation]:
    return select(Reservation).where(
        Reservation.tenant_id == actor.tenant_id,
        Reservation.reference_id.in_(list(reference_ids)),
        Reservation.status == ReservationStatus.ACTIVE.value,
    )


async def _lock_reservations(
    actor: Actor, reference_ids: Iterable[uuid.UUID]
) -> tuple[list[Reservation], dict[LevelKey, StockLevel]]:
    """The active reservations of the references and their levels, levels locked first;
    re-read under the lock, so one released or shipped meanwhile is seen as it is now."""
    wanted = list(reference_ids)
    unlocked = (await actor.session.scalars(_active_reservations(actor, wanted))).all()
    levels = await ledger.lock_levels(actor, [(r.warehouse_id, r.sku_id) for r in unlocked])
    locked = (
        await actor.session.scalars(
            _active_reservations(actor, wanted)
            .order_by(Reservation.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).all()
    return [r for r in locked if (r.warehouse_id, r.sku_id) in levels], levels


async def release(actor: Actor, reference_ids: list[uuid.UUID]) -> list[Reservation]:
    """Give back what the references' active reservations still hold (an order cancelled
    or changed); freed stock fills waiting backorders. Releasing again, or a reference
    without reservation, changes nothing."""
    reservations, levels = await _lock_reservations(actor, reference_ids)
    for reservation in reservations:
        if reservation.reserved or reservation.backordered:
            await ledger.change(
                actor,
                levels[(reservation.warehouse_id, reservation.sku_id)],
                MovementKind.RELEASE,
                Delta(reserved=-reservation.reserved, backordered=-reservation.backordered),
                reference=Reference(reservation.reference_type, reservation.reference_id),
            )
        reservation.reserved = ZERO
        reservation.backordered = ZERO
        reservation.status = ReservationStatus.RELEASED.value
        reservation.updated_at = ledger.utcnow()
    for level in sorted(levels.values(), key=ledger.level_key):
        await ledger.fill_backorders(actor, level)
    await actor.session.flush()
    return reservations


async def consume(actor: Actor, reference_id: uuid.UUID, quantity: Decimal) -> Reservation:
    """Ship `quantity` of a reference's reservation: on hand and reserved both drop. Only
    reserved stock ships (a backordered part waits for a receipt); once nothing is left
    to ship the reservation is consumed."""
    raise_if(rules.check_quantity(quantity, ("quantity",)))
    reservations, levels = await _lock_reservations(actor, [reference_id])
    if not reservations:
        raise BusinessRuleError.single(
            "NOT_RESERVED", "Nothing is reserved for this line.", "quantity"
        )
    reservation = reservations[0]
    if quantity > reservation.reserved:
        raise BusinessRuleError.single(
            "INSUFFICIENT_RESERVATION",
            f"Only reserved stock can ship: "
            f"{format_quantity(quantity)} requested, available: "
            f"{format_quantity(reservation.reserved)}.",
            "quantity",
        )
    await ledger.change(
        actor,
        levels[(reservation.warehouse_id, reservation.sku_id)],
        MovementKind.SHIPMENT,
        Delta(on_hand=-quantity, reserved=-quantity),
        reference=Reference(reservation.reference_type, reservation.reference_id),
    )
    reservation.reserved -= quantity
    reservation.consumed += quantity
    reservation.updated_at = ledger.utcnow()
    if reservation.reserved == 0 and reservation.backordered == 0:
        reservation.status = ReservationStatus.CONSUMED.value
    await actor.session.flush()
    return reservation


# --- reading -------------------------------------------------------------------------------


async def availability(
    actor: Actor, sku_ids: list[uuid.UUID], warehouse_id: uuid.UUID | None = None
) -> list[SkuAvailability]:
    """Stock of each SKU (in `sku_ids` order) over the active warehouses, or in one
    warehouse (inventory:read). SKUs without stock rows have zero stock."""
    await actor.require("inventory", "read")
    statement = (
        select(StockLevel)
        .join(
            Warehouse,
            (Warehouse.tenant_id == StockLevel.tenant_id)
            & (Warehouse.id == StockLevel.warehouse_id),
        )
        .where(StockLevel.tenant_id == actor.tenant_id, StockLevel.sku_id.in_(sku_ids))
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
    await actor.require("inventory", "read")
    statement = select(StockLevel).where(StockLevel.tenant_id == actor.tenant_id)
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
    await actor.require("inventory", "read")
    if not keys:
        return []
    rows = (
        await actor.session.scalars(
            select(StockLevel).where(
                StockLevel.tenant_id == actor.tenant_id,
                tuple_(StockLevel.warehouse_id, StockLevel.sku_id).in_(keys),
            )
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
    await actor.require("inventory", "read")
    statement = select(StockMovement).where(StockMovement.tenant_id == actor.tenant_id)
    if flt.warehouse_id is not None:
        statement = statement.where(StockMovement.warehouse_id == flt.warehouse_id)
    if flt.sku_id is not None:
        statement = statement.where(StockMovement.sku_id == flt.sku_id)
    return await keyset_page(actor.session, statement, [StockMovement.id], first=first, after=after)


async def movements_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[StockMovement | None]:
    await actor.require("inventory", "read")
    rows = (
        await actor.session.scalars(
            select(StockMovement).where(
                StockMovement.tenant_id == actor.tenant_id, StockMovement.id.in_(ids)
            )
        )
    ).all()
    found = {m.id: m for m in rows}
    return [found.get(i) for i in ids]


async def reservations_of(actor: Actor, reference_id: uuid.UUID) -> list[Reservation]:
    """Every reservation a reference has had, oldest first (inventory:read)."""
    await actor.require("inventory", "read")
    return list(
        (
            await actor.session.scalars(
                select(Reservation)
                .where(
                    Reservation.tenant_id == actor.tenant_id,
                    Reservation.reference_id == reference_id,
                )
                .order_by(Reservation.id)
            )
        ).all()
    )


async def reservations_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Reservation | None]:
    await actor.require("inventory", "read")
    rows = (
        await actor.session.scalars(
            select(Reservation).where(
                Reservation.tenant_id == actor.tenant_id, Reservation.id.in_(ids)
            )
        )
    ).all()
    found = {r.id: r for r in rows}
    return [found.get(i) for i in ids]


@dataclass(frozen=True)
class BestAvailability:
    """A SKU's most available stock in one active warehouse, and that level's threshold."""

    available: Decimal
    low_stock_threshold: Decimal | None


async def best_availability(
    actor: Actor, sku_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, BestAvailability]:
    """Each SKU's best active warehouse (one statement), for the portal's stock hints: the
    caller authorises and never shows the quantity itself."""
    actor.require_portal()
    rows = (
        await actor.session.execute(
            select(
                StockLevel.sku_id,
                StockLevel.on_hand - StockLevel.reserved,
                StockLevel.low_stock_threshold,
            )
            .join(
                Warehouse,
                (Warehouse.tenant_id == StockLevel.tenant_id)
                & (Warehouse.id == StockLevel.warehouse_id),
            )
            .where(
                StockLevel.tenant_id == actor.tenant_id,
                Warehouse.active.is_(True),
                StockLevel.sku_id.in_(list(sku_ids)),
            )
        )
    ).all()
    best: dict[uuid.UUID, BestAvailability] = {}
    for sku_id, available, threshold in rows:
        if sku_id not in best or available > best[sku_id].available:
            best[sku_id] = BestAvailability(available, threshold)
    return best
