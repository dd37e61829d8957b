"""Partial shipments in the order list and on the board: an order Ready to Ship with part of
it shipped says how much ("4 of 10 shipped"), read in one batch for the whole page."""

from __future__ import annotations

from tests.support.graphql import GraphQLClient
from tests.support.orders import open_shop
from tests.support.shipments import ready_order, shipped

PROGRESS = "shippingProgress { shipped ordered partial }"
LIST = f"""query {{ orders(first: 20) {{ edges {{ node {{ number {PROGRESS} }} }} }} }}"""
BOARD = (
    f"""query {{ orderBoard {{ status orders {{ edges {{ node {{ number {PROGRESS} }} }} }} }} }}"""
)


def test_the_list_and_the_board_say_how_much_of_an_order_has_shipped(api: GraphQLClient) -> None:
    shop = open_shop(api)
    partly = ready_order(shop, (shop.sku_id, "6"), (shop.other_sku_id, "4"))
    shipped(shop.owner, partly, (0, "3"), (1, "1"))
    waiting = ready_order(shop, (shop.sku_id, "2"))

    listed = {
        e["node"]["number"]: e["node"]["shippingProgress"]
        for e in shop.owner.client.data(LIST)["orders"]["edges"]
    }
    assert listed[partly["number"]] == {"shipped": "4", "ordered": "10", "partial": True}
    assert listed[waiting["number"]] == {"shipped": "0", "ordered": "2", "partial": False}

    [ready] = [
        c for c in shop.owner.client.data(BOARD)["orderBoard"] if c["status"] == "READY_TO_SHIP"
    ]
    cards = {e["node"]["number"]: e["node"]["shippingProgress"] for e in ready["orders"]["edges"]}
    assert cards[partly["number"]]["partial"] is True
    assert cards[partly["number"]]["shipped"] == "4"
