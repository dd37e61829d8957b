"""Follow-ups from a ticket about an order: staff start an exchange from the ticket (the
drawer opens with Exchange chosen; the return remembers its ticket) and open a credit note
on the order's invoice straight from the ticket."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in
from tests.support.graphql import GraphQLClient
from tests.support.invoices import issued
from tests.support.orders import open_shop
from tests.support.returns import BY_NUMBER, delivered_order
from tests.support.tickets import created_ticket


def test_staff_start_an_exchange_and_a_credit_note_from_a_ticket(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    order = delivered_order(shop, (shop.sku_id, "2"))
    invoice = issued(shop.owner, order["id"])
    ticket = created_ticket(
        shop.owner.client,
        order["customer"]["id"],
        subject="Wrong size",
        orderId=order["id"],
    )
    page = browsing.new_page()

    with browsing.step("Exchange items opens the return drawer with Exchange chosen"):
        page.goto(f"/tickets/{ticket['number']}")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        page.get_by_test_id("ticket-start-exchange").click()
        form = page.get_by_test_id("new-return-form")
        expect(form.get_by_role("radio", name="Exchange")).to_be_checked()
        form.get_by_label("Quantity to return #1").fill("1")
        choose(page, form, "Reason #1", "Wrong item")
        page.get_by_role("button", name="Ask for return").click()
        expect(page).to_have_url(re.compile(r"/returns/RMA-\d+$"))

    number = page.url.rsplit("/", 1)[-1]
    found = shop.owner.client.data(BY_NUMBER, {"number": number})["returnByNumber"]
    detail = shop.owner.client.data(
        "query R($id: ID!) { node(id: $id) { ... on Return { wish ticketId } } }",
        {"id": found["id"]},
    )["node"]
    assert detail == {"wish": "EXCHANGE", "ticketId": ticket["id"]}

    with browsing.step("the credit-note link opens the invoice with its credit-note drawer"):
        page.goto(f"/tickets/{ticket['number']}")
        page.get_by_test_id("ticket-credit-note").click()
        expect(page).to_have_url(re.compile(rf"/invoices/{invoice['number']}\?credit=1$"))
        expect(page.get_by_role("dialog")).to_be_visible()
