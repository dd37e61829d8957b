"""A portal customer saves a card for their subscription's renewals: "Save a card for
renewals" opens Stripe's card form (localstripe's Stripe.js stand-in) in a dialog, the card
typed into it confirms the SetupIntent, and the page then says renewals are charged to the
saved card, which staff see too; the card can be removed again."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import portal_nav, sign_in_as_buyer
from tests.support.graphql import GraphQLClient
from tests.support.stack import Mailbox, Stack
from tests.support.stripe import open_stripe_shop
from tests.support.subscription_cards import GOOD_CARD, trial_subscription
from tests.support.subscriptions import read


def test_a_portal_customer_saves_a_card_for_renewals(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    subscription = trial_subscription(shop)
    page = browsing.new_page()
    sign_in_as_buyer(page, mailbox, shop)

    with browsing.step("My subscriptions: renewals are invoiced; the card form opens"):
        portal_nav(page, "subscriptions")
        card = page.get_by_test_id("portal-subscription")
        expect(card).to_contain_text(subscription["number"])
        expect(card).to_contain_text("Renewals are invoiced.")
        card.get_by_test_id("save-card").click()
        dialog = page.get_by_test_id("save-card-dialog")
        expect(dialog).to_be_visible()
        element = dialog.get_by_test_id("stripe-card-element")
        expect(element.locator("input")).to_have_count(5)
        expect(dialog.get_by_test_id("save-card-submit")).to_be_enabled()

    with browsing.step("the card typed into Stripe's form is saved"):
        element.get_by_placeholder("number").fill(GOOD_CARD)
        element.get_by_placeholder("exp_month").fill("12")
        element.get_by_placeholder("exp_year").fill("30")
        element.get_by_placeholder("cvc").fill("123")
        element.get_by_placeholder("postal_code").fill("12345")
        dialog.get_by_test_id("save-card-submit").click()
        expect(dialog).to_be_hidden()
        expect(card).to_contain_text("Renewals are charged to your saved card.")
        assert read(shop.owner, subscription["id"])["cardSaved"] is True

    with browsing.step("the card is removed again"):
        card.get_by_test_id("remove-card").click()
        expect(card).to_contain_text("Renewals are invoiced.")
        assert read(shop.owner, subscription["id"])["cardSaved"] is False
