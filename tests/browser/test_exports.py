"""Exporting a console list: the filtered order list goes to a CSV file with exactly the
orders shown; the user is notified when it is ready, and the notice leads to the file."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.exports import EXPORTS, csv_rows
from tests.support.graphql import GraphQLClient
from tests.support.orders import created, open_shop, order_input
from tests.support.waiting import wait_until


def test_a_filtered_order_list_is_exported_to_csv_and_downloaded_from_the_notice(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    owner = shop.owner
    wanted = created(owner, order_input(shop, (shop.sku_id, "1"), externalRef="ALPHA-1"))
    created(owner, order_input(shop, (shop.sku_id, "2"), externalRef="BRAVO-2"))
    page = browsing.new_page()
    rows = page.locator(".ant-table-tbody tr.ant-table-row")

    with browsing.step("the order list is filtered to one order"):
        page.goto("/orders")
        log_in(page, owner.slug, owner.email, owner.password)
        box = page.get_by_label("Number, reference or customer")
        box.fill("ALPHA")
        box.press("Enter")
        expect(page).to_have_url(re.compile(r"filter=.*ALPHA"))
        expect(rows).to_have_count(1)

    with browsing.step("Export as CSV starts an export"):
        page.get_by_test_id("export-ORDERS").click()
        page.get_by_role("menuitem", name="Export as CSV").click()
        expect(page.get_by_text("Export started; you will be notified")).to_be_visible()
        wait_until(
            lambda: any(e["status"] == "DONE" for e in owner.client.data(EXPORTS)["exports"]),
            what="the export to be written",
        )

    with browsing.step("the notice leads to the file"):
        page.reload()
        page.get_by_role("button", name=re.compile(r"Notifications \(1 unread\)")).click()
        expect(page.get_by_text(re.compile(r"Export ready: orders-.*\.csv"))).to_be_visible()
        page.get_by_role("button", name="Open").click()
        expect(page).to_have_url(re.compile(r"/exports$"))
        expect(page.get_by_text("Ready", exact=True)).to_be_visible()

    with browsing.step("the download holds exactly the filtered order"):
        with page.expect_download() as download_info:
            page.get_by_test_id("export-download").click()
        download = download_info.value
        assert re.fullmatch(r"orders-\d{8}-\d{6}\.csv", download.suggested_filename)
        content = Path(download.path()).read_bytes()
        exported = csv_rows(content)
        assert [row["Number"] for row in exported] == [wanted["number"]]
        assert exported[0]["External reference"] == "ALPHA-1"
