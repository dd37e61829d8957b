"""Quotes in the console and the portal: staff draft a quote in the form (the price shows
live, as an order's would), save and send it; the customer finds it under My quotes, reads
it, accepts it and lands on the order it became."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, pick_option, portal_nav
from tests.support.graphql import GraphQLClient
from tests.support.orders import open_shop
from tests.support.portal import link_tokens, register_buyer, request_link
from tests.support.stack import Mailbox

QUOTE_PAGE = re.compile(r"/quotes/Q-\d{6}$")


def pick(page: Page, within: Locator, label: str, option: re.Pattern[str]) -> None:
    """Open the antd select labelled `label` from the keyboard and choose `option`."""
    select = within.get_by_role("combobox", name=label, exact=True)
    select.focus()
    select.press("ArrowDown")
    pick_option(page, page.locator(".ant-select-dropdown:visible").get_by_title(option))


def test_staff_send_a_quote_and_the_customer_accepts_it_in_the_portal(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    buyer = register_buyer(api, mailbox, shop.owner, "Quayside Traders")
    staff = browsing.new_page()

    with browsing.step("staff draft a quote; its price shows live"):
        staff.goto("/quotes/new")
        log_in(staff, shop.owner.slug, shop.owner.email, shop.owner.password)
        expect(staff.get_by_role("heading", name="New quote", exact=True)).to_be_visible()
        pick(staff, staff.locator("form"), "Customer", re.compile("^Quayside Traders"))
        line = staff.get_by_test_id("quote-line")
        pick(staff, line, "Product", re.compile("^BOLT"))
        line.get_by_label("Quantity").fill("3")
        expect(line.get_by_test_id("quote-line-price")).to_contain_text("10.00")
        expect(staff.get_by_test_id("quote-preview-total")).to_have_text("33.00 USD")
        staff.get_by_test_id("save-quote").click()
        expect(staff).to_have_url(QUOTE_PAGE)
        expect(staff.get_by_test_id("quote-status")).to_have_text("Draft")
        expect(staff.get_by_test_id("quote-lines")).to_contain_text("BOLT")

    with browsing.step("send: version 1 is sent with its PDF"):
        staff.get_by_test_id("send-quote").click()
        staff.get_by_test_id("confirm-ok").click()
        expect(staff.get_by_test_id("quote-status")).to_have_text("Sent")
        expect(staff.get_by_test_id("quote-versions").get_by_test_id("quote-pdf")).to_have_count(1)
        number = staff.url.rsplit("/", 1)[-1]

    customer = browsing.new_page()
    with browsing.step("the customer reads it under My quotes and accepts it"):
        assert request_link(api, shop.owner.slug, buyer.email)["accepted"] is True
        token = link_tokens(mailbox, buyer.email, count=2)[-1]
        customer.goto(f"/portal/login?token={token}")
        expect(customer.get_by_test_id("portal-customer-name")).to_have_text("Quayside Traders")
        portal_nav(customer, "quotes")
        customer.get_by_test_id("portal-quote-link").filter(has_text=number).click()
        shown = customer.get_by_test_id("portal-quote")
        expect(shown.get_by_test_id("portal-quote-number")).to_have_text(number)
        expect(shown.get_by_test_id("portal-quote-lines")).to_contain_text("BOLT")
        expect(shown.get_by_test_id("portal-quote-pdf")).to_be_visible()
        shown.get_by_test_id("portal-accept-quote").click()
        customer.get_by_test_id("portal-accept-confirm").click()
        expect(shown.get_by_test_id("portal-quote-status")).to_have_text("Accepted")

    with browsing.step("the quote became an order the customer can open"):
        customer.get_by_test_id("portal-quote-order").click()
        expect(customer).to_have_url(re.compile(r"/portal/orders/[0-9a-f-]{36}$"))
        expect(customer.get_by_text("BOLT").first).to_be_visible()
        staff.reload()
        expect(staff.get_by_test_id("quote-status")).to_have_text("Accepted")
        expect(staff.get_by_test_id("quote-order")).to_have_text(re.compile(r"\S"))
