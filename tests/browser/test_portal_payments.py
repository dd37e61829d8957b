"""A portal customer sees what an order still owes, starts "Pay now" (Stripe.js's card form in a
dialog, here localstripe's stand-in), and once Stripe's webhook has recorded the payment sees
the order paid and the payment in the Account page's history with nothing left open."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import open_pay_now, opens_pdf, portal_nav, sign_in_as_buyer
from tests.support.graphql import GraphQLClient
from tests.support.invoices import issued
from tests.support.portal import placed
from tests.support.stack import Mailbox, Stack
from tests.support.stripe import (
    PORTAL_ORDER_PAYMENT,
    StripeShop,
    confirm_with_card,
    open_stripe_shop,
    portal_placed,
    sdk,
)
from tests.support.waiting import wait_until

THREE_D_SECURE_CARD = "4000002760003184"  # localstripe asks for 3-D Secure on this card


def newest_intent_id(stack: Stack, shop: StripeShop, order_number: str) -> str:
    """The PaymentIntent "Pay now" created: the newest one for this order in Stripe."""
    intents = sdk(stack, shop.secret_key).v1.payment_intents.list(params={"limit": 100})
    ours = [
        i
        for i in intents.auto_paging_iter()
        if (i.to_dict().get("metadata") or {}).get("orbit_order_number") == order_number
    ]
    assert ours, f"no PaymentIntent for {order_number}"
    return str(max(ours, key=lambda i: i.created).id)


def order_paid(shop: StripeShop, order_id: str) -> Any:
    return wait_until(
        lambda: (
            shop.buyer.portal.data(PORTAL_ORDER_PAYMENT, {"id": order_id})["portalOrder"][
                "paymentStatus"
            ]
            == "PAID"
        ),
        30,
        "Stripe's webhook",
    )


def test_a_portal_customer_pays_an_order_online_and_sees_it_in_the_account(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    order = placed(shop.buyer, (shop.bolt, "2"))  # 2 x 10.00 + 10 % tax = 22.00
    page = browsing.new_page()

    with browsing.step("sign in; the account shows the open amount"):
        sign_in_as_buyer(page, mailbox, shop)
        page.get_by_test_id("portal-nav-account").click()
        expect(page.get_by_test_id("portal-balance")).to_have_text("$22.00")
        open_amounts = page.get_by_test_id("portal-open-amounts")
        expect(open_amounts).to_contain_text(order["number"])
        expect(open_amounts).to_contain_text("$22.00")
        expect(page.get_by_test_id("portal-payments")).to_contain_text("No payments yet.")

    with browsing.step("the order is unpaid; Pay now shows the amount and the card form"):
        open_pay_now(page, order)

    with browsing.step("Stripe completes the PaymentIntent"):
        # Done through the Stripe SDK, not the dialog's Pay button: localstripe's Stripe.js
        # stand-in cannot pay with a card typed into its element (its confirmCardPayment only
        # finishes 3-D Secure for an intent that already has a payment method, and localstripe
        # cannot confirm an intent with a payment_method in one call). The intent's id is not
        # shown in the page and payOrderOnline would start another one, so it is read from
        # the shop's Stripe account: the newest intent for this order.
        intent_id = newest_intent_id(stack, shop, order["number"])
        assert confirm_with_card(stack, shop, intent_id).status == "succeeded"
        order_paid(shop, order["id"])

    with browsing.step("the order turns Paid, nothing is due and Pay now is gone"):
        page.reload()
        expect(page.get_by_test_id("portal-payment-status")).to_have_text("Paid")
        expect(page.get_by_test_id("portal-order-status")).to_have_text("Paid")
        expect(page.get_by_test_id("portal-amount-due")).to_have_text("$0.00")
        expect(page.get_by_test_id("pay-now")).to_have_count(0)

    with browsing.step("the account lists the payment and the balance is 0"):
        page.get_by_test_id("portal-nav-account").click()
        expect(page.get_by_test_id("portal-account")).to_be_visible()
        expect(page.get_by_test_id("portal-balance")).to_have_text("$0.00")
        expect(page.get_by_test_id("portal-open-amounts")).to_contain_text("Nothing is open.")
        payments = page.get_by_test_id("portal-payments")
        expect(payments).to_contain_text(order["number"])
        expect(payments).to_contain_text("$22.00")
        expect(payments).to_contain_text("Online (card)")


def test_pay_finishes_3d_secure_in_the_dialog_and_the_order_page_updates_itself(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    """The one path on which the stand-in's confirmCardPayment works: the intent already has a
    card that needs 3-D Secure, so the dialog's Pay button finishes the payment, and the page
    polls until the webhook has recorded it."""
    shop = open_stripe_shop(api, mailbox, stack)
    order = placed(shop.buyer, (shop.bolt, "2"))
    page = browsing.new_page()
    sign_in_as_buyer(page, mailbox, shop)

    with browsing.step("Pay now; Stripe asks for 3-D Secure on the card"):
        open_pay_now(page, order)
        # As above, the card is attached through the SDK because the stand-in cannot take it
        # from its element; confirming leaves the intent waiting for 3-D Secure.
        intent_id = newest_intent_id(stack, shop, order["number"])
        assert (
            confirm_with_card(stack, shop, intent_id, THREE_D_SECURE_CARD).status
            == "requires_action"
        )

    with browsing.step("Pay, complete authentication: received, then Paid without a reload"):
        page.get_by_test_id("pay-submit").click()
        # The stand-in's 3-D Secure box sits under the dialog's mask, so the click is
        # dispatched to the button itself.
        page.get_by_role("button", name="Complete authentication").dispatch_event("click")
        dialog = page.get_by_test_id("pay-dialog")
        expect(dialog.get_by_test_id("pay-received")).to_contain_text(
            re.compile("Payment received — it will show here in a moment")
        )
        expect(page.get_by_test_id("portal-payment-status")).to_have_text("Paid", timeout=30_000)
        expect(page.get_by_test_id("portal-amount-due")).to_have_text("$0.00")


def test_a_portal_customer_downloads_an_invoice_and_pays_it(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    """The Invoices page lists the customer's invoice with its PDF; Pay opens the same card
    dialog as "Pay now" for what the invoice still asks for, and once Stripe's webhook has
    recorded the payment the invoice shows Paid."""
    shop = open_stripe_shop(api, mailbox, stack)
    order = portal_placed(shop, "2")  # 22.00
    invoice = issued(shop.owner, order["id"], sendEmail=False)
    page = browsing.new_page()
    sign_in_as_buyer(page, mailbox, shop)

    with browsing.step("the invoice is listed, open, with its PDF"):
        portal_nav(page, "invoices")
        row = (
            page.get_by_test_id("portal-invoices-table")
            .get_by_role("row")
            .filter(has_text=invoice["number"])
        )
        expect(row).to_contain_text(order["number"])
        expect(row.get_by_test_id("portal-invoice-status")).to_have_text("Open")
        expect(row.get_by_test_id("portal-invoice-due")).to_have_text("$22.00")
        link = row.get_by_test_id("portal-invoice-pdf")
        opens_pdf(page, link)

    with browsing.step("Pay opens the card dialog for the invoice's amount due"):
        row.get_by_test_id("pay-invoice").click()
        dialog = page.get_by_test_id("pay-dialog")
        expect(dialog).to_be_visible()
        expect(page.get_by_role("dialog", name=f"Pay invoice {invoice['number']}")).to_be_visible()
        expect(dialog.get_by_test_id("pay-amount")).to_have_text("$22.00")
        expect(dialog.get_by_test_id("stripe-card-element").locator("input")).to_have_count(5)

    with browsing.step("Stripe completes the intent (see above); the invoice turns Paid"):
        intent_id = newest_intent_id(stack, shop, order["number"])
        assert confirm_with_card(stack, shop, intent_id).status == "succeeded"
        order_paid(shop, order["portalId"])
        page.reload()
        row = (
            page.get_by_test_id("portal-invoices-table")
            .get_by_role("row")
            .filter(has_text=invoice["number"])
        )
        expect(row.get_by_test_id("portal-invoice-status")).to_have_text("Paid")
        expect(row.get_by_test_id("portal-invoice-due")).to_have_text("$0.00")
        expect(row.get_by_test_id("pay-invoice")).to_have_count(0)
