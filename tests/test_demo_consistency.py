"""The demo tenant tells one story: every seeded order's lifecycle, payment status,
receivables and invoices agree (an order shown Paid owes nothing; one that owes shows it),
the books reconcile, and the demo has what a newcomer looks for: customers of several tiers
and payment terms with addresses, a price book with tier, volume and promotional prices, and
more than one stocked warehouse."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.support.demo import Logins, demo_logins, log_in
from tests.support.graphql import GraphQLClient
from tests.support.stack import Stack

# Seeding the demo (a CLI run, twice for the idempotency checks) is slow on a busy machine.
pytestmark = pytest.mark.timeout(300)
RECONCILE = """mutation { runReconciliation {
  run { balanced mismatches { code subject expected actual } } userErrors { code } } }"""
ORDERS = """query { orders(first: 50) { edges { node { id number status paymentStatus
  total { amount } amountPaid { amount } amountDue { amount } amountRefunded { amount }
  paymentTerms { kind } statusHistory { toStatus } shipments { status } } } } }"""
RECEIVABLES = """query { receivables(first: 100) { edges { node {
  orderNumber status amount { amount } amountOpen { amount } } } } }"""
INVOICES = """query { invoices(first: 100) { edges { node {
  number kind status orderNumber total { amount } amountDue { amount }
  amountPaid { amount } } } } }"""
CUSTOMERS = """query { customers(first: 50) { edges { node { name tier paymentTerms { kind }
  addresses { kind city } } } } }"""
PRICE_BOOKS = """query { priceBooks(first: 50) { edges { node { name kind customerTier active
  validFrom validTo entries { minQuantity } } } } }"""
STOCK = """query { stockLevels(first: 100) { edges { node { onHand
  warehouse { code } } } } }"""
REFUNDS = "query { refunds(first: 20) { edges { node { status creditNote { number } } } } }"
PAID_STATUSES = {"PAID", "PARTIALLY_REFUNDED", "REFUNDED"}


def nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def money(value: dict[str, str]) -> Decimal:
    return Decimal(value["amount"])


@pytest.fixture(scope="module")
def logins(stack: Stack) -> Logins:
    return demo_logins(stack)


@pytest.fixture(scope="module")
def finance(api: GraphQLClient, logins: Logins) -> GraphQLClient:
    return log_in(api, logins, "finance@demo.example.com")


@pytest.fixture(scope="module")
def demo_orders(finance: GraphQLClient) -> list[dict[str, Any]]:
    return nodes(finance.data(ORDERS)["orders"])


def test_the_demo_books_reconcile_without_a_mismatch(finance: GraphQLClient) -> None:
    payload = finance.data(RECONCILE)["runReconciliation"]

    assert payload["userErrors"] == []
    assert payload["run"]["mismatches"] == []
    assert payload["run"]["balanced"] is True


def test_an_order_that_went_through_paid_shows_paid_and_owes_nothing(
    finance: GraphQLClient, demo_orders: list[dict[str, Any]]
) -> None:
    open_by_order: dict[str, Decimal] = {}
    for receivable in nodes(finance.data(RECEIVABLES)["receivables"]):
        if receivable["status"] != "VOID":
            number = receivable["orderNumber"]
            open_by_order[number] = open_by_order.get(number, Decimal(0)) + money(
                receivable["amountOpen"]
            )
    went_through_paid = [
        o for o in demo_orders if "PAID" in {h["toStatus"] for h in o["statusHistory"]}
    ]

    assert len(went_through_paid) >= 4
    for order in went_through_paid:
        assert order["paymentStatus"] in PAID_STATUSES, order
        assert money(order["amountPaid"]) == money(order["total"]), order
        assert open_by_order.get(order["number"], Decimal(0)) == 0, order
    for order in demo_orders:
        owed = money(order["total"]) - money(order["amountPaid"])
        if order["status"] not in {"DRAFT", "PENDING_APPROVAL", "CANCELLED"}:
            assert open_by_order.get(order["number"], Decimal(0)) == owed, order


def test_every_order_past_entry_has_its_receivables_and_paid_ones_their_invoice(
    finance: GraphQLClient, demo_orders: list[dict[str, Any]]
) -> None:
    invoices = nodes(finance.data(INVOICES)["invoices"])
    invoiced = {i["orderNumber"]: i for i in invoices if i["kind"] == "INVOICE"}
    payment_statuses = {o["paymentStatus"] for o in demo_orders}

    assert {"UNPAID", "PARTIALLY_PAID", "PAID", "PARTIALLY_REFUNDED"} <= payment_statuses
    for order in demo_orders:
        invoice = invoiced.get(order["number"])
        if order["paymentStatus"] == "PAID" and order["paymentTerms"]["kind"] == "PREPAID":
            assert invoice is not None, order
        if invoice is not None:
            assert money(invoice["total"]) == money(order["total"]), (order, invoice)
            assert money(invoice["amountPaid"]) == min(
                money(order["amountPaid"]), money(order["total"])
            ), (order, invoice)
    assert any(i["kind"] == "CREDIT_NOTE" for i in invoices)


def test_a_refund_in_the_demo_was_paid_out_with_its_credit_note(finance: GraphQLClient) -> None:
    [refund] = nodes(finance.data(REFUNDS)["refunds"])

    assert refund["status"] == "SUCCEEDED"
    assert refund["creditNote"] is not None


def test_shipped_orders_have_their_shipments(demo_orders: list[dict[str, Any]]) -> None:
    for order in demo_orders:
        if order["status"] in {"SHIPPED", "DELIVERED", "COMPLETED"}:
            assert order["shipments"], order
        if order["status"] in {"DELIVERED", "COMPLETED"}:
            assert {s["status"] for s in order["shipments"]} == {"DELIVERED"}, order


def test_the_demo_has_customers_of_several_tiers_and_terms_each_with_addresses(
    finance: GraphQLClient,
) -> None:
    customers = nodes(finance.data(CUSTOMERS)["customers"])

    assert len(customers) >= 5
    assert {c["tier"] for c in customers} == {"standard", "vip", "wholesale"}
    assert {c["paymentTerms"]["kind"] for c in customers} == {"PREPAID", "NET", "INSTALMENTS"}
    for customer in customers:
        assert {a["kind"] for a in customer["addresses"]} == {"SHIP_TO", "BILL_TO"}, customer


def test_the_demo_has_tier_volume_and_promotional_prices(finance: GraphQLClient) -> None:
    books = nodes(finance.data(PRICE_BOOKS)["priceBooks"])

    assert {b["kind"] for b in books} >= {"TIER", "VOLUME", "PROMOTION"}
    [volume] = [b for b in books if b["kind"] == "VOLUME"]
    assert len({Decimal(e["minQuantity"]) for e in volume["entries"]}) >= 2
    [promotion] = [b for b in books if b["kind"] == "PROMOTION"]
    assert promotion["active"] and promotion["validFrom"] and promotion["validTo"]


def test_the_demo_has_stock_in_more_than_one_warehouse(finance: GraphQLClient) -> None:
    levels = nodes(finance.data(STOCK)["stockLevels"])

    stocked = {level["warehouse"]["code"] for level in levels if Decimal(level["onHand"]) > 0}
    assert len(stocked) >= 2
