"""Inventory use cases — inventory's public face, each use case living in its own module:
warehouses (`warehouses`), receipts, adjustments and thresholds (`stock_changes`),
reservations for orders (`reservations`) and what is available where (`stock_reads`). How
levels are locked and changed is in `inventory.ledger`.

Other domains call, in their own unit of work:

* `reserve(actor, requests, allow_backorder)`: all lines of one order or none;
* `release(actor, reference_ids)`: give back what is still held (idempotent);
* `consume(actor, reference_id, quantity)`: ship reserved stock;
* `preview_placement(actor, requests)`: where `reserve` would place lines now (no locks);
  `preview_placements(actor, groups)` the same for several orders in one read;
* `availability(actor, sku_ids, warehouse_id=None)`: stock per SKU over warehouses;
* `best_availability(actor, sku_ids, action)`: the portal's stock hints (`access.PORTAL`);
* `get_warehouse(actor, warehouse_id)`: a warehouse of the tenant (e.g. a shipment's).

Reservations are made on behalf of the caller's own use case (orders), which checks its
own permissions first; only backordering asks for `inventory:backorder` here.
"""

from __future__ import annotations

from inventory.ledger import MovementKind, Reference, ReservationStatus
from inventory.reservations import (
    Placement,
    ReservationRequest,
    consume,
    preview_placement,
    preview_placements,
    release,
    reserve,
)
from inventory.stock_changes import adjust_stock, receive_stock, set_low_stock_threshold
from inventory.stock_reads import (
    BestAvailability,
    MovementFilter,
    SkuAvailability,
    StockFilter,
    WarehouseAvailability,
    availability,
    best_availability,
    list_movements,
    list_stock_levels,
    movements_by_id,
    reservations_by_id,
    reservations_of,
    stock_levels_by_key,
)
from inventory.warehouses import (
    WarehouseChanges,
    WarehouseInput,
    create_warehouse,
    get_warehouse,
    list_warehouses,
    update_warehouse,
    warehouse_names,
    warehouses_by_id,
)

__all__ = [
    "BestAvailability",
    "MovementFilter",
    "MovementKind",
    "Placement",
    "Reference",
    "ReservationRequest",
    "ReservationStatus",
    "SkuAvailability",
    "StockFilter",
    "WarehouseAvailability",
    "WarehouseChanges",
    "WarehouseInput",
    "adjust_stock",
    "availability",
    "best_availability",
    "consume",
    "create_warehouse",
    "get_warehouse",
    "list_movements",
    "list_stock_levels",
    "list_warehouses",
    "movements_by_id",
    "preview_placement",
    "preview_placements",
    "receive_stock",
    "release",
    "reservations_by_id",
    "reservations_of",
    "reserve",
    "set_low_stock_threshold",
    "stock_levels_by_key",
    "update_warehouse",
    "warehouse_names",
    "warehouses_by_id",
]
