"""GraphQL for inventory: warehouses, stock levels, the movement ledger and reservations
(read-only here: orders reserve, release and ship through the services)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import catalog.services as catalog
import identity.services as identity
import inventory.services as inventory
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    from_row,
    global_id,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from identity import UserType
from inventory.errors import InventoryErrorCode
from inventory.ledger import MovementKind, ReservationStatus
from inventory.models import Reservation, StockLevel, StockMovement, Warehouse
from inventory.schema_types import WarehouseType as WarehouseType

if TYPE_CHECKING:
    from identity.models import User

SKU_TYPE = "Sku"


strawberry.enum(MovementKind, name="StockMovementKind", description="What changed a stock level.")
strawberry.enum(
    ReservationStatus,
    name="StockReservationStatus",
    description="Whether a reservation still holds stock.",
)

WarehouseError = user_error_type(
    "WarehouseError", InventoryErrorCode, description="Why a change to a warehouse was refused."
)
StockError = user_error_type(
    "StockError", InventoryErrorCode, description="Why a change to stock was refused."
)


# --- loaders -------------------------------------------------------------------------------


async def _load_warehouses(actor: Actor, ids: list[uuid.UUID]) -> list[Warehouse | None]:
    return await inventory.warehouses_by_id(actor, ids)


async def _load_sku_codes(actor: Actor, ids: list[uuid.UUID]) -> list[str | None]:
    return [sku.code if sku else None for sku in await catalog.skus_by_id(actor, ids)]


async def _load_users(actor: Actor, ids: list[uuid.UUID]) -> list[User | None]:
    return await identity.users_by_id(actor, ids)


async def _warehouse(info: Info, warehouse_id: uuid.UUID) -> WarehouseType | None:
    loader = context_of(info).loader(_load_warehouses)
    warehouse = await loader.load(warehouse_id)
    return WarehouseType.of(warehouse) if warehouse else None


async def _sku_code(info: Info, sku_id: uuid.UUID) -> str | None:
    loader = context_of(info).loader(_load_sku_codes)
    code: str | None = await loader.load(sku_id)
    return code


# --- types ---------------------------------------------------------------------------------


def _level_node_id(warehouse_id: uuid.UUID, sku_id: uuid.UUID) -> str:
    return f"{warehouse_id}.{sku_id}"


def _parse_level_node_id(node_id: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    warehouse, _, sku = str(node_id).partition(".")
    try:
        return uuid.UUID(warehouse), uuid.UUID(sku)
    except ValueError:
        return None


@strawberry.type(name="StockLevel", description="Stock of one SKU in one warehouse.")
class StockLevelType(relay.Node):
    id: relay.NodeID[str]
    sku_id: strawberry.ID = strawberry.field(description="Global id of the Sku.")
    on_hand: Decimal = strawberry.field(description="Physically in the warehouse.")
    reserved: Decimal = strawberry.field(description="Held out of on hand for reservations.")
    available: Decimal = strawberry.field(
        description="On hand minus reserved: what new reservations may take; never negative."
    )
    backordered: Decimal = strawberry.field(
        description="What reservations still wait for beyond the stock; filled by receipts."
    )
    low_stock_threshold: Decimal | None = strawberry.field(
        description="Available stock at or below it is low; null: no alert."
    )
    is_low: bool = strawberry.field(description="Available stock is at or below the threshold.")
    updated_at: datetime = strawberry.field(description="When the level last changed.")
    warehouse_id: strawberry.Private[uuid.UUID]
    sku_row_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The warehouse holding the stock.")
    async def warehouse(self, info: Info) -> WarehouseType | None:
        return await _warehouse(info, self.warehouse_id)

    @strawberry.field(description="The SKU's code.")
    async def sku_code(self, info: Info) -> str | None:
        return await _sku_code(info, self.sku_row_id)

    @classmethod
    def of(cls, level: StockLevel) -> StockLevelType:
        threshold = level.low_stock_threshold
        return from_row(
            cls,
            level,
            id=_level_node_id(level.warehouse_id, level.sku_id),
            sku_id=strawberry.ID(str(global_id(SKU_TYPE, level.sku_id))),
            is_low=threshold is not None and level.available <= threshold,
            warehouse_id=level.warehouse_id,
            sku_row_id=level.sku_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        keys = [_parse_level_node_id(node_id) for node_id in node_ids]
        actor = await context_of(info).reader()
        valid = [key for key in keys if key is not None]
        rows = await inventory.stock_levels_by_key(actor, valid)
        found = {(r.warehouse_id, r.sku_id): r for r in rows if r is not None}
        result = [cls.of(found[key]) if key in found else None for key in keys]
        if required and any(r is None for r in result):
            raise NotFound()
        return result


@strawberry.type(
    name="StockMovement", description="One entry of the stock ledger; never changed once written."
)
class StockMovementType(relay.Node):
    id: relay.NodeID[str]
    kind: MovementKind = strawberry.field(description="What changed the level.")
    sku_id: strawberry.ID = strawberry.field(description="Global id of the Sku.")
    on_hand_delta: Decimal = strawberry.field(description="Change of on hand.")
    reserved_delta: Decimal = strawberry.field(description="Change of reserved.")
    backordered_delta: Decimal = strawberry.field(description="Change of backordered.")
    reason: str | None = strawberry.field(description="Why, for receipts and adjustments.")
    reference_type: str | None = strawberry.field(
        description="What the change is for, e.g. order_line."
    )
    reference_id: str | None = strawberry.field(
        description="Id of what the change is for (e.g. the order line's row id)."
    )
    actor_kind: str | None = strawberry.field(
        description="staff, api_client or portal; null for the system."
    )
    created_at: datetime = strawberry.field(description="When it happened.")
    warehouse_id: strawberry.Private[uuid.UUID]
    sku_row_id: strawberry.Private[uuid.UUID]
    actor_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The warehouse whose stock changed.")
    async def warehouse(self, info: Info) -> WarehouseType | None:
        return await _warehouse(info, self.warehouse_id)

    @strawberry.field(description="The SKU's code.")
    async def sku_code(self, info: Info) -> str | None:
        return await _sku_code(info, self.sku_row_id)

    @strawberry.field(description="The staff user who made the change, when one did.")
    async def actor(self, info: Info) -> UserType | None:
        if self.actor_id is None or self.actor_kind != "staff":
            return None
        user = await context_of(info).loader(_load_users).load(self.actor_id)
        return UserType.of(user) if user else None

    @classmethod
    def of(cls, movement: StockMovement) -> StockMovementType:
        return from_row(
            cls,
            movement,
            kind=MovementKind(movement.kind),
            sku_id=strawberry.ID(str(global_id(SKU_TYPE, movement.sku_id))),
            reference_id=str(movement.reference_id) if movement.reference_id else None,
            warehouse_id=movement.warehouse_id,
            sku_row_id=movement.sku_id,
            actor_id=movement.actor_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, inventory.movements_by_id, cls.of, required)


@strawberry.type(
    name="StockReservation", description="Stock held for one reference (an order line)."
)
class StockReservationType(relay.Node):
    id: relay.NodeID[str]
    reference_type: str = strawberry.field(description="What holds it, e.g. order_line.")
    reference_id: str = strawberry.field(description="Row id of what holds it.")
    sku_id: strawberry.ID = strawberry.field(description="Global id of the Sku.")
    quantity: Decimal = strawberry.field(description="Quantity asked for.")
    reserved: Decimal = strawberry.field(description="Held out of on hand, not yet shipped.")
    backordered: Decimal = strawberry.field(description="Still waiting for stock.")
    consumed: Decimal = strawberry.field(description="Shipped.")
    status: ReservationStatus = strawberry.field(description="active, released or consumed.")
    created_at: datetime = strawberry.field(description="When it was made.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    warehouse_id: strawberry.Private[uuid.UUID]
    sku_row_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The warehouse the stock is held in.")
    async def warehouse(self, info: Info) -> WarehouseType | None:
        return await _warehouse(info, self.warehouse_id)

    @strawberry.field(description="The SKU's code.")
    async def sku_code(self, info: Info) -> str | None:
        return await _sku_code(info, self.sku_row_id)

    @classmethod
    def of(cls, reservation: Reservation) -> StockReservationType:
        return from_row(
            cls,
            reservation,
            reference_id=str(reservation.reference_id),
            sku_id=strawberry.ID(str(global_id(SKU_TYPE, reservation.sku_id))),
            status=ReservationStatus(reservation.status),
            warehouse_id=reservation.warehouse_id,
            sku_row_id=reservation.sku_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, inventory.reservations_by_id, cls.of, required)


# --- inputs and payloads -------------------------------------------------------------------


@strawberry.input(description="A new warehouse.")
class CreateWarehouseInput:
    code: str = strawberry.field(description="Short code, unique in the tenant.")
    name: str = strawberry.field(description="Display name.")
    regions: list[str] = strawberry.field(
        default_factory=list, description="Customer regions it serves."
    )
    priority: int = strawberry.field(default=100, description="Lower is chosen first (0 to 10000).")
    active: bool = strawberry.field(default=True, description="Whether it takes new reservations.")


@strawberry.input(description="Changes to a warehouse; omitted fields stay as they are.")
class UpdateWarehouseInput:
    warehouse_id: strawberry.ID = strawberry.field(description="Global id of the warehouse.")
    code: str | None = strawberry.field(default=None, description="New code.")
    name: str | None = strawberry.field(default=None, description="New name.")
    regions: list[str] | None = strawberry.field(
        default=None, description="New regions (replace all)."
    )
    priority: int | None = strawberry.field(default=None, description="New priority.")
    active: bool | None = strawberry.field(default=None, description="Activate or retire.")


@strawberry.input(description="Goods received into a warehouse.")
class ReceiveStockInput:
    warehouse_id: strawberry.ID = strawberry.field(description="Global id of the warehouse.")
    sku_id: strawberry.ID = strawberry.field(description="Global id of the Sku.")
    quantity: Decimal = strawberry.field(
        description="Quantity received (above zero, at most 3 decimals)."
    )
    reason: str = strawberry.field(description="Why, e.g. the supplier's delivery note.")


@strawberry.input(description="A correction of on-hand stock.")
class AdjustStockInput:
    warehouse_id: strawberry.ID = strawberry.field(description="Global id of the warehouse.")
    sku_id: strawberry.ID = strawberry.field(description="Global id of the Sku.")
    delta: Decimal = strawberry.field(
        description="Change of on hand, positive or negative; "
        "on hand never drops below what is reserved."
    )
    reason: str = strawberry.field(description="Why, e.g. stock count or damage.")


@strawberry.input(description="The low-stock threshold of a SKU in a warehouse.")
class SetLowStockThresholdInput:
    warehouse_id: strawberry.ID = strawberry.field(description="Global id of the warehouse.")
    sku_id: strawberry.ID = strawberry.field(description="Global id of the Sku.")
    threshold: Decimal | None = strawberry.field(
        default=None,
        description="Alert when available stock drops to it or below; null removes the alert.",
    )


@strawberry.type(description="Result of a mutation that changes a warehouse.")
class WarehousePayload:
    warehouse: WarehouseType | None = strawberry.field(
        description="The warehouse after the change."
    )
    user_errors: list[UserErrorType] = error_list_field(WarehouseError)


@strawberry.type(description="Result of a mutation that changes a stock level.")
class StockLevelPayload:
    stock_level: StockLevelType | None = strawberry.field(description="The level after the change.")
    user_errors: list[UserErrorType] = error_list_field(StockError)


def _optional_id(value: strawberry.ID | None, type_name: str) -> uuid.UUID | None:
    return decode_id(value, type_name) if value is not None else None


def _reference_id(value: str) -> uuid.UUID:
    """A row id, or the global id of the object holding the reservation."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return decode_id(value)


