"""Support in the portal: a customer reports a problem from an order's page, reads the
seller's public answer (never the internal note), answers back, and sees the request among
theirs; in Chinese on a phone the same pages read in Chinese and fit the screen."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose
from tests.support.graphql import GraphQLClient, row_id
from tests.support.portal import Buyer, discounted_order, link_tokens, request_link
from tests.support.stack import Mailbox, body_text
from tests.support.tickets import BY_NUMBER, reply
from tests.support.waiting import wait_until

PHONE = {"width": 390, "height": 844}


def sign_in(
    page: Page, api: GraphQLClient, mailbox: Mailbox, slug: str, buyer: Buyer, links: int
) -> None:
    """Follow the `links`-th sign-in link the buyer was sent (the first signed the API in)."""
    assert request_link(api, slug, buyer.email)["accepted"] is True
    token = link_tokens(mailbox, buyer.email, count=links)[-1]
    page.goto(f"/portal/login?token={token}")
    expect(page.get_by_test_id("portal-customer-name")).to_have_text("Globex")


def test_a_customer_reports_a_problem_and_follows_the_answer(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, buyer, order = discounted_order(api, mailbox)
    page = browsing.new_page()

    with browsing.step("the customer reports a problem from the order's page"):
        sign_in(page, api, mailbox, shop.owner.slug, buyer, links=2)
        page.goto(f"/portal/orders/{row_id(order['id'])}")
        page.get_by_test_id("portal-report-problem").click()
        form = page.get_by_test_id("portal-ticket-form")
        choose(page, form, "About", "Quality")
        form.get_by_label("Subject").fill("One lamp flickers")
        form.get_by_label("What happened?").fill("The second lamp flickers when switched on.")
        page.get_by_role("button", name="Send").click()
        expect(page).to_have_url(re.compile(r"/portal/tickets/[0-9a-f-]{36}$"))
        ticket = page.get_by_test_id("portal-ticket")
        expect(ticket.get_by_test_id("portal-ticket-status")).to_have_text("Received")
        expect(ticket).to_contain_text("One lamp flickers")
        expect(ticket).to_contain_text("Quality")
        number = re.search(r"T-\d{6}", ticket.get_by_role("heading").inner_text())
        assert number is not None

    staff = shop.owner.client
    ticket_id = staff.data(BY_NUMBER, {"number": number.group(0)})["ticketByNumber"]["id"]
    assert (
        reply(staff, ticket_id, "Batch fault, checking with the maker.", "INTERNAL_NOTE")[
            "userErrors"
        ]
        == []
    )
    assert (
        reply(staff, ticket_id, "Sorry! Is it the lamp's switch or the bulb?")["userErrors"] == []
    )

    with browsing.step("the reply email links straight to the request"):
        mail = wait_until(lambda: mailbox.matching(buyer.email, number.group(0)), 30, "reply")
        link = re.search(r"https?://\S+/portal/\S+/tickets/[0-9a-f-]{36}", body_text(mail[-1]))
        assert link is not None, body_text(mail[-1])
        page.goto(link.group(0))
        expect(page).to_have_url(re.compile(r"/portal/tickets/[0-9a-f-]{36}$"))
        expect(page.get_by_test_id("portal-ticket")).to_contain_text("One lamp flickers")

    with browsing.step("the seller's answer shows, the internal note does not"):
        seller = page.get_by_test_id("portal-message-seller")
        expect(seller).to_have_count(1)
        expect(seller).to_contain_text("Is it the lamp's switch")
        expect(page.get_by_test_id("portal-ticket")).not_to_contain_text("Batch fault")

    with browsing.step("the customer answers; the answer is theirs in the conversation"):
        page.get_by_label("Your reply").fill("The switch, the bulb is fine.")
        page.get_by_role("button", name="Send reply").click()
        mine = page.get_by_test_id("portal-message-mine")
        expect(mine).to_have_count(1)
        expect(mine).to_contain_text("The switch")
        expect(mine).to_contain_text("You")

    with browsing.step("the request is listed among the customer's own"):
        page.get_by_test_id("portal-nav-tickets").click()
        listed = page.get_by_test_id("portal-tickets")
        expect(listed).to_contain_text(number.group(0))
        expect(listed).to_contain_text("One lamp flickers")

    phone = browsing.new_page(viewport=PHONE, locale="zh-CN")
    with browsing.step("in Chinese on a phone: contact support from the list"):
        sign_in(phone, api, mailbox, shop.owner.slug, buyer, links=3)
        phone.goto("/portal/tickets")
        phone.get_by_role("button", name="联系客服").click()
        form = phone.get_by_test_id("portal-ticket-form")
        form.get_by_label("主题").fill("发票抬头")
        form.get_by_label(re.compile("^发生了什么")).fill("请把发票抬头改为公司全称。")
        phone.get_by_role("button", name=re.compile(r"^提\s?交$")).click()
        expect(phone.get_by_test_id("portal-ticket-status")).to_have_text("已收到")
        phone.get_by_role("link", name="全部请求").click()
        cards = phone.get_by_test_id("portal-ticket-card")
        expect(cards).to_have_count(2)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the list is {width} px wide on a 390 px phone"
