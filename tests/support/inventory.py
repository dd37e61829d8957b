"""Warehouses and stock, through the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.support.graphql import TenantSession

WAREHOUSE_FIELDS = "id code name regions priority active createdAt"
CREATE_WAREHOUSE = f"""mutation CreateWarehouse($input: CreateWarehouseInput!) {{
  createWarehouse(input: $input) {{ warehouse {{ {WAREHOUSE_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
LEVEL_FIELDS = """id skuId skuCode onHand reserved available backordered lowStockThreshold isLow
  warehouse { id code }"""
RECEIVE = f"""mutation Receive($input: ReceiveStockInput!) {{
  receiveStock(input: $input) {{ stockLevel {{ {LEVEL_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
LEVELS = f"""query StockLevels($warehouseId: ID, $skuId: ID, $lowStockOnly: Boolean,
    $first: Int, $after: String) {{
  stockLevels(warehouseId: $warehouseId, skuId: $skuId, lowStockOnly: $lowStockOnly,
              first: $first, after: $after) {{
    edges {{ node {{ {LEVEL_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
MOVEMENTS = """query Movements($skuId: ID, $warehouseId: ID) {
  stockMovements(skuId: $skuId, warehouseId: $warehouseId, first: 100) { edges { node {
    id kind onHandDelta reservedDelta backorderedDelta reason referenceType referenceId
    actorKind actor { email } skuCode warehouse { code } } } } }"""


def qty(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def create_warehouse(
    session: TenantSession, code: str, regions: list[str] | None = None, priority: int = 100
) -> str:
    payload = session.client.data(
        CREATE_WAREHOUSE,
        {
            "input": {
                "code": code,
                "name": f"Warehouse {code}",
                "regions": regions or [],
                "priority": priority,
            }
        },
    )["createWarehouse"]
    assert payload["userErrors"] == [], payload["userErrors"]
    warehouse_id: str = payload["warehouse"]["id"]
    return warehouse_id


def receive(
    session: TenantSession,
    warehouse_id: str,
    sku_id: str,
    quantity: str,
    reason: str = "delivery note 4711",
) -> dict[str, Any]:
    payload = session.client.data(
        RECEIVE,
        {
            "input": {
                "warehouseId": warehouse_id,
                "skuId": sku_id,
                "quantity": quantity,
                "reason": reason,
            }
        },
    )["receiveStock"]
    assert payload["userErrors"] == [], payload["userErrors"]
    level: dict[str, Any] = payload["stockLevel"]
    return level


def level_of(session: TenantSession, warehouse_id: str, sku_id: str) -> dict[str, Any]:
    edges = session.client.data(LEVELS, {"warehouseId": warehouse_id, "skuId": sku_id})[
        "stockLevels"
    ]["edges"]
    assert len(edges) == 1, edges
    node: dict[str, Any] = edges[0]["node"]
    return node


def amounts(level: dict[str, Any]) -> tuple[Decimal | None, ...]:
    """(on hand, reserved, available, backordered)."""
    return tuple(qty(level[k]) for k in ("onHand", "reserved", "available", "backordered"))
