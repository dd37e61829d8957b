"""Orders under concurrency, over HTTP against the real API: stock is never oversold,
numbers stay gapless, multi-line orders over shared SKUs never deadlock, and of two
conflicting transitions exactly one wins."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from tests.support.catalog import create_sku
from tests.support.concurrency import all_at_once
from tests.support.graphql import GraphQLClient
from tests.support.inventory import receive
from tests.support.orders import (
    CREATE_ORDER,
    TRANSITION,
    Shop,
    created,
    customer,
    open_shop,
    order_input,
    stock,
)


def create_call(shop: Shop, data: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    def call() -> dict[str, Any]:
        payload: dict[str, Any] = shop.owner.client.data(CREATE_ORDER, {"input": data})[
            "createOrder"
        ]
        return payload

    return call


def transition_call(shop: Shop, order_id: str, action: str) -> Callable[[], dict[str, Any]]:
    def call() -> dict[str, Any]:
        payload: dict[str, Any] = shop.owner.client.data(
            TRANSITION, {"input": {"orderId": order_id, "action": action}}
        )["transitionOrder"]
        return payload

    return call


def sequence_numbers(payloads: list[dict[str, Any]]) -> list[int]:
    return sorted(int(p["order"]["number"].rsplit("-", 1)[1]) for p in payloads if p["order"])


def test_fifty_concurrent_orders_for_ten_units_confirm_exactly_ten(api: GraphQLClient) -> None:
    shop = open_shop(api, stock="10")
    results = all_at_once(
        [create_call(shop, order_input(shop, (shop.sku_id, "1"), submit=True)) for _ in range(50)]
    )
    confirmed = [r for r in results if r["order"] is not None]
    refused = [r for r in results if r["order"] is None]
    assert len(confirmed) == 10
    assert {r["order"]["status"] for r in confirmed} == {"CONFIRMED"}
    assert len(refused) == 40
    for payload in refused:
        [error] = payload["userErrors"]
        assert (error["field"], error["code"]) == (["lines", "0", "quantity"], "INSUFFICIENT_STOCK")
        assert "available: 0" in error["message"]
    assert stock(shop, shop.sku_id)[:3] == (Decimal(10), Decimal(10), Decimal(0))
    # Refused orders gave their numbers back: the ten confirmed hold 1..10.
    assert sequence_numbers(confirmed) == list(range(1, 11))


def test_concurrent_creations_get_gapless_unique_numbers(api: GraphQLClient) -> None:
    shop = open_shop(api)
    results = all_at_once(
        [create_call(shop, order_input(shop, (shop.sku_id, "1"))) for _ in range(30)]
    )
    assert all(r["userErrors"] == [] for r in results), results
    assert sequence_numbers(results) == list(range(1, 31))
    year = date.today().year
    assert all(r["order"]["number"].startswith(f"SO-{year}-") for r in results)


def test_multi_line_orders_over_shared_skus_in_any_order_never_deadlock(api: GraphQLClient) -> None:
    shop = open_shop(api)
    third = create_sku(shop.owner, "WASHER")
    receive(shop.owner, shop.warehouse_id, third, "100")
    skus = [shop.sku_id, shop.other_sku_id, third]
    shuffler = random.Random(42)
    calls = []
    for _ in range(12):
        lines = skus[:]
        shuffler.shuffle(lines)
        calls.append(create_call(shop, order_input(shop, *[(s, "2") for s in lines], submit=True)))
    results = all_at_once(calls)
    assert all(r["userErrors"] == [] for r in results), results
    assert {r["order"]["status"] for r in results} == {"CONFIRMED"}
    for item in skus:
        assert stock(shop, item)[1] == Decimal(24)


def test_of_two_conflicting_transitions_exactly_one_wins(api: GraphQLClient) -> None:
    """On credit terms a confirmed order may go to Ready to Ship or to Awaiting Payment;
    either move rules the other out."""
    shop = open_shop(api)
    on_credit = customer(shop.owner, "Trusted Partner", paymentTerms={"kind": "NET", "netDays": 30})
    for _ in range(4):
        order = created(
            shop.owner,
            {
                "customerId": on_credit,
                "submit": True,
                "lines": [{"skuId": shop.sku_id, "quantity": "5"}],
            },
        )
        results = all_at_once(
            [
                transition_call(shop, order["id"], "MARK_READY_TO_SHIP"),
                transition_call(shop, order["id"], "REQUEST_PAYMENT"),
            ]
        )
        winners = [p for p in results if p["order"] is not None]
        losers = [p for p in results if p["order"] is None]
        assert len(winners) == 1 and len(losers) == 1, results
        assert [e["code"] for e in losers[0]["userErrors"]] == ["INVALID_TRANSITION"]
        assert winners[0]["order"]["version"] == 4
        assert [h["toStatus"] for h in winners[0]["order"]["statusHistory"]][-1] in (
            "READY_TO_SHIP",
            "AWAITING_PAYMENT",
        )
    assert stock(shop, shop.sku_id)[:2] == (Decimal(100), Decimal(20))
    twice = created(shop.owner, order_input(shop, (shop.sku_id, "5"), submit=True))
    results = all_at_once([transition_call(shop, twice["id"], "CANCEL") for _ in range(2)])
    assert sorted(r["order"] is not None for r in results) == [False, True]
    # The cancelled order gave its stock back exactly once.
    assert stock(shop, shop.sku_id)[:2] == (Decimal(100), Decimal(20))
