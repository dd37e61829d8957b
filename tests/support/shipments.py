"""Shipping what was ordered."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import TenantSession
from tests.support.orders import Shop, acted, created, order_input

SHIPMENT_FIELDS = """id number status carrier trackingNumber note shippedAt deliveredAt
  warehouse { code } lines { quantity orderLine { id lineNo skuCode } }"""
SHIPPED_ORDER_FIELDS = f"""id number status version lines {{ id skuCode quantity reservedQuantity
  shippedQuantity }} statusHistory {{ fromStatus toStatus action }} carrier trackingNumber
  shipments {{ {SHIPMENT_FIELDS} }}"""
CREATE_SHIPMENT = f"""mutation CreateShipment($input: CreateShipmentInput!) {{
  createShipment(input: $input) {{ shipment {{ {SHIPMENT_FIELDS} }}
    order {{ {SHIPPED_ORDER_FIELDS} }} userErrors {{ field code message }} }} }}"""


def ready_order(
    shop: Shop, *lines: tuple[str, str], customer_id: str | None = None
) -> dict[str, Any]:
    """A submitted order walked to Ready to Ship (paid first, as most customers)."""
    data = order_input(shop, *lines, submit=True)
    if customer_id:
        data["customerId"] = customer_id
    order = created(shop.owner, data)
    for action in ("REQUEST_PAYMENT", "MARK_PAID", "MARK_READY_TO_SHIP"):
        order = acted(shop.owner, order["id"], action)
    assert order["status"] == "READY_TO_SHIP"
    return order


def ship(
    session: TenantSession, order: dict[str, Any], *lines: tuple[int, str], **fields: Any
) -> dict[str, Any]:
    """createShipment of (line index, quantity) pairs; the whole payload."""
    payload: dict[str, Any] = session.client.data(
        CREATE_SHIPMENT,
        {
            "input": {
                "orderId": order["id"],
                "carrier": "DHL",
                "trackingNumber": "JD0001",
                **fields,
                "lines": [
                    {"orderLineId": order["lines"][i]["id"], "quantity": q} for i, q in lines
                ],
            }
        },
    )["createShipment"]
    return payload


def shipped(
    session: TenantSession, order: dict[str, Any], *lines: tuple[int, str], **fields: Any
) -> dict[str, Any]:
    payload = ship(session, order, *lines, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload
