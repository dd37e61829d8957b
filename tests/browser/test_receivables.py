"""Receivables in the console: a finance user sees a confirmed order's receivable, records a
bank transfer for part of it allocated automatically, and finds the open amount lower, the
payment in the payments list and on its own page, the debt in the aging report and the
order's payment status on the order's page."""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in, nav_names
from tests.support.graphql import GraphQLClient, TenantSession, invite_and_join
from tests.support.orders import created, customer, open_shop
from tests.support.stack import Mailbox
from tests.support.waiting import wait_until

RECEIVABLES = """query R { receivables(first: 50) { edges { node {
  id orderId amountOpen { amount currency } } } } }"""


def receivable_of(session: TenantSession, order_id: str) -> dict[str, Any]:
    """The order's receivable, once the worker has scheduled it."""

    def found() -> dict[str, Any] | None:
        edges = session.client.data(RECEIVABLES)["receivables"]["edges"]
        return next((e["node"] for e in edges if e["node"]["orderId"] == order_id), None)

    return wait_until(found, 30, "the order's receivable")


def test_finance_records_a_partial_bank_transfer_against_an_open_receivable(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    finance = invite_and_join(
        shop.owner, mailbox, f"fin-{uuid.uuid4().hex[:6]}@example.com", "finance"
    )
    buyer = customer(shop.owner, "Quay Traders")
    order = created(
        shop.owner,
        {"customerId": buyer, "submit": True, "lines": [{"skuId": shop.sku_id, "quantity": "3"}]},
    )
    assert order["status"] == "CONFIRMED", order
    assert receivable_of(finance, order["id"])["amountOpen"] == {
        "amount": "33.00",
        "currency": "USD",
    }

    page = browsing.new_page()
    with browsing.step("finance opens receivables and sees the order's receivable"):
        page.goto("/receivables")
        log_in(page, shop.owner.slug, finance.email, finance.password)
        expect(page.get_by_role("heading", name="Receivables", exact=True)).to_be_visible()
        assert "Receivables" in nav_names(page)
        row = (
            page.get_by_test_id("receivables-table")
            .get_by_role("row")
            .filter(has_text=order["number"])
        )
        expect(row).to_contain_text("Quay Traders")
        expect(row).to_contain_text("Payment in full")
        expect(row.get_by_test_id("amount-open")).to_have_text("$33.00")
        expect(row.get_by_test_id("receivable-status")).to_have_text("Open")

    with browsing.step("record a bank transfer of 20.00, allocated automatically"):
        page.get_by_role("button", name="Record payment").click()
        drawer = page.get_by_role("dialog", name="Record a payment")
        form = drawer.get_by_test_id("record-payment-form")
        choose(page, form, "Customer", "Quay Traders")
        expect(form.get_by_test_id("allocation-rows")).to_contain_text(order["number"])
        form.get_by_label("Amount", exact=True).fill("20")
        expect(form.get_by_test_id("unallocated")).to_have_text("Not yet allocated: $20.00")
        form.get_by_role("button", name="Allocate automatically").click()
        allocation = form.get_by_label(re.compile(f"^Allocate {re.escape(order['number'])}"))
        expect(allocation).to_have_value(re.compile(r"^20(\.00?)?$"))
        expect(form.get_by_test_id("unallocated")).to_have_text("Fully allocated.")
        form.get_by_label("Reference", exact=True).fill("SEPA 77")
        drawer.get_by_role("button", name="Record payment").click()
        expect(page.get_by_text("Payment PAY-000001 recorded.")).to_be_visible()
        expect(drawer).to_be_hidden()

    with browsing.step("the receivable's open amount dropped by the payment"):
        row = (
            page.get_by_test_id("receivables-table")
            .get_by_role("row")
            .filter(has_text=order["number"])
        )
        expect(row.get_by_test_id("amount-open")).to_have_text("$13.00")
        expect(row).to_contain_text("$20.00")

    with browsing.step("the payment is listed and its page shows the order it paid"):
        page.get_by_role("tab", name="Payments").click()
        payment_row = (
            page.get_by_test_id("payments-table").get_by_role("row").filter(has_text="PAY-000001")
        )
        expect(payment_row).to_contain_text("Quay Traders")
        expect(payment_row).to_contain_text("Bank transfer")
        expect(payment_row).to_contain_text("$20.00")
        expect(payment_row).to_contain_text("SEPA 77")
        payment_row.get_by_role("link", name="PAY-000001").click()
        expect(page.get_by_role("heading", name="Payment PAY-000001")).to_be_visible()
        allocations = page.get_by_test_id("payment-allocations")
        expect(allocations).to_contain_text("$20.00")
        expect(allocations.get_by_role("link", name=order["number"])).to_be_visible()

    with browsing.step("the aging report shows what the customer still owes"):
        page.get_by_role("button", name="All payments").click()
        page.get_by_role("tab", name="Aging").click()
        expect(page.get_by_test_id("aging-chart")).to_be_visible()
        aging_row = (
            page.get_by_test_id("aging-table").get_by_role("row").filter(has_text="Quay Traders")
        )
        expect(aging_row).to_contain_text("$13.00")

    with browsing.step("the order's page shows it partly paid with the amount due"):
        page.goto(f"/orders/{order['id']}")
        summary = page.get_by_test_id("order-payment")
        expect(summary.get_by_test_id("order-payment-status")).to_have_text("Partially paid")
        expect(summary.get_by_test_id("order-amount-due")).to_have_text("$13.00")
