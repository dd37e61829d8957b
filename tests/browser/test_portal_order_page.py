"""A customer reads their discounted order on the portal, on a desktop in English and on a
phone in Chinese: subtotal - discounts + tax by rate = total, the line amounts say that tax is
included, a refund shows with its status, and the console shows the same breakdown. On a
phone (390 px) every portal page fits the screen: cards instead of wide tables, amounts and
PDF links in view."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.support.graphql import GraphQLClient, TenantSession, row_id
from tests.support.invoices import issued
from tests.support.payments import record, scheduled
from tests.support.portal import Buyer, discounted_order, link_tokens, request_link
from tests.support.stack import Mailbox

WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
REQUEST_REFUND = """mutation R($input: RequestRefundInput!) { requestRefund(input: $input) {
  refund { id number } userErrors { field code } } }"""


def sign_in(page: Page, api: GraphQLClient, mailbox: Mailbox, slug: str, buyer: Buyer) -> None:
    """A fresh emailed link, followed in the browser (the buyer's first one was used by the
    API session)."""
    assert request_link(api, slug, buyer.email)["accepted"] is True
    token = link_tokens(mailbox, buyer.email, count=2)[-1]
    page.goto(f"/portal/login?token={token}")
    expect(page.get_by_test_id("portal-customer-name")).to_have_text("Globex")


def amounts(page: Page, test_id: str) -> list[Decimal]:
    block = page.get_by_test_id("order-totals")
    expect(block.get_by_test_id(test_id).first).to_be_visible()
    values = block.get_by_test_id(test_id).evaluate_all("nodes => nodes.map(n => n.dataset.amount)")
    return [Decimal(v) for v in values]


def assert_breakdown_adds_up(page: Page) -> None:
    [subtotal] = amounts(page, "totals-subtotal")
    [discounts] = amounts(page, "totals-discounts")
    taxes = amounts(page, "totals-tax")
    [total] = amounts(page, "totals-total")
    assert discounts == Decimal("1.50") and taxes == [Decimal("6.50"), Decimal("2.85")]
    assert subtotal - discounts + sum(taxes) == total


def console_log_in(page: Page, owner: TenantSession) -> None:
    """The owner logs in to the console (Enter on the password: antd spaces out the
    two-character Chinese button label)."""
    page.get_by_label(re.compile("Company|公司")).fill(owner.slug)
    page.get_by_label(re.compile("^(Email|邮箱)$")).fill(owner.email)
    password = page.get_by_label(re.compile("^(Password|密码)$"))
    password.fill(owner.password)
    password.press("Enter")


def fits(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide"


def refund_requested(shop_owner: TenantSession, buyer: Buyer, order: dict[str, Any]) -> None:
    receivable = scheduled(shop_owner, order["id"])
    paid = record(shop_owner, buyer.customer_id, "10.00", [(receivable["id"], "10.00")])
    assert paid["userErrors"] == [], paid
    payload = shop_owner.client.data(
        REQUEST_REFUND,
        {
            "input": {
                "paymentId": paid["payment"]["id"],
                "orderId": order["id"],
                "amount": "4.00",
                "reason": "CUSTOMER_REQUEST",
            }
        },
    )["requestRefund"]
    assert payload["userErrors"] == [], payload


@pytest.mark.parametrize(
    ("viewport", "locale", "total_label", "line_label", "tax_label", "refund_status"),
    [
        (WIDE, "en-US", "Total (tax included)", "Total (incl. tax)", "Tax 13%", "Requested"),
        (PHONE, "zh-CN", "合计（含税）", "金额（含税）", "税额 13%", "已申请"),  # noqa: RUF001
    ],
    ids=["desktop-en", "phone-zh"],
)
def test_the_order_breakdown_adds_up_on_the_portal_and_the_console(
    browsing: Browsing,
    api: GraphQLClient,
    mailbox: Mailbox,
    viewport: dict[str, int],
    locale: str,
    total_label: str,
    line_label: str,
    tax_label: str,
    refund_status: str,
) -> None:
    shop, buyer, order = discounted_order(api, mailbox)
    refund_requested(shop.owner, buyer, order)
    page = browsing.new_page(viewport=viewport, locale=locale)

    with browsing.step("the portal order page"):
        sign_in(page, api, mailbox, shop.owner.slug, buyer)
        page.goto(f"/portal/orders/{row_id(order['id'])}")
        expect(page.get_by_test_id("portal-order-number")).to_have_text(order["number"])
        assert_breakdown_adds_up(page)
        totals = page.get_by_test_id("order-totals")
        expect(totals).to_contain_text(total_label)
        expect(totals).to_contain_text(tax_label)
        expect(page.get_by_text(line_label).first).to_be_visible()
        line_total = page.get_by_test_id("portal-line-total").first
        line_total.scroll_into_view_if_needed()
        expect(line_total).to_be_in_viewport()
        refund = page.get_by_test_id("portal-order-refunds")
        expect(refund.get_by_test_id("portal-refund-status")).to_have_text(refund_status)
        expect(refund.get_by_test_id("portal-refund-amount")).to_contain_text("4.00")
        fits(page, viewport["width"])

    with browsing.step("the console order page"):
        console = browsing.new_page(viewport=WIDE, locale=locale)
        console.goto("/login")
        console_log_in(console, shop.owner)
        expect(console).not_to_have_url(re.compile(r"/login"))
        console.goto(f"/orders/{order['id']}")
        assert_breakdown_adds_up(console)
        expect(console.get_by_test_id("order-totals")).to_contain_text(total_label)


def test_every_portal_page_fits_a_phone(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, buyer, order = discounted_order(api, mailbox)
    invoice = issued(shop.owner, order["id"])
    page = browsing.new_page(viewport=PHONE)
    sign_in(page, api, mailbox, shop.owner.slug, buyer)

    with browsing.step("home and my orders"):
        fits(page, 390)
        page.goto("/portal/orders")
        card = page.get_by_test_id("portal-order-card").first
        expect(card).to_contain_text(order["number"])
        expect(card).to_contain_text("$87.85")
        expect(card.get_by_text("$87.85")).to_be_in_viewport()  # nothing off to the right
        fits(page, 390)

    with browsing.step("the order's lines as cards"):
        page.goto(f"/portal/orders/{row_id(order['id'])}")
        lines = page.get_by_test_id("portal-line-card")
        expect(lines).to_have_count(2)
        name = lines.first.get_by_text("Product BOLT")
        expect(name).to_be_visible()
        box = name.bounding_box()
        assert box is not None and box["width"] > 60, "the item name is squeezed"
        lamp_total = lines.nth(1).get_by_test_id("portal-line-total")
        lamp_total.scroll_into_view_if_needed()
        expect(lamp_total).to_be_in_viewport()
        fits(page, 390)

    with browsing.step("invoices as cards with their PDF"):
        page.goto("/portal/invoices")
        invoice_card = page.get_by_test_id("portal-invoice-card").first
        expect(invoice_card).to_contain_text(invoice["number"])
        invoice_card.get_by_test_id("portal-invoice-due").scroll_into_view_if_needed()
        expect(invoice_card.get_by_test_id("portal-invoice-due")).to_be_in_viewport()
        invoice_card.get_by_test_id("portal-invoice-pdf").scroll_into_view_if_needed()
        expect(invoice_card.get_by_test_id("portal-invoice-pdf")).to_be_in_viewport()
        fits(page, 390)

    with browsing.step("placing an order and the account"):
        page.goto("/portal/order")
        expect(page.get_by_test_id("portal-item-BOLT")).to_be_visible()
        fits(page, 390)
        page.goto("/portal/account")
        expect(page.get_by_test_id("portal-balance")).to_be_visible()
        fits(page, 390)
