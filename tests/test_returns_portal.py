"""Returns in the customer portal: a signed-in contact sees what each line of a delivered
order may still return, asks for a return, follows its steps with their dates, and is
refused clearly (an order not delivered, too much, a line of another order, outside the
window); another customer's or another tenant's orders and returns do not exist for them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    colleague,
    errors_of,
    global_id,
    row_id,
)
from tests.support.orders import Shop, confirmed_order, open_shop
from tests.support.portal import Buyer, register_buyer
from tests.support.returns import (
    APPROVE,
    MY_RETURN,
    MY_RETURNABLE_LINES,
    MY_RETURNS,
    RETURN,
    RETURNS,
    delivered_order,
    line,
    moved,
    receive_goods,
    request_return,
)
from tests.support.stack import Mailbox


@dataclass
class Counter:
    """A shop with a support agent, and two portal buyers with a delivered order each."""

    shop: Shop
    support: TenantSession
    buyer: Buyer
    order: dict[str, Any]
    rival: Buyer
    rival_order: dict[str, Any]


@pytest.fixture(scope="module")
def counter(api: GraphQLClient, mailbox: Mailbox) -> Counter:
    shop = open_shop(api, stock="1000")
    buyer = register_buyer(api, mailbox, shop.owner, "Heron Supplies")
    rival = register_buyer(api, mailbox, shop.owner, "Crane Supplies")
    lines = ((shop.sku_id, "3"), (shop.other_sku_id, "2"))
    return Counter(
        shop,
        colleague(shop.owner, mailbox, "support"),
        buyer,
        delivered_order(shop, *lines, customer_id=buyer.customer_id),
        rival,
        delivered_order(shop, *lines, customer_id=rival.customer_id),
    )


def _returnable(portal: GraphQLClient, order: dict[str, Any]) -> list[tuple[str, Decimal]]:
    found = portal.data(MY_RETURNABLE_LINES, {"orderId": row_id(order["id"])})
    return [(x["skuCode"], Decimal(x["returnableQuantity"])) for x in found["myReturnableLines"]]


def _portal_line(order: dict[str, Any], index: int, quantity: str, **fields: Any) -> dict[str, Any]:
    return line(row_id(order["lines"][index]["id"]), quantity, **fields)


def test_a_customer_returns_items_and_follows_the_steps(counter: Counter) -> None:
    portal, order = counter.buyer.portal, counter.order
    assert _returnable(portal, order) == [("BOLT", Decimal(3)), ("NUT", Decimal(2))]

    payload = request_return(
        portal,
        row_id(order["id"]),
        _portal_line(order, 0, "2", reason="NOT_AS_DESCRIBED", comment="Wrong thread"),
        wish="EXCHANGE",
    )
    assert payload["userErrors"] == [], payload["userErrors"]
    asked = payload["return"]
    assert asked["status"] == "REQUESTED" and asked["wish"] == "EXCHANGE"
    assert asked["orderId"] == row_id(order["id"])
    [only] = asked["lines"]
    assert (only["skuCode"], Decimal(only["quantity"]), only["reason"], only["comment"]) == (
        "BOLT",
        Decimal(2),
        "NOT_AS_DESCRIBED",
        "Wrong thread",
    )
    assert _returnable(portal, order) == [("BOLT", Decimal(1)), ("NUT", Decimal(2))]
    listed = portal.data(MY_RETURNS)["myReturns"]["edges"]
    assert [e["node"]["id"] for e in listed] == [asked["id"]]

    staff_id = global_id("Return", asked["id"])
    staff = counter.support.client.data(RETURN, {"id": staff_id})["return"]
    assert staff["channel"] == "PORTAL" and staff["number"] == asked["number"]
    assert staff["customer"]["id"] == counter.buyer.customer_id
    moved(counter.support.client, APPROVE, staff_id)
    received = receive_goods(counter.shop.owner.client, staff_id, (staff["lines"][0]["id"], "2"))
    assert received["userErrors"] == []

    seen = portal.data(MY_RETURN, {"id": asked["id"]})["myReturn"]
    assert seen["status"] == "RECEIVED"
    assert seen["approvedAt"] and seen["receivedAt"] and seen["createdAt"]
    assert Decimal(seen["lines"][0]["receivedQuantity"]) == 2


def test_bad_requests_get_a_code_on_their_field(counter: Counter) -> None:
    shop, portal, order = counter.shop, counter.buyer.portal, counter.order
    not_delivered = confirmed_order(shop.owner, shop, counter.buyer.customer_id)
    long_ago = datetime.now(UTC) - timedelta(days=60)
    old = delivered_order(
        shop,
        (shop.sku_id, "1"),
        customer_id=counter.buyer.customer_id,
        shipped_at=long_ago,
        delivered_at=long_ago + timedelta(days=1),
    )
    before = portal.data(MY_RETURNS)["myReturns"]["edges"]
    cases: list[tuple[str, list[dict[str, Any]], tuple[tuple[str, ...], str]]] = [
        (
            row_id(order["id"]),
            [_portal_line(order, 1, "3")],
            (("lines", "0", "quantity"), "MORE_THAN_RETURNABLE"),
        ),
        (
            row_id(order["id"]),
            [_portal_line(counter.rival_order, 0, "1")],
            (("lines", "0", "orderLineId"), "LINE_NOT_ON_ORDER"),
        ),
        (
            row_id(not_delivered["id"]),
            [_portal_line(not_delivered, 0, "1")],
            (("orderId",), "ORDER_NOT_DELIVERED"),
        ),
        (row_id(old["id"]), [_portal_line(old, 0, "1")], (("orderId",), "OUTSIDE_RETURN_WINDOW")),
        (
            row_id(counter.rival_order["id"]),
            [_portal_line(counter.rival_order, 0, "1")],
            (("orderId",), "UNKNOWN_ORDER"),
        ),
        (str(uuid.uuid4()), [_portal_line(order, 0, "1")], (("orderId",), "UNKNOWN_ORDER")),
    ]
    for order_id, lines, expected in cases:
        payload = request_return(portal, order_id, *lines)
        assert payload["return"] is None, lines
        assert errors_of(payload) == {expected}, (expected, payload["userErrors"])
    assert portal.data(MY_RETURNS)["myReturns"]["edges"] == before


def test_another_customer_or_tenant_reaches_none_of_it(
    api: GraphQLClient, mailbox: Mailbox, counter: Counter
) -> None:
    payload = request_return(
        counter.buyer.portal, row_id(counter.order["id"]), _portal_line(counter.order, 1, "1")
    )
    assert payload["userErrors"] == []
    mine = payload["return"]
    rival = counter.rival.portal
    assert rival.error_codes(MY_RETURN, {"id": mine["id"]}) == ["NOT_FOUND"]
    assert mine["id"] not in {e["node"]["id"] for e in rival.data(MY_RETURNS)["myReturns"]["edges"]}
    assert rival.error_codes(MY_RETURNABLE_LINES, {"orderId": row_id(counter.order["id"])}) == [
        "NOT_FOUND"
    ]
    # The portal has no staff view of returns.
    assert rival.data(RETURN, {"id": global_id("Return", mine["id"])})["return"] is None
    assert rival.error_codes(RETURNS, {"first": 5}) == ["FORBIDDEN"]

    elsewhere = open_shop(api)
    stranger = register_buyer(api, mailbox, elsewhere.owner, "Far Away Ltd").portal
    assert stranger.error_codes(MY_RETURN, {"id": mine["id"]}) == ["NOT_FOUND"]
    assert stranger.data(MY_RETURNS)["myReturns"]["edges"] == []
    foreign = request_return(
        stranger, row_id(counter.order["id"]), _portal_line(counter.order, 0, "1")
    )
    assert errors_of(foreign) == {(("orderId",), "UNKNOWN_ORDER")}


ORDER_RETURNS = """query OrderReturns($orderId: ID) { myReturns(first: 50, orderId: $orderId) {
  edges { node { number orderId } } } }"""


def test_an_orders_page_lists_that_orders_returns_only(counter: Counter) -> None:
    shop, buyer = counter.shop, counter.buyer
    other = delivered_order(shop, (shop.sku_id, "1"), customer_id=buyer.customer_id)
    payload = request_return(buyer.portal, row_id(other["id"]), _portal_line(other, 0, "1"))
    assert payload["userErrors"] == []

    def numbers(order_id: str) -> list[str]:
        edges = buyer.portal.data(ORDER_RETURNS, {"orderId": order_id})["myReturns"]["edges"]
        return [e["node"]["number"] for e in edges]

    assert numbers(row_id(other["id"])) == [payload["return"]["number"]]
    assert payload["return"]["number"] not in numbers(row_id(counter.order["id"]))
    assert numbers(row_id(counter.rival_order["id"])) == []
