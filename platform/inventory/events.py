"""Inventory's events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from core.event_types import Event, event


@event("inventory.low_stock")
@dataclass(frozen=True)
class LowStock(Event):
    """Available stock of a SKU in a warehouse dropped to or below its threshold."""

    warehouse_id: uuid.UUID
    sku_id: uuid.UUID
    available: Decimal
    threshold: Decimal
