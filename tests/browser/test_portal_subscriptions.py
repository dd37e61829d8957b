"""My subscriptions in the portal: the customer sees their subscription with its next
renewal and monthly value, changes its quantity from the next period, and cancels it at the
period's end where the plan allows it — after which it no longer renews; in Chinese the
page reads in Chinese."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import portal_nav, portal_sign_in
from tests.support.graphql import GraphQLClient
from tests.support.orders import open_shop
from tests.support.portal import register_buyer
from tests.support.stack import Mailbox
from tests.support.subscriptions import create_plan, read, started


def test_a_customer_changes_and_cancels_their_subscription(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    buyer = register_buyer(api, mailbox, shop.owner, "Globex")
    plan = create_plan(shop.owner, shop.sku_id, "CARE-M")
    subscription = started(shop.owner, buyer.customer_id, plan, "2")
    page = browsing.new_page()
    portal_sign_in(page, api, mailbox, shop.owner.slug, buyer.email, "Globex", links=2)

    with browsing.step("My subscriptions shows the next renewal and the monthly value"):
        portal_nav(page, "subscriptions")
        card = page.get_by_test_id("portal-subscription")
        expect(card).to_contain_text(subscription["number"])
        expect(card).to_contain_text("20.00")
        expect(card.get_by_test_id("portal-next-renewal")).not_to_have_text("Does not renew")

    with browsing.step("a new quantity is saved for the next period"):
        card.get_by_label("Change quantity").fill("3")
        card.get_by_test_id("portal-change-quantity").click()
        expect(page.get_by_text("Saved.").first).to_be_visible()
        changes = read(shop.owner, subscription["id"])["changes"]
        assert (changes[0]["kind"], changes[0]["applied"]) == ("QUANTITY", False)

    with browsing.step("cancelled at period end, it no longer renews"):
        card.get_by_test_id("portal-cancel-subscription").click()
        page.get_by_role("button", name="OK").click()
        expect(card.get_by_test_id("portal-next-renewal")).to_have_text("Does not renew")
        assert read(shop.owner, subscription["id"])["cancelAtPeriodEnd"] is True
