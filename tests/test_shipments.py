"""Shipments through GraphQL: partial shipments, delivery per shipment, the SHIP and
MARK_DELIVERED actions as shortcuts, warehouses, bad input, permissions, other tenants,
concurrency, the portal's view, and the late-shipment rule run by the real worker."""

from __future__ import annotations

import base64
import uuid
from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from tests.support.catalog import create_sku
from tests.support.concurrency import all_at_once
from tests.support.database import owner_sql, owner_value
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    errors_of,
    invite_and_join,
    row_id,
    row_uuid,
    sign_up,
)
from tests.support.inventory import create_warehouse, receive
from tests.support.orders import (
    Shop,
    act,
    created,
    open_shop,
    order_input,
    stock,
)
from tests.support.portal import portal_customer, sign_in_by_link
from tests.support.shipments import (
    CREATE_SHIPMENT,
    SHIPMENT_FIELDS,
    SHIPPED_ORDER_FIELDS,
    ready_order,
    ship,
    shipped,
)
from tests.support.stack import Mailbox, Stack
from tests.support.waiting import wait_until

DELIVER = f"""mutation Deliver($input: MarkShipmentDeliveredInput!) {{
  markShipmentDelivered(input: $input) {{ shipment {{ {SHIPMENT_FIELDS} }}
    order {{ {SHIPPED_ORDER_FIELDS} }} userErrors {{ field code message }} }} }}"""
TRANSITION = f"""mutation Transition($input: TransitionOrderInput!) {{
  transitionOrder(input: $input) {{ order {{ {SHIPPED_ORDER_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
NODE = f"""query Node($id: ID!) {{ node(id: $id) {{ id
  ... on Order {{ {SHIPPED_ORDER_FIELDS} }} ... on Shipment {{ number }} }} }}"""
SETTINGS = "query Settings { shippingSettings { lateShipmentDays } }"
UPDATE_SETTINGS = """mutation UpdateSettings($input: UpdateShippingSettingsInput!) {
  updateShippingSettings(input: $input) { settings { lateShipmentDays }
    userErrors { field code } } }"""
NOTIFICATIONS = """query Notifications { notifications(first: 50) { edges { node {
  kind title link } } } }"""
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { targetType changes } } } }"""
PORTAL_ORDER = """query PortalOrder($id: ID!) { portalOrder(id: $id) { number status
  shipments { number status carrier trackingNumber lines { skuCode quantity } } } }"""


@pytest.fixture(scope="module")
def shop(api: GraphQLClient) -> Shop:
    return open_shop(api, stock="1000")


def deliver(session: TenantSession, shipment_id: str, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        DELIVER, {"input": {"shipmentId": shipment_id, **fields}}
    )["markShipmentDelivered"]
    return payload


# --- partial shipments and deliveries ------------------------------------------------------


def test_an_order_ships_in_parts_and_is_delivered_per_shipment(shop: Shop) -> None:
    order = ready_order(shop, (shop.sku_id, "5"), (shop.other_sku_id, "3"))
    before = stock(shop, shop.sku_id)

    first = shipped(shop.owner, order, (0, "2"), note="first pallet")
    assert first["shipment"]["number"] == f"{order['number']}-S1"
    assert (first["shipment"]["status"], first["shipment"]["warehouse"]) == (
        "IN_TRANSIT",
        {"code": "MAIN"},
    )
    assert first["shipment"]["lines"] == [
        {
            "quantity": "2.000",
            "orderLine": {"id": order["lines"][0]["id"], "lineNo": 1, "skuCode": "BOLT"},
        }
    ]
    assert first["order"]["status"] == "READY_TO_SHIP"
    assert [li["shippedQuantity"] for li in first["order"]["lines"]] == ["2.000", "0.000"]
    assert [li["reservedQuantity"] for li in first["order"]["lines"]] == ["3.000", "3.000"]
    on_hand, reserved, available, _ = stock(shop, shop.sku_id)
    assert (on_hand, reserved, available) == (before[0] - 2, before[1] - 2, before[2])

    second = shipped(shop.owner, order, (0, "3"), (1, "3"), carrier="UPS", trackingNumber="1Z999")
    assert second["shipment"]["number"] == f"{order['number']}-S2"
    after = second["order"]
    assert (after["status"], after["carrier"], after["trackingNumber"]) == (
        "SHIPPED",
        "UPS",
        "1Z999",
    )
    assert after["statusHistory"][-1] == {
        "fromStatus": "READY_TO_SHIP",
        "toStatus": "SHIPPED",
        "action": "ship",
    }
    assert [s["number"] for s in after["shipments"]] == [
        f"{order['number']}-S1",
        f"{order['number']}-S2",
    ]

    delivered_first = deliver(shop.owner, first["shipment"]["id"])
    assert delivered_first["userErrors"] == []
    assert delivered_first["shipment"]["status"] == "DELIVERED"
    assert delivered_first["order"]["status"] == "SHIPPED"
    again = deliver(shop.owner, first["shipment"]["id"])
    assert errors_of(again) == {(("shipmentId",), "ALREADY_DELIVERED")}
    done = deliver(shop.owner, second["shipment"]["id"])
    assert done["order"]["status"] == "DELIVERED"
    assert done["order"]["statusHistory"][-1]["action"] == "mark_delivered"

    edges = shop.owner.client.data(AUDIT, {"action": "shipping.create_shipment"})["auditLog"][
        "edges"
    ]
    assert any(f"{order['number']}-S2" in str(e["node"]["changes"]) for e in edges)


