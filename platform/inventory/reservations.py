"""Reservations for orders: all lines of one order or none, each line from the warehouse the
warehouse rule (`inventory.allocation`) chooses; releasing them, and shipping reserved stock.

Reservations are made on behalf of the caller's own use case (orders), which checks its
own permissions first; only backordering asks for `inventory:backorder` here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

import catalog.services as catalog
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from inventory import allocation, ledger, rules
from inventory.errors import InventoryErrorCode
from inventory.ledger import ZERO, Delta, LevelKey, MovementKind, Reference, ReservationStatus
from inventory.models import Reservation, StockLevel, StockMovement, Warehouse
from inventory.rules import Path, format_quantity, raise_if
from inventory.warehouses import violates


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


def _shortfall_params(
    request: ReservationRequest,
    index: int,
    candidates: list[allocation.WarehouseStock],
    sku_code: str,
) -> dict[str, str]:
    """What a short line's error states: which line and SKU, what was asked, and the most
    one warehouse (named) could give."""
    best = max(candidates, key=lambda c: (c.available, -c.priority), default=None)
    return {
        "line": str(index + 1),
        "sku": sku_code,
        "requested": format_quantity(request.quantity),
        "available": format_quantity(best.available if best else ZERO),
        "warehouse": best.code if best else "",
    }


def _insufficient(
    request: ReservationRequest,
    index: int,
    path: Path,
    candidates: list[allocation.WarehouseStock],
    sku_code: str,
) -> UserError:
    params = _shortfall_params(request, index, candidates, sku_code)
    named = f"Line {params['line']}" + (f" ({params['sku']})" if params["sku"] else "")
    return UserError(
        InventoryErrorCode.INSUFFICIENT_STOCK,
        f"Not enough stock: {named}: {params['requested']} requested, available: "
        f"{params['available']}" + (f" in {params['warehouse']}." if params["warehouse"] else "."),
        path,
        params,
    )


def _no_warehouse(request: ReservationRequest, index: int) -> UserError:
    if request.warehouse_id is not None:
        return UserError(
            InventoryErrorCode.UNKNOWN_WAREHOUSE,
            "No such active warehouse.",
            _field_path(request, index, "warehouseId"),
        )
    return UserError(
        InventoryErrorCode.NO_WAREHOUSE,
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
    codes: dict[uuid.UUID, str] | None = None
    for index, request in enumerate(requests):
        path = _line_path(request, index)
        candidates = _candidates(warehouses, request, available)
        choice = allocation.choose_warehouse(candidates, request.quantity, request.region)
        if choice is None:
            plan.errors.append(_no_warehouse(request, index))
            continue
        if not choice.fills:
            if codes is None:
                codes = await _sku_codes(actor, requests)
            code = codes.get(request.sku_id, "")
            if not allow_backorder:
                plan.errors.append(_insufficient(request, index, path, candidates, code))
                continue
            if may_backorder is None:
                may_backorder = await actor.can("inventory", "backorder")
            if not may_backorder:
                plan.errors.append(
                    UserError(
                        InventoryErrorCode.BACKORDER_NOT_ALLOWED,
                        "Not enough stock, and backordering needs the "
                        "inventory:backorder permission (available: "
                        f"{format_quantity(choice.warehouse.available)}).",
                        path,
                        _shortfall_params(request, index, [choice.warehouse], code),
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


async def _sku_codes(actor: Actor, requests: Sequence[ReservationRequest]) -> dict[uuid.UUID, str]:
    """The SKUs' codes, for errors that name a line (read only when a line is short)."""
    skus = await catalog.skus_by_id(actor, [r.sku_id for r in requests])
    return {sku.id: sku.code for sku in skus if sku is not None}


async def _check_skus_exist(actor: Actor, lines: list[_Planned]) -> None:
    """A backorder may be the first stock row of a SKU: it must be one of the tenant's."""
    skus = await catalog.skus_by_id(actor, [line.request.sku_id for line in lines])
    raise_if(
        [
            UserError(
                InventoryErrorCode.UNKNOWN_SKU,
                "No such SKU.",
                _field_path(line.request, line.index, "skuId"),
            )
            for line, sku in zip(lines, skus, strict=True)
            if sku is None
        ]
    )


async def reserve(
    actor: Actor, requests: list[ReservationRequest], allow_backorder: bool
) -> list[ledger.Reserved]:
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
) -> list[ledger.Reserved]:
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
        if not violates(error, "uq_stock_reservations_active_reference"):
            raise
        raise BusinessRuleError.single(
            InventoryErrorCode.ALREADY_RESERVED,
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
            InventoryErrorCode.NOT_RESERVED, "Nothing is reserved for this line.", "quantity"
        )
    reservation = reservations[0]
    if quantity > reservation.reserved:
        raise BusinessRuleError.single(
            InventoryErrorCode.INSUFFICIENT_RESERVATION,
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


# --- previews ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where a line would be reserved now. `fills`: the warehouse the rule picks has enough
    (`available` is what it has); otherwise no warehouse has, and `available` is the most
    one warehouse (`warehouse_code`) has. No active warehouse at all: code None, 0."""

    warehouse_code: str | None
    available: Decimal
    fills: bool


async def _available_levels(actor: Actor, sku_ids: set[uuid.UUID]) -> dict[LevelKey, Decimal]:
    rows = await actor.session.execute(
        select(
            StockLevel.warehouse_id, StockLevel.sku_id, StockLevel.on_hand - StockLevel.reserved
        ).where(StockLevel.tenant_id == actor.tenant_id, StockLevel.sku_id.in_(sku_ids))
    )
    return {(warehouse_id, sku_id): amount for warehouse_id, sku_id, amount in rows}


def _placement(
    choice: allocation.Choice | None, pool: list[allocation.WarehouseStock]
) -> Placement:
    if choice is None:
        return Placement(None, ZERO, fills=False)
    if choice.fills:
        return Placement(choice.warehouse.code, choice.warehouse.available, fills=True)
    best = max(pool, key=lambda c: (c.available, -c.priority))
    return Placement(best.code, best.available, fills=False)


async def preview_placement(
    actor: Actor, requests: Sequence[ReservationRequest]
) -> list[Placement]:
    """Where `reserve` would place each line now, by the same warehouse rule, without
    locking or writing anything: order entry's hints (stock may move before the order is
    reserved). Lines are placed in order, so two lines of one SKU never count the same
    stock twice."""
    return (await preview_placements(actor, [requests]))[0]


async def preview_placements(
    actor: Actor, groups: Sequence[Sequence[ReservationRequest]]
) -> list[list[Placement]]:
    """`preview_placement` for several orders at once (one read of warehouses and levels):
    each group is placed on its own, as if it were the only one reserved now."""
    requests = [r for group in groups for r in group]
    if not requests:
        return [[] for _ in groups]
    warehouses = await _active_warehouses(actor)
    levels = await _available_levels(actor, {r.sku_id for r in requests})
    return [_place_group(warehouses, dict(levels), group) for group in groups]


def _place_group(
    warehouses: Sequence[Warehouse],
    available: dict[LevelKey, Decimal],
    requests: Sequence[ReservationRequest],
) -> list[Placement]:
    placements = []
    for request in requests:
        pool = _candidates(warehouses, request, available)
        choice = allocation.choose_warehouse(pool, request.quantity, request.region)
        placements.append(_placement(choice, pool))
        if choice is not None:
            key = (choice.warehouse.warehouse_id, request.sku_id)
            available[key] = available.get(key, ZERO) - min(
                request.quantity, max(choice.warehouse.available, ZERO)
            )
    return placements
