"""The warehouse's GraphQL type, which other domains' schemas (shipments) refer to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import inventory.services as inventory
from core.gql.types import from_row, resolve_by_ids
from inventory.models import Warehouse


@strawberry.type(name="Warehouse", description="A place stock is kept.")
class WarehouseType(relay.Node):
    id: relay.NodeID[str]
    code: str = strawberry.field(description="Short code, unique in the tenant (upper case).")
    name: str = strawberry.field(description="Display name.")
    regions: list[str] = strawberry.field(
        description="Customer regions it serves (upper case); the warehouse rule prefers "
        "warehouses serving the customer's region."
    )
    priority: int = strawberry.field(
        description="Lower numbers are chosen first among warehouses that qualify equally."
    )
    active: bool = strawberry.field(description="Inactive warehouses take no new reservations.")
    created_at: datetime = strawberry.field(description="When the warehouse was created.")

    @classmethod
    def of(cls, warehouse: Warehouse) -> WarehouseType:
        return from_row(cls, warehouse)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, inventory.warehouses_by_id, cls.of, required)