# --- queries and mutations -----------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(
        description="Warehouses in the order the warehouse rule tries them: "
        "priority, then code (warehouses:read or inventory:read)."
    )
    async def warehouses(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        active_only: bool = False,
    ) -> Connection[WarehouseType]:
        actor = await context_of(info).reader()
        page = await inventory.list_warehouses(actor, active_only, first, after)
        return to_connection(page, WarehouseType.of)

    @strawberry.field(
        description="Stock levels by warehouse then SKU (inventory:read); "
        "`lowStockOnly` keeps those at or below their threshold."
    )
    async def stock_levels(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        warehouse_id: strawberry.ID | None = None,
        sku_id: strawberry.ID | None = None,
        low_stock_only: bool = False,
    ) -> Connection[StockLevelType]:
        flt = inventory.StockFilter(
            warehouse_id=_optional_id(warehouse_id, "Warehouse"),
            sku_id=_optional_id(sku_id, SKU_TYPE),
            low_stock_only=low_stock_only,
        )
        actor = await context_of(info).reader()
        page = await inventory.list_stock_levels(actor, flt, first, after)
        return to_connection(page, StockLevelType.of)

    @strawberry.field(description="The stock ledger, newest first (inventory:read).")
    async def stock_movements(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        sku_id: strawberry.ID | None = None,
        warehouse_id: strawberry.ID | None = None,
    ) -> Connection[StockMovementType]:
        flt = inventory.MovementFilter(
            warehouse_id=_optional_id(warehouse_id, "Warehouse"),
            sku_id=_optional_id(sku_id, SKU_TYPE),
        )
        actor = await context_of(info).reader()
        page = await inventory.list_movements(actor, flt, first, after)
        return to_connection(page, StockMovementType.of)

    @strawberry.field(
        description="Every reservation a reference (e.g. an order line, by row "
        "id or global id) has had, oldest first (inventory:read)."
    )
    async def stock_reservations(self, info: Info, reference_id: str) -> list[StockReservationType]:
        row_id = _reference_id(reference_id)
        actor = await context_of(info).reader()
        return [StockReservationType.of(r) for r in await inventory.reservations_of(actor, row_id)]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Create a warehouse (warehouses:write).")
    async def create_warehouse(self, info: Info, input: CreateWarehouseInput) -> WarehousePayload:
        data = inventory.WarehouseInput(
            code=input.code,
            name=input.name,
            regions=list(input.regions),
            priority=input.priority,
            active=input.active,
        )
        outcome = await run_mutation(info, lambda actor: inventory.create_warehouse(actor, data))
        return payload_of(WarehousePayload, outcome, WarehouseType.of)

    @strawberry.mutation(
        description="Change a warehouse's code, name, regions, priority or "
        "active flag (warehouses:write)."
    )
    async def update_warehouse(self, info: Info, input: UpdateWarehouseInput) -> WarehousePayload:
        warehouse_id = decode_id(input.warehouse_id, "Warehouse")
        changes = inventory.WarehouseChanges(
            code=input.code,
            name=input.name,
            regions=list(input.regions) if input.regions is not None else None,
            priority=input.priority,
            active=input.active,
        )
        outcome = await run_mutation(
            info, lambda actor: inventory.update_warehouse(actor, warehouse_id, changes)
        )
        return payload_of(WarehousePayload, outcome, WarehouseType.of)

    @strawberry.mutation(
        description="Record goods received (inventory:write); waiting "
        "backorders are filled from it, oldest first."
    )
    async def receive_stock(self, info: Info, input: ReceiveStockInput) -> StockLevelPayload:
        warehouse_id = decode_id(input.warehouse_id, "Warehouse")
        sku_id = decode_id(input.sku_id, SKU_TYPE)
        outcome = await run_mutation(
            info,
            lambda actor: inventory.receive_stock(
                actor, warehouse_id, sku_id, input.quantity, input.reason
            ),
        )
        return payload_of(StockLevelPayload, outcome, StockLevelType.of)

    @strawberry.mutation(
        description="Correct on-hand stock up or down with a reason "
        "(inventory:write); NEGATIVE_STOCK when it would drop below what is "
        "reserved."
    )
    async def adjust_stock(self, info: Info, input: AdjustStockInput) -> StockLevelPayload:
        warehouse_id = decode_id(input.warehouse_id, "Warehouse")
        sku_id = decode_id(input.sku_id, SKU_TYPE)
        outcome = await run_mutation(
            info,
            lambda actor: inventory.adjust_stock(
                actor, warehouse_id, sku_id, input.delta, input.reason
            ),
        )
        return payload_of(StockLevelPayload, outcome, StockLevelType.of)

    @strawberry.mutation(
        description="Set or clear the low-stock threshold of a SKU in a "
        "warehouse (inventory:write)."
    )
    async def set_low_stock_threshold(
        self, info: Info, input: SetLowStockThresholdInput
    ) -> StockLevelPayload:
        warehouse_id = decode_id(input.warehouse_id, "Warehouse")
        sku_id = decode_id(input.sku_id, SKU_TYPE)
        outcome = await run_mutation(
            info,
            lambda actor: inventory.set_low_stock_threshold(
                actor, warehouse_id, sku_id, input.threshold
            ),
        )
        return payload_of(StockLevelPayload, outcome, StockLevelType.of)
