"""Invoices in the console: finance issues a whole-order invoice from the order's page, opens
it and finds its lines, tax and total equal to the order's, downloads its PDF, credits part of
it by amount and sees the credit note listed; an unpaid invoice is voided with a reason."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, nav_names, opens_pdf
from tests.support.graphql import GraphQLClient, invite_and_join
from tests.support.invoices import issued
from tests.support.orders import confirmed_order, open_shop
from tests.support.stack import Mailbox


def test_finance_invoices_an_order_downloads_the_pdf_credits_and_voids(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    finance = invite_and_join(
        shop.owner, mailbox, f"fin-{uuid.uuid4().hex[:6]}@example.com", "finance"
    )
    order = confirmed_order(shop.owner, shop)  # 3 x 10.00 + 10 % tax = 33.00
    other = confirmed_order(shop.owner, shop, quantity="1")
    page = browsing.new_page()

    with browsing.step("finance issues a whole-order invoice from the order's page"):
        page.goto(f"/orders/{order['id']}")
        log_in(page, shop.owner.slug, finance.email, finance.password)
        assert "Invoices" in nav_names(page)
        assert "Refunds" in nav_names(page)
        panel = page.get_by_test_id("order-invoices")
        expect(panel).to_contain_text("No invoices yet.")
        panel.get_by_role("button", name="Issue invoice").click()
        dialog = page.get_by_role("dialog", name="Issue an invoice")
        expect(dialog.get_by_role("radio", name="The whole order")).to_be_checked()
        dialog.get_by_role("button", name="Issue invoice").click()
        expect(page.get_by_text("Invoice INV-000001 issued.")).to_be_visible()
        row = (
            panel.get_by_test_id("order-invoices-table")
            .get_by_role("row")
            .filter(has_text="INV-000001")
        )
        expect(row.get_by_test_id("invoice-total")).to_have_text("$33.00")
        expect(row.get_by_test_id("invoice-status")).to_have_text("Issued")
        # Billed whole, the order offers no further invoice.
        expect(panel.get_by_role("button", name="Issue invoice")).to_have_count(0)

    with browsing.step("the invoice has the order's lines, tax and total"):
        row.get_by_role("link", name="INV-000001").click()
        expect(page.get_by_role("heading", name="Invoice INV-000001")).to_be_visible()
        expect(page.get_by_test_id("invoice-header")).to_contain_text(order["number"])
        lines = page.get_by_test_id("invoice-lines")
        expect(lines).to_contain_text("BOLT")
        expect(lines).to_contain_text("$33.00")
        breakdown = page.get_by_test_id("invoice-tax-breakdown")
        expect(breakdown).to_contain_text("10%")
        expect(breakdown).to_contain_text("$30.00")
        expect(breakdown).to_contain_text("$3.00")
        expect(page.get_by_test_id("invoice-tax-total")).to_have_text("$3.00")
        expect(page.get_by_test_id("invoice-total")).to_have_text("$33.00")
        expect(page.get_by_test_id("invoice-amount-due")).to_have_text("$33.00")

    with browsing.step("Download PDF links to the PDF, served to the signed-in user"):
        link = page.get_by_test_id("invoice-pdf")
        opens_pdf(page, link)

    with browsing.step("a credit note of 11.00 by amount is issued and listed"):
        page.get_by_role("button", name="Issue credit note").click()
        drawer = page.get_by_role("dialog", name="Credit note for INV-000001")
        form = drawer.get_by_test_id("credit-note-form")
        expect(drawer.get_by_test_id("creditable")).to_contain_text("$33.00")
        form.get_by_text("By amount").click()
        form.get_by_label("Amount (incl. tax)").fill("11")
        form.get_by_label("Reason").fill("One bolt came back damaged")
        drawer.get_by_role("button", name="Issue credit note").click()
        expect(page.get_by_text("Credit note CN-000001 issued.")).to_be_visible()
        expect(drawer).to_be_hidden()
        credit_notes = page.get_by_test_id("invoice-credit-notes")
        expect(credit_notes).to_contain_text("CN-000001")
        expect(credit_notes).to_contain_text("$11.00")
        expect(page.get_by_test_id("invoice-credited")).to_have_text("$11.00")
        expect(page.get_by_test_id("invoice-amount-due")).to_have_text("$22.00")

    with browsing.step("the credit note points back to its invoice"):
        credit_notes.get_by_role("link", name="CN-000001").click()
        expect(page.get_by_role("heading", name="Credit note CN-000001")).to_be_visible()
        expect(page.get_by_test_id("credited-invoice")).to_have_text("INV-000001")
        expect(page.get_by_test_id("invoice-total")).to_have_text("$11.00")

    other_invoice = issued(finance, other["id"], sendEmail=False)
    with browsing.step("an unpaid invoice is voided, with a reason required"):
        page.goto("/invoices")
        table = page.get_by_test_id("invoices-table")
        expect(table).to_contain_text("INV-000001")
        expect(table).to_contain_text("CN-000001")
        table.get_by_role("link", name=other_invoice["number"]).click()
        heading = page.get_by_role("heading", name=f"Invoice {other_invoice['number']}")
        expect(heading).to_be_visible()
        page.get_by_role("button", name="Void", exact=True).click()
        dialog = page.get_by_role("dialog", name=f"Void invoice {other_invoice['number']}")
        dialog.get_by_role("button", name="Void invoice").click()
        expect(dialog).to_contain_text("Say why the invoice is voided.")
        dialog.get_by_label("Reason").fill("Billed to the wrong branch")
        dialog.get_by_role("button", name="Void invoice").click()
        expect(page.get_by_text(f"Invoice {other_invoice['number']} voided.")).to_be_visible()
        header = page.get_by_test_id("invoice-header")
        expect(header.get_by_test_id("invoice-status")).to_have_text("Void")
        expect(page.get_by_test_id("void-reason")).to_contain_text("Billed to the wrong branch")
        expect(page.get_by_role("button", name="Void", exact=True)).to_have_count(0)
