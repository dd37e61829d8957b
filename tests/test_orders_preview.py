"""The order form's live preview through GraphQL: the server's prices, line amounts, tax by
rate and total before the order exists; pack size and minimum hints; which line is short of
stock and what the warehouse has; whether submitting would wait for approval and why."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.catalog import UPDATE_SKU, create_product
from tests.support.graphql import GraphQLClient, TenantSession, invite_and_join
from tests.support.inventory import receive
from tests.support.orders import Shop, created, open_shop, order_input
from tests.support.stack import Mailbox

PREVIEW = """query Preview($input: CreateOrderInput!) { orderPreview(input: $input) {
  complete subtotal { amount currency } discountTotal { amount } taxTotal { amount }
  total { amount currency } taxByRate { rate taxableAmount { amount } tax { amount } }
  shortLines mayBackorder
  approvals { level reasons { code message params } }
  issues { field code message params }
  lines { skuCode minOrderQuantity packSize unitPrice { amount } priceSourceLabel
    gross { amount } discount { amount } net { amount } taxRate tax { amount }
    total { amount } stock { enough available warehouse } } } }"""


@pytest.fixture(scope="module")
def shop(api: GraphQLClient) -> Shop:
    return open_shop(api)


def preview(session: TenantSession, data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = session.client.data(PREVIEW, {"input": data})["orderPreview"]
    return result


def test_the_preview_prices_each_line_and_totals_tax_by_rate_as_the_order_will(
    shop: Shop,
) -> None:
    food = create_product(shop.owner, "RICE", "Rice", "20.00", cost="5.00", taxRate="0.09")
    rice = food["skus"][0]["id"]
    receive(shop.owner, shop.warehouse_id, rice, "50")
    data = order_input(shop, (shop.sku_id, "3"), (rice, "2"))
    data["lines"][0]["discountPercent"] = "5"
    shown = preview(shop.owner, data)
    assert shown["complete"] is True
    bolt, bag = shown["lines"]
    assert (bolt["skuCode"], bolt["unitPrice"]["amount"], bolt["gross"]["amount"]) == (
        "BOLT",
        "10.00",
        "30.00",
    )
    assert (bolt["discount"]["amount"], bolt["net"]["amount"], bolt["tax"]["amount"]) == (
        "1.50",
        "28.50",
        "2.85",
    )
    assert (bag["taxRate"], bag["net"]["amount"], bag["tax"]["amount"]) == ("0.09", "40.00", "3.60")
    assert shown["taxByRate"] == [
        {"rate": "0.1", "taxableAmount": {"amount": "28.50"}, "tax": {"amount": "2.85"}},
        {"rate": "0.09", "taxableAmount": {"amount": "40.00"}, "tax": {"amount": "3.60"}},
    ]
    order = created(shop.owner, data)
    assert (shown["subtotal"]["amount"], shown["taxTotal"]["amount"]) == (
        order["subtotal"]["amount"],
        order["taxTotal"]["amount"],
    )
    assert shown["total"] == order["total"] == {"amount": "74.95", "currency": order["currency"]}


def test_pack_size_and_minimum_are_hinted_and_a_wrong_quantity_is_an_issue_on_its_line(
    shop: Shop,
) -> None:
    packed = create_product(shop.owner, "CRATE", "Crate", "4.00", cost="1.00")["skus"][0]["id"]
    shop.owner.client.data(
        UPDATE_SKU, {"input": {"skuId": packed, "minOrderQuantity": "6", "packSize": "6"}}
    )
    shown = preview(shop.owner, order_input(shop, (shop.sku_id, "1"), (packed, "8")))
    assert (shown["lines"][1]["minOrderQuantity"], shown["lines"][1]["packSize"]) == ("6", "6")
    assert [(i["field"], i["code"]) for i in shown["issues"]] == [
        (["lines", "1", "quantity"], "NOT_PACK_SIZE_MULTIPLE")
    ]
    assert shown["complete"] is False and shown["lines"][1]["total"] is None
    assert shown["total"]["amount"] == shown["lines"][0]["total"]["amount"] == "11.00"


def test_the_short_line_is_named_with_what_the_warehouse_has_before_submit(
    shop: Shop, mailbox: Mailbox
) -> None:
    data = order_input(shop, (shop.other_sku_id, "2"), (shop.sku_id, "180"))
    shown = preview(shop.owner, data)
    assert shown["shortLines"] == [1]
    assert shown["lines"][0]["stock"]["enough"] is True
    assert shown["lines"][1]["stock"] == {"enough": False, "available": "100", "warehouse": "MAIN"}
    assert shown["mayBackorder"] is True
    sales = invite_and_join(shop.owner, mailbox, f"rep@{shop.owner.slug}.example.com", "sales")
    assert preview(sales, data)["mayBackorder"] is False


def test_the_preview_says_which_approval_submitting_would_need_and_why(shop: Shop) -> None:
    plain = order_input(shop, (shop.sku_id, "1"))
    assert preview(shop.owner, plain)["approvals"] == []
    discounted = order_input(shop, (shop.sku_id, "1"))
    discounted["lines"][0]["discountPercent"] = "8"
    [approval] = preview(shop.owner, discounted)["approvals"]
    assert approval["level"] == "MANAGER"
    assert [r["code"] for r in approval["reasons"]] == ["DISCOUNT"]
    assert "8%" in approval["reasons"][0]["message"]
    assert approval["reasons"][0]["params"]["discount"] == "8"
    big = order_input(shop, (shop.sku_id, "10001"))
    levels = [a["level"] for a in preview(shop.owner, big)["approvals"]]
    assert levels == ["MANAGER"]


def test_the_preview_needs_a_customer_before_it_prices(shop: Shop) -> None:
    shown = preview(shop.owner, {"lines": [{"skuId": shop.sku_id, "quantity": "2"}]})
    assert shown["total"] is None and shown["lines"][0]["skuCode"] == "BOLT"
    assert shown["lines"][0]["unitPrice"] is None and shown["approvals"] == []
