"""Quotes in the portal, in Chinese on a phone: the customer opens the emailed link, reads
the quote (it fits the screen), declines it with a reason and sees it declined; a revised
quote shows its new version and keeps the first one's PDF under earlier versions."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.support.graphql import GraphQLClient
from tests.support.orders import open_shop
from tests.support.portal import link_tokens, register_buyer, request_link
from tests.support.quotes import REVISE_QUOTE, SEND_QUOTE, acted, one_off, portal_id, sent_quote
from tests.support.stack import Mailbox, body_text

PHONE = {"width": 390, "height": 844}


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"


def test_a_customer_declines_a_quote_in_chinese_on_a_phone(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    buyer = register_buyer(api, mailbox, shop.owner, "Quayside Traders")
    quote = sent_quote(shop.owner, buyer.customer_id, one_off(shop.sku_id, "2"))
    [message] = mailbox.wait_for(buyer.email, quote["number"])
    link = re.search(r"https?://\S+/portal/\S+/quotes/[0-9a-f-]{36}", body_text(message))
    assert link, body_text(message)
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    phone = browsing.new_page(viewport=PHONE, locale="zh-CN")

    with browsing.step("the emailed link leads through sign-in to the quote"):
        assert request_link(api, shop.owner.slug, buyer.email)["accepted"] is True
        token = link_tokens(mailbox, buyer.email, count=2)[-1]
        phone.goto(f"/portal/login?token={token}")
        expect(phone.get_by_test_id("portal-customer-name")).to_have_text("Quayside Traders")
        phone.goto(f"/{path}")
        expect(phone).to_have_url(re.compile(rf"/portal/quotes/{portal_id(quote['id'])}$"))
        shown = phone.get_by_test_id("portal-quote")
        expect(shown.get_by_test_id("portal-quote-status")).to_have_text("等待您的答复")
        expect(shown.get_by_test_id("portal-quote-lines")).to_contain_text("BOLT")
        fits(phone)

    with browsing.step("declining asks why, then the quote reads declined with the reason"):
        shown.get_by_test_id("portal-decline-quote").click()
        shown.get_by_test_id("portal-decline-send").click()
        expect(shown.get_by_test_id("portal-quote-errors")).to_contain_text("原因")
        shown.get_by_label("拒绝的原因是什么？").fill("价格太高")  # noqa: RUF001
        shown.get_by_test_id("portal-decline-send").click()
        expect(shown.get_by_test_id("portal-quote-status")).to_have_text("已拒绝")
        expect(shown).to_contain_text("价格太高")

    with browsing.step("revised and sent again: version 2 shows, version 1 under earlier ones"):
        acted(shop.owner, REVISE_QUOTE, quote["id"])
        acted(shop.owner, SEND_QUOTE, quote["id"])
        phone.reload()
        expect(shown.get_by_test_id("portal-quote-status")).to_have_text("等待您的答复")
        expect(shown).to_contain_text("第 2 版")
        expect(shown).to_contain_text("以前的版本")
        fits(phone)
