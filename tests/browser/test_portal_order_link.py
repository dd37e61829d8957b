"""An order email's link opened by a signed-out reader (issue 15): the tenant's own sign-in
page, the tenant already filled in, and the order itself once signed in; by password on a
desktop, by an emailed sign-in link on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.support.graphql import STRONG_PASSWORD, GraphQLClient
from tests.support.orders import open_shop
from tests.support.portal import SET_PASSWORD, Buyer, link_tokens, placed, register_buyer
from tests.support.stack import Mailbox, body_text

WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def order_link_in_mail(mailbox: Mailbox, to: str, number: str) -> str:
    [message] = mailbox.wait_for(to, f"{number} is confirmed")
    match = re.search(r"https?://\S+/portal/\S+/orders/[0-9a-f-]{36}", body_text(message))
    assert match, body_text(message)
    return match.group(0)


def sign_in_by_password(page: Page, buyer: Buyer) -> None:
    page.get_by_role("tab", name="Password").click()
    form = page.locator("form#portalPassword")
    form.get_by_label("Email").fill(buyer.email)
    form.get_by_label("Password").fill(STRONG_PASSWORD)
    form.get_by_role("button", name="Log in").click()


def sign_in_by_link(page: Page, mailbox: Mailbox, buyer: Buyer, slug: str) -> None:
    form = page.locator("form#magicLink")
    form.get_by_label("Email").fill(buyer.email)
    form.get_by_role("button", name="Send sign-in link").click()
    expect(page.get_by_text("Check your email")).to_be_visible()
    token = link_tokens(mailbox, buyer.email, count=2)[-1]  # the first signed the API in
    page.goto(f"/portal/{slug}?token={token}")


@pytest.mark.parametrize(
    ("viewport", "method"), [(WIDE, "password"), (PHONE, "link")], ids=["desktop", "phone"]
)
def test_an_order_emails_link_asks_a_signed_out_reader_to_sign_in_and_opens_the_order(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox, viewport: dict[str, int], method: str
) -> None:
    shop = open_shop(api)
    slug = shop.owner.slug
    buyer = register_buyer(api, mailbox, shop.owner, "Harbour Lights")
    assert (
        buyer.portal.data(SET_PASSWORD, {"password": STRONG_PASSWORD})["setPortalPassword"][
            "userErrors"
        ]
        == []
    )
    order = placed(buyer, (shop.sku_id, "1"))
    link = order_link_in_mail(mailbox, buyer.email, order["number"])
    assert link == f"{browsing.base_url}/portal/{slug}/orders/{order['id']}"
    page = browsing.new_page(viewport=viewport)

    with browsing.step("the link asks for sign-in at the tenant's own portal"):
        page.goto(link)
        expect(page.get_by_test_id("portal-tenant-hint")).to_contain_text(slug)
        expect(page.get_by_label("Company").first).to_be_hidden()

    with browsing.step("after signing in, the order"):
        if method == "password":
            sign_in_by_password(page, buyer)
        else:
            sign_in_by_link(page, mailbox, buyer, slug)
        expect(page).to_have_url(re.compile(rf"/portal/orders/{order['id']}$"))
        expect(page.get_by_test_id("portal-order-number")).to_have_text(order["number"])
        assert page.evaluate(f"document.scrollingElement.scrollWidth <= {viewport['width']}")

    with browsing.step("signed in, the link opens the order at once"):
        page.goto(link)
        expect(page).to_have_url(re.compile(rf"/portal/orders/{order['id']}$"))
        expect(page.get_by_test_id("portal-order-number")).to_have_text(order["number"])
