"""Console lists as an everyday user works them: a filtered order list lives in the URL (a
reload keeps it, Back restores the previous filter); the header search, opened from the
keyboard, finds an order and a customer and opens them with Enter."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in
from tests.support.graphql import GraphQLClient
from tests.support.orders import Shop, created, open_shop, order_input


def search_orders(page: Page, text: str) -> None:
    box = page.get_by_label("Number, reference or customer")
    box.fill(text)
    box.press("Enter")


def test_a_filtered_order_list_survives_a_reload_and_back_restores_the_previous_filter(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    first = created(shop.owner, order_input(shop, (shop.sku_id, "1"), externalRef="ALPHA-1"))
    second = created(shop.owner, order_input(shop, (shop.sku_id, "2"), externalRef="BRAVO-2"))
    page = browsing.new_page()
    rows = page.locator(".ant-table-tbody tr.ant-table-row")

    with browsing.step("both orders are listed"):
        page.goto("/orders")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        expect(rows).to_have_count(2)

    with browsing.step("filtering by one reference puts the filter in the URL"):
        search_orders(page, "ALPHA")
        expect(page).to_have_url(re.compile(r"filter=.*ALPHA"))
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(first["number"])

    with browsing.step("a reload keeps the filter"):
        page.reload()
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(first["number"])
        expect(page.get_by_label("Number, reference or customer")).to_have_value("ALPHA")

    with browsing.step("another filter, then Back restores the previous one"):
        search_orders(page, "BRAVO")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(second["number"])
        page.go_back()
        expect(page).to_have_url(re.compile(r"filter=.*ALPHA"))
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(first["number"])
        expect(page.get_by_label("Number, reference or customer")).to_have_value("ALPHA")


def test_the_header_search_opens_records_from_the_keyboard(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop: Shop = open_shop(api)
    order = created(shop.owner, order_input(shop, (shop.sku_id, "1"), externalRef="PO-55123"))
    page = browsing.new_page()
    search = page.get_by_test_id("global-search")

    with browsing.step("/ focuses the search; the order is found by its reference"):
        page.goto("/orders")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        expect(page.get_by_role("heading", name="Orders", exact=True)).to_be_visible()
        page.locator("body").press("/")
        expect(search).to_be_focused()
        page.keyboard.type("po-551")
        expect(page.get_by_test_id("search-group-orders")).to_be_visible()
        expect(page.get_by_test_id("search-hit").first).to_contain_text(order["number"])

    with browsing.step("Enter opens the order"):
        search.press("Enter")
        expect(page).to_have_url(re.compile(rf"/orders/{re.escape(order['number'])}$"))
        expect(page.get_by_text(order["number"]).first).to_be_visible()
        expect(page.get_by_test_id("order-header")).to_contain_text("PO-55123")

    with browsing.step("Ctrl+K finds the customer (after their order); arrow down, Enter"):
        page.locator("body").press("Control+k")
        expect(search).to_be_focused()
        page.keyboard.type("harbour sup")
        expect(page.get_by_test_id("search-group-customers")).to_be_visible()
        expect(page.get_by_test_id("search-hit")).to_have_count(2)
        search.press("ArrowDown")
        search.press("Enter")
        expect(page).to_have_url(re.compile(r"/customers\?open="))
        expect(page.get_by_role("dialog")).to_contain_text("Harbour Supplies")


def test_selected_orders_are_tagged_and_moved_with_a_report_per_order(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    draft = created(shop.owner, order_input(shop, (shop.sku_id, "1"), externalRef="BULK-1"))
    confirmed = created(
        shop.owner, order_input(shop, (shop.sku_id, "1"), externalRef="BULK-2", submit=True)
    )
    page = browsing.new_page()
    rows = page.locator(".ant-table-tbody tr.ant-table-row")

    with browsing.step("select both orders"):
        page.goto("/orders")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        expect(rows).to_have_count(2)
        for row in rows.all():
            row.get_by_role("checkbox").check()
        expect(page.get_by_test_id("bulk-bar")).to_contain_text("2 selected")

    with browsing.step("add a tag: both done"):
        page.get_by_role("button", name="Add tag").click()
        dialog = page.get_by_role("dialog", name="Add tag")
        dialog.get_by_label("Tag").fill("Rush")
        dialog.get_by_role("button", name="Apply").click()
        expect(page.get_by_test_id("bulk-summary")).to_have_text("2 of 2 done.")
        page.get_by_role("dialog", name="Result").get_by_role("button", name="OK").click()
        expect(page.get_by_role("dialog", name="Result")).to_be_hidden()

    with browsing.step("submit both: the draft moves, the confirmed order is reported"):
        # The list reloads after a bulk action and its selection starts empty: select again
        # once the rows are back, and only then open the next action.
        expect(rows).to_have_count(2)
        for row in rows.all():
            row.get_by_role("checkbox").check()
        expect(page.get_by_test_id("bulk-bar")).to_contain_text("2 selected")
        # The event goes to the button itself: a pointer click at its coordinates can land on
        # the filters above while the reloaded table still settles on a loaded machine.
        page.get_by_role("button", name="Change status").dispatch_event("click")
        dialog = page.get_by_role("dialog", name="Change status")
        choose(page, dialog, "Action", "Submit")
        dialog.get_by_role("button", name="Apply").click()
        expect(page.get_by_test_id("bulk-summary")).to_have_text("1 of 2 done.")
        results = page.get_by_test_id("bulk-results")
        expect(results.get_by_role("row").filter(has_text=draft["number"])).to_contain_text("Done")
        expect(results.get_by_role("row").filter(has_text=confirmed["number"])).not_to_contain_text(
            "Done"
        )
