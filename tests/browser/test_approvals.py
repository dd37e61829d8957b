"""Approvals in the console: a sales rep's order with a discount above the approval
threshold waits in the manager's inbox, the manager approves it there, and the order's page
shows it Confirmed with its approved step."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.catalog import create_product
from tests.support.graphql import GraphQLClient, invite_and_join
from tests.support.inventory import receive
from tests.support.orders import created, customer, open_shop
from tests.support.stack import Mailbox

UPDATE_CUSTOMER = """mutation U($input: UpdateCustomerInput!) { updateCustomer(input: $input) {
  userErrors { field code } } }"""


def test_an_order_waiting_for_approval_is_approved_from_the_inbox(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    rep = invite_and_join(shop.owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    boss = invite_and_join(
        shop.owner, mailbox, f"boss-{uuid.uuid4().hex[:6]}@example.com", "management"
    )
    order = created(
        rep,
        {
            "customerId": customer(rep, "Quay Traders"),
            "submit": True,
            "lines": [{"skuId": shop.sku_id, "quantity": "2", "discountPercent": "8"}],
        },
    )
    assert order["status"] == "PENDING_APPROVAL"

    page = browsing.new_page()
    with browsing.step("the manager finds the order in the approvals inbox and approves it"):
        page.goto("/approvals")
        log_in(page, shop.owner.slug, boss.email, boss.password)
        inbox = page.get_by_test_id("approval-inbox")
        row = inbox.get_by_role("row").filter(has_text=order["number"])
        expect(row).to_contain_text("Quay Traders")
        expect(row).to_contain_text("Manager")
        expect(row).to_contain_text("Discount")
        row.get_by_role("button", name="Approve").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Reason").fill("good customer")
        dialog.get_by_role("button", name="Approve").click()
        expect(inbox.get_by_role("row").filter(has_text=order["number"])).to_have_count(0)

    with browsing.step("the order is confirmed and its approval shows who approved"):
        page.goto(f"/orders/{order['id']}")
        expect(page.get_by_test_id("order-header").get_by_test_id("order-status")).to_have_text(
            "Confirmed"
        )
        panel = page.get_by_test_id("order-approval")
        expect(panel.get_by_test_id("approval-status")).to_have_text("Approved")
        expect(panel.get_by_test_id("approval-steps")).to_contain_text(boss.email)
        expect(panel.get_by_test_id("approval-steps")).to_contain_text("good customer")


def test_an_approver_sees_the_short_line_and_approves_with_a_backorder(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    rep = invite_and_join(shop.owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    boss = invite_and_join(
        shop.owner, mailbox, f"boss-{uuid.uuid4().hex[:6]}@example.com", "management"
    )
    order = created(
        rep,
        {
            "customerId": customer(rep, "Quay Traders"),
            "submit": True,
            "lines": [
                {"skuId": shop.other_sku_id, "quantity": "1"},
                {"skuId": shop.sku_id, "quantity": "130", "discountPercent": "8"},
            ],
        },
    )
    assert order["status"] == "PENDING_APPROVAL"

    page = browsing.new_page()
    with browsing.step("the Approve dialog names the short line before anyone clicks Approve"):
        page.goto("/approvals")
        log_in(page, shop.owner.slug, boss.email, boss.password)
        inbox = page.get_by_test_id("approval-inbox")
        inbox.get_by_role("row").filter(has_text=order["number"]).get_by_role(
            "button", name="Approve"
        ).click()
        dialog = page.get_by_role("dialog")
        shortfall = dialog.get_by_test_id("approval-stock-shortfall")
        expect(shortfall).to_contain_text("Not enough stock to confirm this order")
        expect(shortfall.get_by_test_id("short-line")).to_have_text(
            "Line 2 (BOLT): 130 ordered, only 100 available at MAIN."
        )
        expect(shortfall).not_to_contain_text("You may not backorder")

    with browsing.step("the manager, who may backorder, approves with a backorder"):
        shortfall.get_by_role("button", name="Approve and backorder the shortfall").click()
        expect(inbox.get_by_role("row").filter(has_text=order["number"])).to_have_count(0)
        page.goto(f"/orders/{order['id']}")
        expect(page.get_by_test_id("order-header").get_by_test_id("order-status")).to_have_text(
            "Confirmed"
        )


def test_an_approver_who_may_not_backorder_is_told_so_when_the_dialog_opens(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    rep = invite_and_join(shop.owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    cfo = invite_and_join(shop.owner, mailbox, f"cfo-{uuid.uuid4().hex[:6]}@example.com", "finance")
    on_credit = customer(rep, "Tight Credit")
    changed = shop.owner.client.data(
        UPDATE_CUSTOMER,
        {
            "input": {
                "customerId": on_credit,
                "paymentTerms": {"kind": "NET", "netDays": 30},
                "creditLimit": "1",
            }
        },
    )
    assert changed["updateCustomer"]["userErrors"] == []
    order = created(
        rep,
        {
            "customerId": on_credit,
            "submit": True,
            "lines": [{"skuId": shop.sku_id, "quantity": "130"}],
        },
    )
    assert order["status"] == "PENDING_APPROVAL"

    page = browsing.new_page()
    with browsing.step("finance, without inventory:backorder, sees the shortfall and no backorder"):
        page.goto("/approvals")
        log_in(page, shop.owner.slug, cfo.email, cfo.password)
        inbox = page.get_by_test_id("approval-inbox")
        inbox.get_by_role("row").filter(has_text=order["number"]).get_by_role(
            "button", name="Approve"
        ).click()
        shortfall = page.get_by_role("dialog").get_by_test_id("approval-stock-shortfall")
        expect(shortfall.get_by_test_id("short-line")).to_have_text(
            "Line 1 (BOLT): 130 ordered, only 100 available at MAIN."
        )
        expect(shortfall).to_contain_text(
            "You may not backorder: reject the order, or approve it once stock has arrived."
        )
        expect(shortfall.get_by_role("button")).to_have_count(0)


def test_an_earlier_approver_is_told_the_shortfall_is_settled_at_the_last_approval(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    rep = invite_and_join(shop.owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    boss = invite_and_join(
        shop.owner, mailbox, f"boss-{uuid.uuid4().hex[:6]}@example.com", "management"
    )
    crane = create_product(shop.owner, "CRANE", "Tower crane", "50000.00", taxRate="0.1")
    crane_sku = crane["skus"][0]["id"]
    receive(shop.owner, shop.warehouse_id, crane_sku, "4")
    order = created(
        rep,
        {
            "customerId": customer(rep, "Quay Traders"),
            "submit": True,
            "lines": [{"skuId": crane_sku, "quantity": "10"}],  # 550,000: manager, then director
        },
    )
    assert order["status"] == "PENDING_APPROVAL"

    page = browsing.new_page()
    with browsing.step("the manager sees the short line and that backorders wait for the end"):
        page.goto("/approvals")
        log_in(page, shop.owner.slug, boss.email, boss.password)
        page.get_by_test_id("approval-inbox").get_by_role("row").filter(
            has_text=order["number"]
        ).get_by_role("button", name="Approve").click()
        shortfall = page.get_by_role("dialog").get_by_test_id("approval-stock-shortfall")
        expect(shortfall.get_by_test_id("short-line")).to_have_text(
            "Line 1 (CRANE): 10 ordered, only 4 available at MAIN."
        )
        expect(shortfall).to_contain_text(
            "Stock is reserved at the last approval, where the shortfall can be backordered."
        )
        expect(shortfall.get_by_role("button")).to_have_count(0)
