"""Change requests in the console: a sales rep asks for a bigger quantity on the order's
detail page, a manager approves it on the change-requests page, and the order shows the
re-reserved quantity and the new total."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.graphql import GraphQLClient, invite_and_join
from tests.support.orders import created, customer, open_shop
from tests.support.stack import Mailbox


def test_a_change_is_requested_on_the_order_and_approved_in_the_list(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    rep = invite_and_join(shop.owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    order = created(
        rep,
        {
            "customerId": customer(rep, "Quay Traders"),
            "submit": True,
            "lines": [{"skuId": shop.sku_id, "quantity": "2"}],
        },
    )

    requester = browsing.new_page()
    with browsing.step("the rep asks for 5 instead of 2 on the order's page"):
        requester.goto(f"/orders/{order['id']}")
        log_in(requester, shop.owner.slug, rep.email, rep.password)
        panel = requester.get_by_test_id("order-changes")
        panel.get_by_role("button", name="Request a change").click()
        dialog = requester.get_by_role("dialog")
        dialog.get_by_label("Quantity of BOLT").fill("5")
        dialog.get_by_label("Reason").fill("second site opens")
        dialog.get_by_role("button", name="Send request").click()
        expect(panel.get_by_test_id("change-status")).to_have_text("Open")
        expect(panel.get_by_test_id("change-summary")).to_contain_text("BOLT: 2 → 5")
        expect(panel.get_by_role("button", name="Withdraw")).to_be_visible()

    approver = browsing.new_page()
    with browsing.step("the manager approves it from the change-requests list"):
        approver.goto("/change-requests")
        log_in(approver, shop.owner.slug, shop.owner.email, shop.owner.password)
        rows = approver.get_by_test_id("change-requests")
        row = rows.get_by_role("row").filter(has_text=order["number"])
        expect(row).to_contain_text("second site opens")
        row.get_by_role("button", name="Approve").click()
        dialog = approver.get_by_role("dialog")
        dialog.get_by_label("Note").fill("stock is there")
        dialog.get_by_role("button", name="Approve").click()
        expect(rows.get_by_role("row").filter(has_text=order["number"])).to_have_count(0)
        approver.get_by_text("Approved", exact=True).click()
        expect(rows.get_by_role("row").filter(has_text=order["number"])).to_contain_text(
            re.compile(r"Total: \$22\.00 → \$55\.00")
        )

    with browsing.step("the order now holds 5 at the re-computed total"):
        requester.reload()
        expect(requester.get_by_test_id("order-lines")).to_contain_text("5")
        expect(requester.get_by_test_id("order-totals")).to_contain_text("$55.00")
        expect(
            requester.get_by_test_id("order-changes").get_by_test_id("change-status")
        ).to_have_text("Approved")
