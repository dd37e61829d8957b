"""Refunds in the console: a sales rep asks for a refund of a paid order from the order's page;
the rep sees it in Refunds but cannot execute it; finance executes it with the bank transfer's
reference, and it shows Succeeded with its credit note."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in
from tests.support.customers import hand_over
from tests.support.graphql import GraphQLClient, colleague
from tests.support.payments import paid_by_transfer
from tests.support.stack import Mailbox


def test_sales_requests_a_refund_and_finance_pays_it_back_by_transfer(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, order, _payment_id = paid_by_transfer(api)  # 33.00 paid as PAY-000001
    sales = colleague(shop.owner, mailbox, "sales")
    hand_over(shop.owner, shop.customer_id, sales)
    finance = colleague(shop.owner, mailbox, "finance")
    rep = browsing.new_page()

    with browsing.step("the rep asks for 10.00 back from the order's page"):
        rep.goto(f"/orders/{order['id']}")
        log_in(rep, shop.owner.slug, sales.email, sales.password)
        rep.get_by_test_id("request-refund").click()
        drawer = rep.get_by_role("dialog", name="Request a refund")
        form = drawer.get_by_test_id("request-refund-form")
        expect(form.get_by_role("combobox", name="Payment")).to_be_attached()
        expect(form).to_contain_text("PAY-000001")
        amount = form.get_by_label("Amount", exact=True)
        expect(amount).to_have_value("33.00")
        amount.fill("10")
        choose(rep, form, "Reason", "Other")
        drawer.get_by_role("button", name="Request refund").click()
        expect(form).to_contain_text("Add a note.")
        form.get_by_label("Note").fill("Goodwill for the late delivery")
        drawer.get_by_role("button", name="Request refund").click()
        expect(rep.get_by_text("Refund RF-000001 requested.")).to_be_visible()
        expect(drawer).to_be_hidden()

    with browsing.step("the rep sees the request in Refunds but may not execute it"):
        rep.goto("/refunds")
        row = rep.get_by_test_id("refunds-table").get_by_role("row").filter(has_text="RF-000001")
        expect(row).to_contain_text("PAY-000001")
        expect(row).to_contain_text(order["number"])
        expect(row).to_contain_text("$10.00")
        expect(row).to_contain_text("Other")
        expect(row.get_by_test_id("refund-status")).to_have_text("Requested")
        row.get_by_role("button", name="RF-000001").click()
        expect(rep.get_by_test_id("refund-detail")).to_contain_text("Goodwill for the late")
        expect(rep.get_by_role("button", name="Execute refund")).to_have_count(0)

    page = browsing.new_page()
    with browsing.step("finance executes it with the transfer's reference"):
        page.goto("/refunds")
        log_in(page, shop.owner.slug, finance.email, finance.password)
        row = page.get_by_test_id("refunds-table").get_by_role("row").filter(has_text="RF-000001")
        row.get_by_role("button", name="RF-000001").click()
        decision = page.get_by_test_id("refund-decision")
        decision.get_by_role("button", name="Execute refund").click()
        expect(decision).to_contain_text("Enter the reference of the bank transfer or cheque.")
        decision.get_by_label("Bank or cheque reference").fill("SEPA-4711")
        decision.get_by_role("button", name="Execute refund").click()
        expect(page.get_by_text("Refund RF-000001 executed.")).to_be_visible()
        detail = page.get_by_test_id("refund-detail")
        expect(detail.get_by_test_id("refund-status")).to_have_text("Succeeded")
        expect(detail).to_contain_text("SEPA-4711")
        expect(detail.get_by_test_id("refund-credit-note")).to_have_text("CN-000001")
        expect(page.get_by_test_id("refund-decision")).to_have_count(0)

    with browsing.step("the payment's page shows what was refunded"):
        detail.get_by_role("link", name="PAY-000001").click()
        expect(page.get_by_role("heading", name="Payment PAY-000001")).to_be_visible()
        expect(page.get_by_test_id("payment-amount-refunded")).to_have_text("$10.00")
        expect(page.get_by_test_id("payment-refunds-table")).to_contain_text("RF-000001")
