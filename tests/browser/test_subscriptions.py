"""Subscriptions in the console: the owner opens Subscriptions from the navigation, finds a
customer's subscription, reads its period with the order that billed it, sets it to cancel
at the period's end and sees the change in its history; the customer's page lists it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.graphql import GraphQLClient
from tests.support.orders import open_shop
from tests.support.subscriptions import create_plan, started


def test_the_owner_reads_a_subscription_and_cancels_it_at_period_end(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    plan = create_plan(shop.owner, shop.sku_id, "CARE-M")
    subscription = started(shop.owner, shop.customer_id, plan, "2")
    [period] = subscription["periods"]
    page = browsing.new_page()
    page.goto("/")
    log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)

    with browsing.step("Subscriptions lists the running subscription with its MRR"):
        page.get_by_role("link", name="Subscriptions").first.click()
        rows = page.get_by_test_id("subscriptions")
        expect(rows).to_contain_text(subscription["number"])
        expect(rows).to_contain_text("20.00")

    with browsing.step("its page shows the period and the order that billed it"):
        rows.get_by_role("link", name=subscription["number"]).click()
        expect(page.get_by_test_id("subscription-periods")).to_contain_text(
            period["order"]["number"]
        )

    with browsing.step("cancel at period end: the history says so"):
        page.get_by_role("button", name="Cancel at period end").click()
        expect(page.get_by_test_id("subscription-changes")).to_contain_text(
            "Set to cancel at period end"
        )
        expect(page.get_by_role("button", name="Reactivate")).to_be_visible()

    with browsing.step("the customer's page lists the subscription"):
        page.get_by_role("link", name="Harbour Supplies").first.click()
        expect(page.get_by_test_id("customer-subscriptions")).to_contain_text(
            subscription["number"]
        )
