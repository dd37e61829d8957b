"""The Stripe card on the settings page, against localstripe: the owner stores keys and a
payment method, sees the connection with the key's last characters, tests it, and sees a key
Stripe refuses reported as rejected."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.graphql import GraphQLClient, sign_up


def token(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex}"


def test_owner_connects_stripe_and_tests_the_connection(
    browsing: Browsing, api: GraphQLClient
) -> None:
    owner = sign_up(api)
    secret_key, restricted_key = token("sk_test_"), token("rk_test_")
    page = browsing.new_page()
    card = page.get_by_test_id("stripe-settings")
    status = card.get_by_test_id("stripe-status")
    result = card.get_by_test_id("stripe-test-result")

    with browsing.step("the owner opens the settings: Stripe is not connected"):
        page.goto("/settings")
        log_in(page, owner.slug, owner.email, owner.password)
        expect(status).to_have_text("Not connected")
        expect(card.get_by_test_id("stripe-webhook-url")).to_contain_text("/webhooks/stripe/")
        # Every card of the page has loaded: none re-renders the page under the next clicks.
        expect(page.get_by_role("switch", name="Order shipped")).to_be_visible()
        expect(page.get_by_role("switch", name="Four-eyes refunds")).to_be_visible()

    with browsing.step("enter the keys, tick Alipay and save"):
        card.get_by_label("Secret key", exact=True).fill(secret_key)
        card.get_by_label("Webhook signing secret", exact=True).fill(token("whsec_"))
        card.get_by_label("Publishable key", exact=True).fill(token("pk_test_"))
        alipay = card.get_by_role("checkbox", name="Alipay")
        alipay.click()
        expect(alipay).to_be_checked()
        card.get_by_role("button", name="Save Stripe settings").click()
        expect(page.get_by_text("Stripe settings saved.")).to_be_visible()
        expect(status).to_contain_text("Connected")
        expect(status).not_to_contain_text("Not connected")
        expect(status).to_contain_text(secret_key[-4:])

    with browsing.step("the connection test succeeds in test mode"):
        card.get_by_role("button", name="Test connection").click()
        expect(result).to_contain_text("Connected to Stripe (test mode)")
        expect(card.get_by_test_id("stripe-last-test")).to_contain_text("Passed")

    settings = owner.client.data("query { stripeSettings { paymentMethods } }")
    assert "ALIPAY" in settings["stripeSettings"]["paymentMethods"]

    with browsing.step("a restricted key Stripe refuses is saved, tested and reported"):
        card.get_by_label("Secret key", exact=True).fill(restricted_key)
        card.get_by_role("button", name="Save Stripe settings").click()
        expect(status).to_contain_text(restricted_key[-4:])
        expect(result).to_have_count(0)
        card.get_by_role("button", name="Test connection").click()
        expect(result).to_contain_text("Stripe rejected the secret key.")
        expect(card.get_by_test_id("stripe-last-test")).to_contain_text("Failed")
