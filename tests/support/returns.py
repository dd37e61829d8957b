"""Returns (RMA) through GraphQL: delivered orders to return from, the documents staff and
the portal send, and helpers that ask for returns and move them on."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx

from tests.support.api_clients import create_client
from tests.support.graphql import GraphQLClient, TenantSession
from tests.support.orders import Shop, acted, created, order_input
from tests.support.payments import paid_in_full, scheduled
from tests.support.shipments import ready_order, shipped

LINE_FIELDS = """id lineNo skuCode description quantity reason comment unitPrice { amount }
  receivedQuantity inspectedQuantity quarantinedQuantity orderLine { id lineNo }
  inspections { quantity grade disposition note warehouse { code } stockedSku { code } }"""
RETURN_FIELDS = f"""id number status wish channel declineReason ticketId createdAt
  approvedAt declinedAt receivedAt inspectedAt resolvedAt closedAt cancelledAt
  customer {{ id name }} order {{ id number }} lines {{ {LINE_FIELDS} }}"""
PAYLOAD = f"return {{ {RETURN_FIELDS} }} userErrors {{ field code message }}"
CREATE_RETURN = f"""mutation CreateReturn($input: CreateReturnInput!) {{
  createReturn(input: $input) {{ {PAYLOAD} }} }}"""
APPROVE = f"""mutation Approve($id: ID!) {{ approveReturn(returnId: $id) {{ {PAYLOAD} }} }}"""
DECLINE = f"""mutation Decline($input: DeclineReturnInput!) {{
  declineReturn(input: $input) {{ {PAYLOAD} }} }}"""
RECEIVE = f"""mutation Receive($input: ReceiveReturnInput!) {{
  receiveReturn(input: $input) {{ {PAYLOAD} }} }}"""
INSPECT = f"""mutation Inspect($input: InspectReturnLineInput!) {{
  inspectReturnLine(input: $input) {{ {PAYLOAD} }} }}"""
RESOLVE = f"""mutation Resolve($id: ID!) {{ resolveReturn(returnId: $id) {{ {PAYLOAD} }} }}"""
CLOSE = f"""mutation Close($id: ID!) {{ closeReturn(returnId: $id) {{ {PAYLOAD} }} }}"""
CANCEL = f"""mutation Cancel($id: ID!) {{ cancelReturn(returnId: $id) {{ {PAYLOAD} }} }}"""
RETURN = f"""query Return($id: ID!) {{ return(id: $id) {{ {RETURN_FIELDS} }} }}"""
RETURN_NODE = f"""query Node($id: ID!) {{ node(id: $id) {{ id ... on Return {{
  {RETURN_FIELDS} }} }} }}"""
BY_NUMBER = """query ByNumber($number: String!) { returnByNumber(number: $number) {
  id number } }"""
RETURNS = """query Returns($filter: ReturnFilterInput, $first: Int, $after: String) {
  returns(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id number status } } pageInfo { hasNextPage endCursor } } }"""
ORDER_RETURNS = """query OrderReturns($id: ID!) { node(id: $id) { ... on Order {
  returns { id number } } } }"""
SETTINGS = "query Settings { returnSettings { windowDays } }"
UPDATE_SETTINGS = """mutation UpdateSettings($days: Int!) {
  updateReturnSettings(windowDays: $days) { settings { windowDays }
    userErrors { field code message } } }"""
QUARANTINE = """query Quarantine($warehouseId: ID, $skuId: ID) {
  stockLevels(warehouseId: $warehouseId, skuId: $skuId) { edges { node { quarantined } } } }"""
MARK_DELIVERED = """mutation Delivered($input: MarkShipmentDeliveredInput!) {
  markShipmentDelivered(input: $input) { userErrors { field code message } } }"""

PORTAL_RETURN_FIELDS = """id number status wish orderId declineReason createdAt approvedAt
  declinedAt receivedAt inspectedAt resolvedAt closedAt cancelledAt
  lines { lineNo orderLineId skuCode description quantity reason comment receivedQuantity }"""
REQUEST_RETURN = f"""mutation RequestReturn($input: RequestReturnInput!) {{
  requestReturn(input: $input) {{ return {{ {PORTAL_RETURN_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
MY_RETURNS = f"""query MyReturns {{ myReturns(first: 50) {{
  edges {{ node {{ {PORTAL_RETURN_FIELDS} }} }} }} }}"""
MY_RETURN = f"""query MyReturn($id: ID!) {{ myReturn(id: $id) {{ {PORTAL_RETURN_FIELDS} }} }}"""
MY_RETURNABLE_LINES = """query Returnable($orderId: ID!) { myReturnableLines(orderId: $orderId) {
  orderLineId lineNo skuCode description deliveredQuantity returnableQuantity
  productReturnable } }"""


def delivered_order(
    shop: Shop,
    *lines: tuple[str, str],
    customer_id: str | None = None,
    shipped_at: datetime | None = None,
    delivered_at: datetime | None = None,
) -> dict[str, Any]:
    """An order of (SKU id, quantity) lines, paid, shipped in one shipment from the shop's
    warehouse and delivered (at `delivered_at`, else now)."""
    order = ready_order(shop, *lines, customer_id=customer_id)
    extra = {"shippedAt": shipped_at.isoformat()} if shipped_at else {}
    payload = shipped(
        shop.owner, order, *((i, quantity) for i, (_, quantity) in enumerate(lines)), **extra
    )
    delivery = {"shipmentId": payload["shipment"]["id"]}
    if delivered_at:
        delivery["deliveredAt"] = delivered_at.isoformat()
    result = shop.owner.client.data(MARK_DELIVERED, {"input": delivery})["markShipmentDelivered"]
    assert result["userErrors"] == [], result["userErrors"]
    return order


def line(
    order_line_id: str, quantity: str, reason: str = "DAMAGED", **fields: Any
) -> dict[str, Any]:
    return {"orderLineId": order_line_id, "quantity": quantity, "reason": reason, **fields}


def create_return(
    client: GraphQLClient,
    customer_id: str,
    order: dict[str, Any],
    *lines: dict[str, Any],
    **fields: Any,
) -> dict[str, Any]:
    """createReturn's payload (wish REFUND unless given)."""
    data = {
        "customerId": customer_id,
        "orderId": order["id"],
        "wish": "REFUND",
        "lines": list(lines),
    }
    payload: dict[str, Any] = client.data(CREATE_RETURN, {"input": {**data, **fields}})[
        "createReturn"
    ]
    return payload


def created_return(
    client: GraphQLClient,
    customer_id: str,
    order: dict[str, Any],
    *lines: dict[str, Any],
    **fields: Any,
) -> dict[str, Any]:
    payload = create_return(client, customer_id, order, *lines, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    found: dict[str, Any] = payload["return"]
    return found


def move(client: GraphQLClient, document: str, return_id: str) -> dict[str, Any]:
    """approve, resolve, close or cancel: the payload."""
    body = client.data(document, {"id": return_id})
    payload: dict[str, Any] = next(iter(body.values()))
    return payload


def moved(client: GraphQLClient, document: str, return_id: str) -> dict[str, Any]:
    payload = move(client, document, return_id)
    assert payload["userErrors"] == [], payload["userErrors"]
    found: dict[str, Any] = payload["return"]
    return found


def receive_goods(client: GraphQLClient, return_id: str, *lines: tuple[str, str]) -> dict[str, Any]:
    """receiveReturn of (return line id, quantity) pairs: the payload."""
    payload: dict[str, Any] = client.data(
        RECEIVE,
        {
            "input": {
                "returnId": return_id,
                "lines": [{"returnLineId": i, "quantity": q} for i, q in lines],
            }
        },
    )["receiveReturn"]
    return payload


def inspect(
    client: GraphQLClient,
    return_line_id: str,
    quantity: str,
    disposition: str = "RESTOCK",
    grade: str = "A",
    **fields: Any,
) -> dict[str, Any]:
    """inspectReturnLine's payload."""
    payload: dict[str, Any] = client.data(
        INSPECT,
        {
            "input": {
                "returnLineId": return_line_id,
                "quantity": quantity,
                "grade": grade,
                "disposition": disposition,
                **fields,
            }
        },
    )["inspectReturnLine"]
    return payload


def request_return(
    portal: GraphQLClient, order_id: str, *lines: dict[str, Any], wish: str = "REFUND"
) -> dict[str, Any]:
    """The portal's requestReturn payload (ids are plain row ids in the portal)."""
    payload: dict[str, Any] = portal.data(
        REQUEST_RETURN, {"input": {"orderId": order_id, "wish": wish, "lines": list(lines)}}
    )["requestReturn"]
    return payload


def settle_window(session: TenantSession, days: int) -> None:
    payload = session.client.data(UPDATE_SETTINGS, {"days": days})["updateReturnSettings"]
    assert payload["userErrors"] == [], payload["userErrors"]


def quarantined(session: TenantSession, warehouse_id: str, sku_id: str) -> Decimal | None:
    """The stock level's quarantined quantity (returned, not yet inspected)."""
    [edge] = session.client.data(QUARANTINE, {"warehouseId": warehouse_id, "skuId": sku_id})[
        "stockLevels"
    ]["edges"]
    value = edge["node"]["quarantined"]
    return None if value is None else Decimal(value)


def integrator(api: GraphQLClient, owner: TenantSession, roles: list[str]) -> GraphQLClient:
    """A client signed in as a new API client of the owner's tenant holding `roles`."""
    machine = create_client(owner, roles, name="Returns bridge")
    response = httpx.post(
        f"{api.base_url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(machine.client_id, machine.secret),
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return api.as_(response.json()["access_token"])


RESOLUTION_FIELDS = """id number status resolution resolvedAt refundId
  refundAmount { amount currency }
  exchangeOrder { id number channel total { amount } }
  lines { id skuCode refundAmount { amount } }"""
RESOLVE_AS = f"""mutation ResolveAs($id: ID!, $resolution: ReturnWish) {{
  resolveReturn(returnId: $id, resolution: $resolution) {{
    return {{ {RESOLUTION_FIELDS} }} userErrors {{ field code message params }} }} }}"""
PREVIEW = """query Preview($id: ID!) { return(id: $id) { resolutionPreview {
  refundAmount { amount currency } passedQuantity
  lines { skuCode passedQuantity refund { amount } } } } }"""
REFUND = """query Refund($id: ID!) { node(id: $id) { ... on Refund { id number status reason
  amount { amount currency } orderNumber creditNote { number total { amount } } } } }"""
EXECUTE_REFUND = """mutation Execute($input: ExecuteRefundInput!) { executeRefund(input: $input) {
  refund { status } userErrors { field code message } } }"""
EXCHANGE_ORDER = """query Exchange($id: ID!) { node(id: $id) { ... on Order { id number channel
  status total { amount }
  lines { skuCode quantity unitPrice { amount } lineTotal { amount } reservedQuantity
          priceRule { kind bookName } }
  exchangeForReturn { id number order { id number } } } } }"""
REPORT = """query Report($from: DateTime!, $to: DateTime!) { returnsReport(from: $from, to: $to) {
  byProduct { skuCode deliveredQuantity returnedQuantity returnRate }
  byReason { reason count quantity } } }"""


def paid_delivered_order(
    shop: Shop, *lines: tuple[str, str], customer_id: str | None = None
) -> dict[str, Any]:
    """An order of (SKU id, quantity) lines paid in full by a recorded bank transfer (a
    payment a refund can give back), shipped from the shop's warehouse and delivered."""
    data = order_input(shop, *lines, submit=True)
    if customer_id:
        data["customerId"] = customer_id
    order = created(shop.owner, data)
    paid_in_full(shop.owner, data["customerId"], scheduled(shop.owner, order["id"]))
    order = acted(shop.owner, order["id"], "MARK_READY_TO_SHIP")
    payload = shipped(shop.owner, order, *((i, quantity) for i, (_, quantity) in enumerate(lines)))
    delivery = {"shipmentId": payload["shipment"]["id"]}
    result = shop.owner.client.data(MARK_DELIVERED, {"input": delivery})["markShipmentDelivered"]
    assert result["userErrors"] == [], result["userErrors"]
    return order


def resolve_as(client: GraphQLClient, return_id: str, resolution: str | None) -> dict[str, Any]:
    """resolveReturn's payload, resolving by REFUND or EXCHANGE (None: the wish)."""
    payload: dict[str, Any] = client.data(RESOLVE_AS, {"id": return_id, "resolution": resolution})[
        "resolveReturn"
    ]
    return payload


APPROVAL_INBOX = """query Inbox { approvalInbox(first: 100) { edges { node { id level
  orderNumber forReturn orderTotal { amount currency } reasons { code message } } } } }"""
DECIDE_APPROVAL = """mutation Decide($input: DecideApprovalInput!) { decideApproval(input: $input) {
  request { status } userErrors { field code message } } }"""
APPROVAL_STATE = """query Approval($id: ID!) { return(id: $id) { id status approvedAt
  approvalRequestId } }"""
THRESHOLD = """mutation Threshold($days: Int!, $threshold: Decimal) {
  updateReturnSettings(windowDays: $days, approvalThreshold: $threshold) {
    settings { windowDays approvalThreshold } userErrors { field code message } } }"""

MY_RETURN_OUTCOME = """query MyReturnOutcome($id: ID!) { myReturn(id: $id) { number status
  resolution resolvedAt refundAmount { amount currency } exchangeOrderNumber labelUrl } }"""
