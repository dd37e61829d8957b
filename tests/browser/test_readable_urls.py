"""Console addresses a person can read and share: an order, invoice or payment at its number,
a customer at its UUID. A reload keeps the page, Back returns to the filtered list, and an
older address carrying a global id (a bookmark, an earlier notification) lands on the readable
one with its query string."""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.graphql import GraphQLClient, row_id
from tests.support.invoices import issued
from tests.support.orders import created, open_shop, order_input
from tests.support.payments import paid_by_transfer

SETTINGS = """mutation S($input: UpdateOrderSettingsInput!) {
  updateOrderSettings(input: $input) { userErrors { code } } }"""
PAYMENT_NUMBER = "query P($id: ID!) { node(id: $id) { ... on Payment { number } } }"


def at(path: str) -> re.Pattern[str]:
    """The page's URL ends with this path (and no query string)."""
    return re.compile(re.escape(path) + "$")


def search_orders(page: Page, text: str) -> None:
    box = page.get_by_label("Number, reference or customer")
    box.fill(text)
    box.press("Enter")


def test_an_order_opened_from_the_filtered_list_is_at_its_number_and_back_returns(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    # A number format with characters that need escaping in a URL: / and #.
    changed = shop.owner.client.data(SETTINGS, {"input": {"numberFormat": "SO/{year}/#{seq:04d}"}})[
        "updateOrderSettings"
    ]
    assert changed["userErrors"] == []
    order = created(shop.owner, order_input(shop, (shop.sku_id, "1"), externalRef="ALPHA-1"))
    created(shop.owner, order_input(shop, (shop.sku_id, "2"), externalRef="BRAVO-2"))
    readable = f"/orders/{quote(order['number'], safe='')}"
    assert "%2F" in readable and "%23" in readable
    page = browsing.new_page()
    rows = page.locator(".ant-table-tbody tr.ant-table-row")

    with browsing.step("the filtered list opens the order at its number"):
        page.goto("/orders")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        search_orders(page, "ALPHA")
        expect(rows).to_have_count(1)
        rows.first.click()
        expect(page).to_have_url(at(readable))
        expect(page.get_by_test_id("order-header")).to_contain_text("ALPHA-1")

    with browsing.step("a reload shows the same order"):
        page.reload()
        expect(page.get_by_role("heading", name=f"Order {order['number']}")).to_be_visible()
        expect(page.get_by_test_id("order-header")).to_contain_text("ALPHA-1")

    with browsing.step("Back returns to the filtered list"):
        page.go_back()
        expect(page).to_have_url(re.compile(r"/orders\?.*filter=.*ALPHA"))
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(order["number"])

    with browsing.step("the order's older address lands on its number, query string kept"):
        page.goto(f"/orders/{quote(order['id'], safe='')}?tab=history")
        expect(page).to_have_url(at(f"{readable}?tab=history"))
        expect(page.get_by_test_id("order-header")).to_contain_text("ALPHA-1")

    with browsing.step("Back skips the older address it replaced"):
        page.go_back()
        expect(page).to_have_url(re.compile(r"/orders\?.*filter=.*ALPHA"))
        expect(rows).to_have_count(1)

    with browsing.step("a number no order has reads as not found"):
        page.goto("/orders/SO-000999")
        expect(page.get_by_text("This page does not exist.")).to_be_visible()


def test_invoices_payments_and_customers_are_at_readable_addresses(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop, order, payment_id = paid_by_transfer(api)
    invoice = issued(shop.owner, order["id"])
    payment = shop.owner.client.data(PAYMENT_NUMBER, {"id": payment_id})["node"]
    customer_uuid = row_id(shop.customer_id)
    page = browsing.new_page()

    with browsing.step("the invoice's older address lands on its number"):
        page.goto(f"/invoices/{quote(invoice['id'], safe='')}")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        expect(page).to_have_url(at(f"/invoices/{invoice['number']}"))
        expect(page.get_by_role("heading", name=f"Invoice {invoice['number']}")).to_be_visible()

    with browsing.step("a reload keeps the invoice; its order link is the order's number"):
        page.reload()
        expect(page.get_by_role("heading", name=f"Invoice {invoice['number']}")).to_be_visible()
        page.get_by_role("link", name=order["number"]).click()
        expect(page).to_have_url(at(f"/orders/{order['number']}"))

    with browsing.step("the payment's older address lands on its number, and reloads"):
        page.goto(f"/payments/{quote(payment_id, safe='')}")
        expect(page).to_have_url(at(f"/payments/{payment['number']}"))
        page.reload()
        expect(page.get_by_role("heading", name=f"Payment {payment['number']}")).to_be_visible()

    with browsing.step("the customer's older address lands on its UUID"):
        page.goto(f"/customers/{quote(shop.customer_id, safe='')}")
        expect(page).to_have_url(at(f"/customers/{customer_uuid}"))
        expect(page.get_by_role("heading", name="Harbour Supplies")).to_be_visible()

    with browsing.step("the customer page links the invoice and payment at their numbers"):
        invoices = page.locator("[data-section=invoices]")
        expect(invoices.get_by_role("link", name=invoice["number"])).to_have_attribute(
            "href", f"/invoices/{invoice['number']}"
        )
        payments = page.locator("[data-section=payments]")
        expect(payments.get_by_role("link", name=payment["number"])).to_have_attribute(
            "href", f"/payments/{payment['number']}"
        )
        page.reload()
        expect(page).to_have_url(at(f"/customers/{customer_uuid}"))
        expect(page.get_by_role("heading", name="Harbour Supplies")).to_be_visible()

    with browsing.step("the audit log links the customer at its UUID"):
        page.goto("/audit?action=customers.create")
        subject = page.get_by_role("link", name="Customer · Harbour Supplies")
        expect(subject).to_have_attribute("href", f"/customers/{customer_uuid}")