def test_a_partly_shipped_order_cannot_be_cancelled(shop: Shop) -> None:
    order = ready_order(shop, (shop.sku_id, "4"))
    assert "CANCEL" in [t["action"] for t in order["availableTransitions"]]
    shipped(shop.owner, order, (0, "1"))
    partly = shop.owner.client.data(
        "query O($id: ID!) { node(id: $id) { ... on Order { availableTransitions { action } } } }",
        {"id": order["id"]},
    )["node"]
    assert "CANCEL" not in [t["action"] for t in partly["availableTransitions"]]
    refused = act(shop.owner, order["id"], "CANCEL", note="customer changed their mind")
    assert errors_of(refused) == {(("action",), "PARTIALLY_SHIPPED")}
    assert refused["order"] is None
    assert shipped(shop.owner, order, (0, "3"))["order"]["status"] == "SHIPPED"


def test_the_ship_action_ships_what_remains_and_mark_delivered_delivers_all(shop: Shop) -> None:
    order = ready_order(shop, (shop.sku_id, "4"), (shop.other_sku_id, "1"))
    shipped(shop.owner, order, (0, "1"))
    result = shop.owner.client.data(
        TRANSITION,
        {
            "input": {
                "orderId": order["id"],
                "action": "SHIP",
                "carrier": "DHL",
                "trackingNumber": "JD0002",
            }
        },
    )["transitionOrder"]
    assert result["userErrors"] == []
    after = result["order"]
    assert after["status"] == "SHIPPED"
    assert [li["shippedQuantity"] for li in after["lines"]] == ["4.000", "1.000"]
    rest = after["shipments"][1]
    assert (rest["trackingNumber"], [line["quantity"] for line in rest["lines"]]) == (
        "JD0002",
        ["3.000", "1.000"],
    )

    delivered = shop.owner.client.data(
        TRANSITION, {"input": {"orderId": order["id"], "action": "MARK_DELIVERED"}}
    )["transitionOrder"]["order"]
    assert delivered["status"] == "DELIVERED"
    assert {s["status"] for s in delivered["shipments"]} == {"DELIVERED"}


# --- refusals ------------------------------------------------------------------------------


def test_bad_shipments_are_user_errors_on_their_fields(shop: Shop) -> None:
    order = ready_order(shop, (shop.sku_id, "2"), (shop.other_sku_id, "1"))
    other = ready_order(shop, (shop.sku_id, "1"))

    assert errors_of(ship(shop.owner, order, (0, "3"))) == {
        (("lines", "0", "quantity"), "SHIP_QUANTITY_EXCEEDS")
    }
    assert errors_of(ship(shop.owner, order, (0, "1"), (1, "0"))) == {
        (("lines", "1", "quantity"), "INVALID_QUANTITY")
    }
    for malformed in ("NaN", "Infinity", "1e999999", "9" * 60, "0.0001"):
        assert errors_of(ship(shop.owner, order, (0, malformed))) == {
            (("lines", "0", "quantity"), "INVALID_QUANTITY")
        }, malformed
    assert errors_of(ship(shop.owner, order, (0, "1"), carrier=" ", trackingNumber="")) == {
        (("carrier",), "CARRIER_REQUIRED"),
        (("trackingNumber",), "TRACKING_REQUIRED"),
    }
    assert errors_of(ship(shop.owner, order)) == {(("lines",), "EMPTY_SHIPMENT")}
    foreign = shop.owner.client.data(
        CREATE_SHIPMENT,
        {
            "input": {
                "orderId": order["id"],
                "carrier": "DHL",
                "trackingNumber": "X",
                "lines": [{"orderLineId": other["lines"][0]["id"], "quantity": "1"}],
            }
        },
    )
    assert errors_of(foreign["createShipment"]) == {
        (("lines", "0", "orderLineId"), "UNKNOWN_ORDER_LINE")
    }

    shipped(shop.owner, order, (0, "2"))
    assert errors_of(ship(shop.owner, order, (0, "1"))) == {
        (("lines", "0", "quantity"), "SHIP_QUANTITY_EXCEEDS")
    }
    assert "Only 0 of this line" in ship(shop.owner, order, (0, "1"))["userErrors"][0]["message"]

    confirmed = created(shop.owner, order_input(shop, (shop.sku_id, "1"), submit=True))
    assert errors_of(ship(shop.owner, confirmed, (0, "1"))) == {
        (("orderId",), "ORDER_NOT_READY_TO_SHIP")
    }


