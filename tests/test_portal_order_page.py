"""What a customer reads on their portal order page adds up, and is the same breakdown the
console shows: subtotal, discounts, tax by rate and total; the order's refunds show there
too, with amount, status and date, for the customer's own orders only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.support.graphql import GraphQLClient, TenantSession, colleague, row_id
from tests.support.payments import record, scheduled
from tests.support.portal import discounted_order, register_buyer
from tests.support.stack import Mailbox

BREAKDOWN = """subtotal { amount currency } discountTotal { amount } taxTotal { amount }
  total { amount } taxByRate { rate taxableAmount { amount } tax { amount } }"""
PORTAL_ORDER = f"""query P($id: ID!) {{ portalOrder(id: $id) {{ {BREAKDOWN}
  lines {{ skuCode discountPercent taxRate lineSubtotal {{ amount }} lineTotal {{ amount }} }}
  refunds {{ number status amount {{ amount currency }} requestedAt completedAt }} }} }}"""
CONSOLE_ORDER = f"""query C($id: ID!) {{ node(id: $id) {{ ... on Order {{ {BREAKDOWN} }} }} }}"""
REQUEST_REFUND = """mutation R($input: RequestRefundInput!) { requestRefund(input: $input) {
  refund { id number } userErrors { field code } } }"""
EXECUTE_REFUND = """mutation E($input: ExecuteRefundInput!) { executeRefund(input: $input) {
  refund { status } userErrors { field code } } }"""
PORTAL_REFUNDS_LIST = "query { refunds(first: 5) { edges { node { id } } } }"


def amount(money: dict[str, Any]) -> Decimal:
    return Decimal(money["amount"])


def test_the_portal_order_adds_up_like_the_console_order(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, buyer, order = discounted_order(api, mailbox)

    portal = buyer.portal.data(PORTAL_ORDER, {"id": row_id(order["id"])})
    seen = portal["portalOrder"]
    console = shop.owner.client.data(CONSOLE_ORDER, {"id": order["id"]})["node"]

    subtotal, discounts = amount(seen["subtotal"]), amount(seen["discountTotal"])
    tax, total = amount(seen["taxTotal"]), amount(seen["total"])
    assert discounts > 0
    assert subtotal - discounts + tax == total
    assert [(r["rate"], r["tax"]["amount"]) for r in seen["taxByRate"]] == [
        ("0.13", "6.50"),
        ("0.1", "2.85"),
    ]
    assert sum(amount(r["tax"]) for r in seen["taxByRate"]) == tax
    assert sum(amount(r["taxableAmount"]) for r in seen["taxByRate"]) == subtotal - discounts
    assert {k: seen[k] for k in console} == console
    bolt = seen["lines"][0]
    assert (bolt["discountPercent"], bolt["taxRate"]) == ("5", "0.1")
    assert amount(bolt["lineTotal"]) == amount(bolt["lineSubtotal"]) * Decimal("1.1")


def test_the_customer_follows_refunds_on_their_order(api: GraphQLClient, mailbox: Mailbox) -> None:
    shop, buyer, order = discounted_order(api, mailbox)
    portal_id = row_id(order["id"])
    open_amount = scheduled(shop.owner, order["id"])
    paid = record(
        shop.owner,
        buyer.customer_id,
        open_amount["amountOpen"]["amount"],
        [(open_amount["id"], open_amount["amountOpen"]["amount"])],
    )
    assert paid["userErrors"] == [], paid
    assert buyer.portal.data(PORTAL_ORDER, {"id": portal_id})["portalOrder"]["refunds"] == []

    refund = requested_refund(shop.owner, paid["payment"]["id"], order["id"])
    [pending] = buyer.portal.data(PORTAL_ORDER, {"id": portal_id})["portalOrder"]["refunds"]
    assert (pending["number"], pending["status"], pending["amount"]) == (
        refund["number"],
        "REQUESTED",
        {"amount": "5.00", "currency": "USD"},
    )
    assert pending["requestedAt"] and pending["completedAt"] is None

    finance = colleague(shop.owner, mailbox, "finance")
    executed = finance.client.data(
        EXECUTE_REFUND, {"input": {"refundId": refund["id"], "externalReference": "SEPA-1"}}
    )["executeRefund"]
    assert executed["userErrors"] == []
    [done] = buyer.portal.data(PORTAL_ORDER, {"id": portal_id})["portalOrder"]["refunds"]
    assert done["status"] == "SUCCEEDED" and done["completedAt"] is not None


def test_refunds_stay_with_their_customer(api: GraphQLClient, mailbox: Mailbox) -> None:
    shop, buyer, order = discounted_order(api, mailbox)
    receivable = scheduled(shop.owner, order["id"])
    paid = record(shop.owner, buyer.customer_id, "5.00", [(receivable["id"], "5.00")])
    requested_refund(shop.owner, paid["payment"]["id"], order["id"])
    other = register_buyer(api, mailbox, shop.owner, "Initech")

    assert other.portal.error_codes(PORTAL_ORDER, {"id": row_id(order["id"])}) == ["NOT_FOUND"]
    assert buyer.portal.error_codes(PORTAL_REFUNDS_LIST) == ["FORBIDDEN"]


def requested_refund(session: TenantSession, payment_id: str, order_id: str) -> dict[str, Any]:
    payload = session.client.data(
        REQUEST_REFUND,
        {
            "input": {
                "paymentId": payment_id,
                "orderId": order_id,
                "amount": "5.00",
                "reason": "CUSTOMER_REQUEST",
            }
        },
    )["requestRefund"]
    assert payload["userErrors"] == [], payload
    refund: dict[str, Any] = payload["refund"]
    return refund
