"""Customer 360 in the console (issue 15): the customers list opens a customer's own page at
/customers/<id>, which shows its balance and credit used against its limit, its orders,
invoices and payments, its contacts and addresses, and what happened around it (status
changes, comments, emails sent). It works at 1440 px and on a 390 px phone, in English and in
Chinese; a customer the reader cannot see reads as not found."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.customers import contact, create_customer, unique_email
from tests.support.graphql import GraphQLClient, row_id
from tests.support.invoices import issued
from tests.support.orders import ADDRESS, Shop, confirmed_order, open_shop
from tests.support.waiting import wait_until

COMMENT = """mutation Comment($input: AddOrderCommentInput!) {
  addOrderComment(input: $input) { userErrors { code } } }"""
SET_LOCALE = """mutation Locale($locale: String!) { setMyLocale(locale: $locale) {
  userErrors { code } } }"""
INVOICE_MAILED = "query Mailed($id: ID!) { node(id: $id) { ... on Invoice { emailedAt } } }"
PHONE = {"width": 390, "height": 844}


@dataclass
class Story:
    shop: Shop
    customer: dict[str, Any]
    order: dict[str, Any]
    invoice: dict[str, Any]


@pytest.fixture(scope="module")
def story(api: GraphQLClient) -> Story:
    shop = open_shop(api)
    customer = create_customer(
        shop.owner,
        "Orchid Labs",
        [contact(unique_email("orchid"), name="Mei Chen")],
        creditLimit="5000",
        paymentTerms={"kind": "NET", "netDays": 30},
        addresses=[ADDRESS],
    )
    order = confirmed_order(shop.owner, shop, customer_id=customer["id"], quantity="4")
    said = shop.owner.client.data(
        COMMENT, {"input": {"orderId": order["id"], "body": "Deliver to the back door"}}
    )
    assert said["addOrderComment"]["userErrors"] == []
    invoice = issued(shop.owner, order["id"])
    wait_until(
        lambda: shop.owner.client.data(INVOICE_MAILED, {"id": invoice["id"]})["node"]["emailedAt"],
        what="the invoice email",
    )
    return Story(shop, customer, order, invoice)


def overflowing(page: Page) -> list[str]:
    """The page's own elements (the header is the shell's) that reach past the right edge of
    the window: none on a page that fits; wide tables scroll inside their own box."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                         && !e.closest('.ant-table-content, .ant-table-body'))
          .map((e) => `${e.tagName}.${e.className}`.slice(0, 80))"""
    )
    return found


def test_the_customer_page_gathers_everything_about_the_customer(
    browsing: Browsing, story: Story
) -> None:
    owner = story.shop.owner
    page = browsing.new_page()

    with browsing.step("the customers list opens the customer's page"):
        page.goto("/customers")
        log_in(page, owner.slug, owner.email, owner.password)
        page.get_by_role("row", name=re.compile("Orchid Labs")).get_by_role(
            "link", name="View"
        ).click()
        expect(page).to_have_url(re.compile(rf"/customers/{row_id(story.customer['id'])}$"))
        expect(page.get_by_role("heading", name="Orchid Labs")).to_be_visible()

    with browsing.step("balance and credit used against the limit"):
        credit = page.get_by_test_id("customer-credit")
        expect(credit).to_contain_text("Open balance")
        expect(credit).to_contain_text("Credit used")
        expect(credit).to_contain_text(re.compile(r"of .*5,000"))

    with browsing.step("orders, invoices, contacts, addresses"):
        orders = page.locator("[data-section=orders]")
        expect(orders.get_by_role("link", name=story.order["number"])).to_be_visible()
        invoices = page.locator("[data-section=invoices]")
        expect(invoices.get_by_role("link", name=story.invoice["number"])).to_be_visible()
        expect(page.locator("[data-section=payments]")).to_contain_text("No payments yet.")
        expect(page.get_by_role("cell", name="Mei Chen")).to_be_visible()
        expect(page.get_by_role("cell", name=re.compile("1 Harbour Rd"))).to_be_visible()

    with browsing.step("the timeline tells what happened, newest first"):
        timeline = page.get_by_test_id("customer-timeline")
        expect(timeline).to_contain_text(f"Comment on {story.order['number']}")
        expect(timeline).to_contain_text("Deliver to the back door")
        expect(timeline).to_contain_text(f"{story.order['number']}: Submitted → Confirmed")
        expect(timeline).to_contain_text("by Olivia Owner")
        expect(timeline).not_to_contain_text(owner.email)
        expect(timeline).to_contain_text("Created customer: Orchid Labs")
        expect(timeline).to_contain_text(f"Invoice {story.invoice['number']} emailed to")
        assert not (wide := overflowing(page)), "\n".join(wide)

    with browsing.step("an order in the timeline opens the order"):
        timeline.get_by_role("link", name=story.order["number"]).first.click()
        expect(page).to_have_url(re.compile(rf"/orders/{story.order['number']}$"))

    with browsing.step("a customer that is not there reads as not found"):
        page.goto(f"/customers/{uuid.uuid4()}")
        expect(page.get_by_text("This customer does not exist")).to_be_visible()


def test_the_customer_page_on_a_phone_in_chinese(browsing: Browsing, story: Story) -> None:
    owner = story.shop.owner
    owner.client.data(SET_LOCALE, {"locale": "zh-CN"})
    page = browsing.new_page(viewport=PHONE)
    try:
        with browsing.step("the page at its raw id, in Chinese, fits the phone"):
            page.goto(f"/customers/{row_id(story.customer['id'])}")
            log_in(page, owner.slug, owner.email, owner.password)
            expect(page.get_by_role("heading", name="Orchid Labs")).to_be_visible()
            expect(page.get_by_test_id("customer-credit")).to_contain_text("已用信用")
            orders = page.locator("[data-section=orders]")
            expect(orders.get_by_role("link", name=story.order["number"])).to_be_visible()
            timeline = page.get_by_test_id("customer-timeline")
            expect(timeline).to_contain_text(f"评论了 {story.order['number']}")
            expect(timeline).to_contain_text("创建了客户\uff1aOrchid Labs")
            timeline.scroll_into_view_if_needed()
            expect(timeline).to_be_in_viewport()
            assert not (wide := overflowing(page)), "\n".join(wide)
    finally:
        owner.client.data(SET_LOCALE, {"locale": "en"})
