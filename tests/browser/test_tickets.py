"""Support tickets in the console: a support agent opens a ticket from an order's page,
answers the customer, leaves an internal note, takes the ticket, solves it with a
resolution, and finds it in the support inbox's views."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in
from tests.support.graphql import GraphQLClient, invite_and_join
from tests.support.orders import created, customer, open_shop
from tests.support.payments import paid_in_full, scheduled
from tests.support.stack import Mailbox
from tests.support.tickets import created_ticket

SAVE_POLICY = """mutation Policy($input: SaveSlaPolicyInput!) { saveSlaPolicy(input: $input) {
  policy { id } userErrors { code } } }"""


def test_an_agent_works_a_ticket_from_the_order_to_solved(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    agent_email = f"agent-{uuid.uuid4().hex[:6]}@example.com"
    agent = invite_and_join(shop.owner, mailbox, agent_email, "support")
    agent_name = agent_email.split("@")[0].title()
    order = created(
        shop.owner,
        {
            "customerId": customer(shop.owner, "Quay Traders"),
            "submit": True,
            "lines": [{"skuId": shop.sku_id, "quantity": "2"}],
        },
    )
    policy = shop.owner.client.data(
        SAVE_POLICY,
        {"input": {"name": "Standard", "fallback": True, "firstResponseMinutes": 5 * 1440}},
    )["saveSlaPolicy"]
    assert policy["userErrors"] == []
    page = browsing.new_page()

    with browsing.step("the agent opens a ticket about the order from its page"):
        page.goto(f"/orders/{order['number']}")
        log_in(page, shop.owner.slug, agent.email, agent.password)
        page.get_by_test_id("open-ticket").click()
        form = page.get_by_test_id("new-ticket-form")
        expect(page.get_by_role("dialog")).to_contain_text(order["number"])
        form.get_by_label("Subject").fill("Two bolts arrived bent")
        form.get_by_label("Description").fill("Photos in the customer's email.")
        choose(page, form, "Category", "Quality")
        page.get_by_role("button", name="Open ticket").click()
        expect(page).to_have_url(re.compile(r"/tickets/T-\d{6}$"))
        facts = page.get_by_test_id("ticket-facts")
        expect(facts.get_by_test_id("ticket-status")).to_have_text("New")
        expect(facts).to_contain_text(order["number"])
        expect(facts).to_contain_text("Quality")
        expect(facts).to_contain_text("Quay Traders")
        expect(page.get_by_test_id("sla-FIRST_RESPONSE")).to_contain_text(
            re.compile(r"\d+[dh] \d+[hm] left")
        )

    with browsing.step("a public reply starts the work; an internal note stays marked as one"):
        page.get_by_role("textbox", name="Reply to customer").fill(
            "We are sending two new bolts today."
        )
        page.get_by_role("button", name="Send reply").click()
        expect(page.get_by_test_id("ticket-reply")).to_contain_text("two new bolts")
        expect(facts.get_by_test_id("ticket-status")).to_have_text("Open")
        expect(page.get_by_test_id("sla-FIRST_RESPONSE")).to_contain_text("Met")
        page.get_by_text("Internal note", exact=True).click()
        page.get_by_role("textbox", name="Internal note").fill("Supplier batch 42 again.")
        page.get_by_role("button", name="Add note").click()
        expect(page.get_by_test_id("ticket-note")).to_contain_text("Supplier batch 42")
        expect(page.get_by_test_id("ticket-note")).to_contain_text("Internal note")

    with browsing.step("the agent takes it, and solving asks how it was resolved"):
        choose(page, page.locator("body"), "Owner", agent_name)
        expect(page.locator(f".ant-select-selection-item[title='{agent_name}']")).to_be_visible()
        page.get_by_test_id("ticket-actions").get_by_role("button", name="Solve").click()
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_role("button", name="Solve")).to_be_disabled()
        choose(page, dialog, "Resolution", "Answered")
        dialog.get_by_role("button", name="Solve").click()
        expect(facts.get_by_test_id("ticket-status")).to_have_text("Solved")
        expect(facts).to_contain_text("Answered")
        expect(page.get_by_test_id("ticket-actions").get_by_role("button")).to_have_text(
            ["Close", "Reopen"]
        )

    with browsing.step("the inbox lists it among solved tickets, not among open ones"):
        page.get_by_role("link", name="All tickets").click()
        tickets = page.get_by_test_id("tickets")
        page.get_by_text("All open", exact=True).click()
        expect(tickets).to_contain_text("No tickets here.")
        page.get_by_text("Solved & closed", exact=True).click()
        row = tickets.get_by_role("row").filter(has_text="Two bolts arrived bent")
        expect(row).to_contain_text("Solved")
        expect(row).to_contain_text(agent_name)


def test_a_refund_is_requested_from_a_ticket_about_a_paid_order(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    customer_id = customer(shop.owner, "Quay Traders")
    order = created(
        shop.owner,
        {
            "customerId": customer_id,
            "submit": True,
            "lines": [{"skuId": shop.sku_id, "quantity": "2"}],
        },
    )
    paid_in_full(shop.owner, customer_id, scheduled(shop.owner, order["id"]))
    ticket = created_ticket(
        shop.owner.client, customer_id, orderId=order["id"], subject="One bolt was missing"
    )
    page = browsing.new_page()

    with browsing.step("the ticket's follow-up asks finance for a refund of the order"):
        page.goto(f"/tickets/{ticket['number']}")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        page.get_by_test_id("ticket-request-refund").click()
        form = page.get_by_test_id("request-refund-form")
        amount = form.get_by_label("Amount")
        # The drawer offers the whole refundable amount once the payment is loaded.
        expect(amount).to_have_value(re.compile(r"^22(\.00)?$"))
        amount.fill("11.00")
        page.get_by_role("button", name="Request refund").last.click()
        expect(
            page.get_by_text(re.compile(r"Refund .+ requested; finance decides it\."))
        ).to_be_visible()

    refunds = shop.owner.client.data(
        "query { refunds(first: 5) { edges { node { status amount { amount } } } } }"
    )["refunds"]["edges"]
    assert [(r["node"]["status"], r["node"]["amount"]["amount"]) for r in refunds] == [
        ("REQUESTED", "11.00")
    ]
