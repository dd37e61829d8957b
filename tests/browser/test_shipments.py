"""Shipments in the console: the warehouse ships a ready order in two parts from the order's
page, then confirms each shipment delivered; the order follows (Shipped, Delivered)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, pick_option
from tests.support.graphql import GraphQLClient
from tests.support.orders import open_shop
from tests.support.shipments import ready_order


def test_an_order_ships_in_two_parts_and_is_delivered_from_its_page(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    order = ready_order(shop, (shop.sku_id, "3"), (shop.other_sku_id, "2"))
    page = browsing.new_page()
    panel = page.get_by_test_id("order-shipments")
    header = page.get_by_test_id("order-header")

    with browsing.step("the first shipment carries one BOLT only"):
        page.goto(f"/orders/{order['id']}")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        expect(panel).to_contain_text("Nothing has shipped yet.", timeout=20_000)
        panel.get_by_role("button", name="New shipment").click()
        dialog = page.get_by_role("dialog")
        bolt = dialog.get_by_label("Quantity of BOLT (remaining 3)")
        expect(bolt).to_have_value("3")
        bolt.fill("1")
        dialog.get_by_label("Quantity of NUT (remaining 2)").fill("0")
        dialog.get_by_label("Carrier").fill("DHL")
        dialog.get_by_label("Tracking number").fill("JD0001")
        dialog.get_by_role("button", name="Ship").click()
        row = panel.get_by_role("row").filter(has_text=f"{order['number']}-S1")
        expect(row).to_contain_text("In transit")
        expect(row).to_contain_text("BOLT \N{MULTIPLICATION SIGN} 1")
        expect(header).to_contain_text("Ready to ship")

    with browsing.step("the second ships what remains and the order is Shipped"):
        panel.get_by_role("button", name="New shipment").click()
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_label("Quantity of BOLT (remaining 2)")).to_have_value("2")
        dialog.get_by_label("Carrier").fill("UPS")
        dialog.get_by_label("Tracking number").fill("1Z999")
        dialog.get_by_role("button", name="Ship").click()
        expect(panel.get_by_role("row").filter(has_text=f"{order['number']}-S2")).to_contain_text(
            "UPS · 1Z999"
        )
        expect(header).to_contain_text("Shipped")
        expect(panel.get_by_role("button", name="New shipment")).to_have_count(0)

    with browsing.step("each shipment is confirmed delivered; then the order is Delivered"):
        for number in ("S1", "S2"):
            row = panel.get_by_role("row").filter(has_text=f"{order['number']}-{number}")
            row.get_by_role("button", name="Mark delivered").click()
            # The confirmation pops up animated: its button gets the event itself, so a
            # click cannot land beside it while it still moves on a loaded machine.
            pick_option(
                page, page.get_by_role("tooltip").get_by_role("button", name="Mark delivered")
            )
            # The popconfirm's button answers once the mutation and the panel's refetch are
            # through; on a loaded machine that takes longer than expect's 5 s default.
            expect(row).to_contain_text("Delivered", timeout=15_000)
        expect(header).to_contain_text("Delivered")
