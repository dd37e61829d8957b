"""Orders entered by staff, and the shop that sells to them: a tenant with a warehouse, two
stocked SKUs and a customer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tests.support.catalog import create_sku
from tests.support.graphql import GraphQLClient, TenantSession, sign_up
from tests.support.inventory import amounts, create_warehouse, level_of, receive

LINE_FIELDS = """id lineNo sku { code } skuCode quantity unitPrice { amount currency }
  priceSource priceSourceLabel discountPercent taxRate lineSubtotal { amount }
  discountAmount { amount } taxAmount { amount } lineTotal { amount } reservedQuantity
  shippedQuantity"""
ORDER_FIELDS = f"""id number status channel externalRef version currency priority tags notes
  requestedDeliveryDate carrier trackingNumber
  subtotal {{ amount currency }} discountTotal {{ amount }} taxTotal {{ amount }}
  total {{ amount currency }} customer {{ id name }} shipTo {{ recipient city country }}
  lines {{ {LINE_FIELDS} }}
  statusHistory {{ fromStatus toStatus action actorLabel note }}
  availableTransitions {{ action label toStatus }}"""
CREATE_ORDER = f"""mutation CreateOrder($input: CreateOrderInput!) {{
  createOrder(input: $input) {{ order {{ {ORDER_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
TRANSITION = f"""mutation Transition($input: TransitionOrderInput!) {{
  transitionOrder(input: $input) {{ order {{ {ORDER_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
ORDER_NODE = (
    f"""query Node($id: ID!) {{ node(id: $id) {{ id ... on Order {{ {ORDER_FIELDS} }} }} }}"""
)
CREATE_CUSTOMER_WITH_ADDRESSES = """mutation C($input: CreateCustomerInput!) {
  createCustomer(input: $input) { customer { id addresses { id kind } }
    userErrors { field code } } }"""
ADDRESS = {
    "kind": "SHIP_TO",
    "recipient": "Dock 4",
    "line1": "1 Harbour Rd",
    "city": "Bremen",
    "country": "de",
}


@dataclass
class Shop:
    """A tenant with a customer, two SKUs (10.00, cost 6.00, tax 10 %) and stock."""

    owner: TenantSession
    customer_id: str
    sku_id: str
    other_sku_id: str
    warehouse_id: str


def customer(session: TenantSession, name: str = "Harbour Supplies", **fields: Any) -> str:
    payload = session.client.data(
        CREATE_CUSTOMER_WITH_ADDRESSES,
        {"input": {"name": name, "addresses": [ADDRESS], **fields}},
    )["createCustomer"]
    assert payload["userErrors"] == [], payload["userErrors"]
    customer_id: str = payload["customer"]["id"]
    return customer_id


def open_shop(api: GraphQLClient, stock: str = "100") -> Shop:
    owner = sign_up(api, name="Harbour Trading")
    warehouse_id = create_warehouse(owner, "MAIN")
    sku_id, other_sku_id = create_sku(owner, "BOLT"), create_sku(owner, "NUT")
    for item in (sku_id, other_sku_id):
        receive(owner, warehouse_id, item, stock)
    return Shop(owner, customer(owner), sku_id, other_sku_id, warehouse_id)


def order_input(shop: Shop, *lines: tuple[str, str], **fields: Any) -> dict[str, Any]:
    return {
        "customerId": shop.customer_id,
        **fields,
        "lines": [{"skuId": s, "quantity": q} for s, q in lines],
    }


def create(session: TenantSession, data: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(CREATE_ORDER, {"input": data})["createOrder"]
    return payload


def created(session: TenantSession, data: dict[str, Any]) -> dict[str, Any]:
    payload = create(session, data)
    assert payload["userErrors"] == [], payload["userErrors"]
    order: dict[str, Any] = payload["order"]
    return order


def confirmed_order(
    session: TenantSession, shop: Shop, customer_id: str | None = None, quantity: str = "3"
) -> dict[str, Any]:
    """A submitted, so confirmed, order of `quantity` of the shop's first SKU."""
    data = order_input(shop, (shop.sku_id, quantity), submit=True)
    if customer_id:
        data["customerId"] = customer_id
    order = created(session, data)
    assert order["status"] == "CONFIRMED", order
    return order


def act(session: TenantSession, order_id: str, action: str, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        TRANSITION, {"input": {"orderId": order_id, "action": action, **fields}}
    )["transitionOrder"]
    return payload


def acted(session: TenantSession, order_id: str, action: str, **fields: Any) -> dict[str, Any]:
    payload = act(session, order_id, action, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    order: dict[str, Any] = payload["order"]
    return order


def stock(shop: Shop, sku_id: str) -> tuple[Decimal | None, ...]:
    """(on hand, reserved, available, backordered) in the shop's warehouse."""
    return amounts(level_of(shop.owner, shop.warehouse_id, sku_id))
