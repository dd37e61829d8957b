"""Which warehouse serves an order line: one pure, documented rule (docs/inventory.md).

1. An explicit warehouse chosen by the caller wins (the caller passes only that one here).
2. Otherwise, among warehouses serving the customer's region, the first by priority that
   can fill the whole line.
3. Otherwise, the first warehouse by priority, serving the region or not, that can fill it.
4. Otherwise nobody can fill it: the line can only be backordered, in the first warehouse
   by priority that serves the region, or the first overall when none serves it.

"By priority" means the lower priority number first, then the warehouse code. A line is
never split across warehouses.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class WarehouseStock:
    """What the rule knows of one active warehouse for the line's SKU."""

    warehouse_id: uuid.UUID
    code: str
    regions: tuple[str, ...]
    priority: int
    available: Decimal


@dataclass(frozen=True)
class Choice:
    """The chosen warehouse; `fills` is False when it can only backorder the line."""

    warehouse: WarehouseStock
    fills: bool


def normalize_region(region: str) -> str:
    return region.strip().upper()


def serves(warehouse: WarehouseStock, region: str | None) -> bool:
    if region is None or not region.strip():
        return False
    wanted = normalize_region(region)
    return any(normalize_region(r) == wanted for r in warehouse.regions)


def by_priority(warehouses: Sequence[WarehouseStock]) -> list[WarehouseStock]:
    return sorted(warehouses, key=lambda w: (w.priority, w.code))


def choose_warehouse(
    candidates: Sequence[WarehouseStock], quantity: Decimal, region: str | None
) -> Choice | None:
    """Apply steps 2 to 4 to `candidates`; None when there is no warehouse at all."""
    ranked = by_priority(candidates)
    serving = [w for w in ranked if serves(w, region)]
    for group in (serving, ranked):
        for warehouse in group:
            if warehouse.available >= quantity:
                return Choice(warehouse, fills=True)
    fallback = serving or ranked
    return Choice(fallback[0], fills=False) if fallback else None