def test_lines_reserved_in_different_warehouses_ship_separately(shop: Shop) -> None:
    north = create_warehouse(shop.owner, f"N{uuid.uuid4().hex[:4].upper()}")
    washer = create_sku(shop.owner, f"WASHER-{uuid.uuid4().hex[:4]}")
    receive(shop.owner, north, washer, "10")
    order = ready_order(shop, (shop.sku_id, "1"), (washer, "2"))

    assert errors_of(ship(shop.owner, order, (0, "1"), (1, "2"))) == {
        (("lines",), "MIXED_WAREHOUSES")
    }
    assert errors_of(ship(shop.owner, order, (1, "2"), warehouseId=shop.warehouse_id)) == {
        (("warehouseId",), "WRONG_WAREHOUSE")
    }
    from_north = shipped(shop.owner, order, (1, "2"), warehouseId=north)
    assert from_north["shipment"]["warehouse"]["code"].startswith("N")
    done = shop.owner.client.data(
        TRANSITION,
        {
            "input": {
                "orderId": order["id"],
                "action": "SHIP",
                "carrier": "DHL",
                "trackingNumber": "JD0003",
            }
        },
    )["transitionOrder"]
    assert done["order"]["status"] == "SHIPPED"
    assert [s["warehouse"]["code"] for s in done["order"]["shipments"]][1] == "MAIN"


# --- who may ship, other tenants, the portal -----------------------------------------------


def test_the_warehouse_ships_and_delivers_sales_may_not(shop: Shop, mailbox: Mailbox) -> None:
    order = ready_order(shop, (shop.sku_id, "2"))
    staff = {
        department: invite_and_join(
            shop.owner, mailbox, f"{department}-{uuid.uuid4().hex[:6]}@example.com", department
        )
        for department in ("warehouse", "sales")
    }
    variables = {
        "input": {
            "orderId": order["id"],
            "carrier": "DHL",
            "trackingNumber": "X",
            "lines": [{"orderLineId": order["lines"][0]["id"], "quantity": "2"}],
        }
    }
    assert staff["sales"].client.error_codes(CREATE_SHIPMENT, variables) == ["FORBIDDEN"]
    payload = shipped(staff["warehouse"], order, (0, "2"))
    assert payload["order"]["status"] == "SHIPPED"
    assert staff["sales"].client.error_codes(
        DELIVER, {"input": {"shipmentId": payload["shipment"]["id"]}}
    ) == ["FORBIDDEN"]
    assert deliver(staff["warehouse"], payload["shipment"]["id"])["order"]["status"] == (
        "DELIVERED"
    )


def test_another_tenants_shipments_are_indistinguishable_from_missing_ones(
    api: GraphQLClient, shop: Shop
) -> None:
    order = ready_order(shop, (shop.sku_id, "2"))
    shipment = shipped(shop.owner, order, (0, "1"))["shipment"]
    intruder = sign_up(api, name="Intruder Imports")
    missing = base64.b64encode(f"Shipment:{uuid.uuid4()}".encode()).decode()
    for node_id in (shipment["id"], missing):
        assert intruder.client.error_codes(NODE, {"id": node_id}) == ["NOT_FOUND"]
        assert intruder.client.error_codes(DELIVER, {"input": {"shipmentId": node_id}}) == [
            "NOT_FOUND"
        ]
    assert intruder.client.error_codes(
        CREATE_SHIPMENT,
        {
            "input": {
                "orderId": order["id"],
                "carrier": "DHL",
                "trackingNumber": "X",
                "lines": [{"orderLineId": order["lines"][0]["id"], "quantity": "1"}],
            }
        },
    ) == ["NOT_FOUND"]
    node = shop.owner.client.data(NODE, {"id": shipment["id"]})["node"]
    assert node["number"] == shipment["number"]


def test_a_portal_contact_tracks_their_orders_shipments(
    api: GraphQLClient, shop: Shop, mailbox: Mailbox
) -> None:
    buyer = portal_customer(shop.owner, "Portal Shipments Ltd")
    order = ready_order(shop, (shop.sku_id, "3"), customer_id=buyer.customer_id)
    shipped(shop.owner, order, (0, "1"), carrier="DPD", trackingNumber="DPD-42")
    session = sign_in_by_link(api, mailbox, shop.owner.slug, buyer.email)
    portal = api.as_(session["accessToken"])
    seen = portal.data(PORTAL_ORDER, {"id": row_id(order["id"])})["portalOrder"]
    assert seen["shipments"] == [
        {
            "number": f"{order['number']}-S1",
            "status": "IN_TRANSIT",
            "carrier": "DPD",
            "trackingNumber": "DPD-42",
            "lines": [{"skuCode": "BOLT", "quantity": "1.000"}],
        }
    ]


# --- concurrency ---------------------------------------------------------------------------


def test_concurrent_shipments_never_over_ship_or_deadlock(shop: Shop) -> None:
    order = ready_order(shop, (shop.sku_id, "10"))
    before = stock(shop, shop.sku_id)
    results = all_at_once([lambda: ship(shop.owner, order, (0, "3")) for _ in range(6)])
    accepted = [r for r in results if not r["userErrors"]]
    assert len(accepted) == 3
    assert {e["code"] for r in results if r["userErrors"] for e in r["userErrors"]} == {
        "SHIP_QUANTITY_EXCEEDS"
    }
    assert sorted(r["shipment"]["number"] for r in accepted) == [
        f"{order['number']}-S{i}" for i in (1, 2, 3)
    ]
    assert stock(shop, shop.sku_id)[0] == before[0] - Decimal(9)

    # Orders whose lines share SKUs in opposite orders ship at once without deadlock.
    pair = [
        ready_order(shop, (shop.sku_id, "1"), (shop.other_sku_id, "1")),
        ready_order(shop, (shop.other_sku_id, "1"), (shop.sku_id, "1")),
    ]
    results = all_at_once([partial(ship, shop.owner, o, (0, "1"), (1, "1")) for o in pair])
    assert all(r["userErrors"] == [] for r in results)


# --- the late-shipment rule ----------------------------------------------------------------


def test_a_late_order_raises_one_event_and_notifies_its_owner(stack: Stack, shop: Shop) -> None:
    assert shop.owner.client.data(SETTINGS)["shippingSettings"] == {"lateShipmentDays": 2}
    invalid = shop.owner.client.data(UPDATE_SETTINGS, {"input": {"lateShipmentDays": 0}})
    assert invalid["updateShippingSettings"]["userErrors"] == [
        {"field": ["lateShipmentDays"], "code": "INVALID_LATE_SHIPMENT_DAYS"}
    ]
    changed = shop.owner.client.data(UPDATE_SETTINGS, {"input": {"lateShipmentDays": 3}})
    assert changed["updateShippingSettings"]["settings"] == {"lateShipmentDays": 3}

    late = ready_order(shop, (shop.sku_id, "2"))
    recent = ready_order(shop, (shop.sku_id, "2"))
    shipped(shop.owner, late, (0, "1"))
    late_id, recent_id = row_uuid(late["id"]), row_uuid(recent["id"])
    queued = "SELECT count(*) FROM shipment_deadlines WHERE order_id = ANY($1::uuid[])"
    wait_until(lambda: owner_value(stack, queued, [late_id, recent_id]) == 2, 30.0)
    # Time cannot pass in a test: the late order became ready four days ago.
    owner_sql(
        stack,
        """UPDATE shipment_deadlines SET ready_at = now() - interval '4 days',
                        due_at = now() - interval '1 day' WHERE order_id = $1""",
        late_id,
    )

    def notices() -> list[dict[str, Any]]:
        edges = shop.owner.client.data(NOTIFICATIONS)["notifications"]["edges"]
        return [e["node"] for e in edges if e["node"]["kind"] == "order_shipment_late"]

    [notice] = wait_until(notices, 40.0)
    assert late["number"] in notice["title"]
    assert notice["link"] == f"/orders/{late['number']}"
    events = """SELECT count(*) FROM outbox_events WHERE type = 'order.shipment_late'
                AND payload->>'orderId' = $1"""
    assert owner_value(stack, events, str(late_id)) == 1
    assert owner_value(stack, events, str(recent_id)) == 0

    # Queued again (a replayed event, a restart): the job finds the alert and stays quiet.
    owner_sql(
        stack,
        """INSERT INTO shipment_deadlines (tenant_id, order_id, ready_at, due_at)
                        SELECT tenant_id, id, now() - interval '5 days', now()
                        FROM orders WHERE id = $1""",
        late_id,
    )
    wait_until(lambda: owner_value(stack, queued, [late_id]) == 0, 40.0)
    assert owner_value(stack, events, str(late_id)) == 1
    assert len(notices()) == 1
