"""Returns in the console: staff find a requested return in the list, approve it, record
the goods that arrived, inspect one line back into stock and scrap the other, and resolve
it by refund, seeing the refund of what passed before confirming (only the restocked line
moves stock), then download its label; from a delivered order's page they ask for a
return, and decline one with a reason."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in, pick_option
from tests.support.graphql import GraphQLClient
from tests.support.inventory import MOVEMENTS
from tests.support.orders import open_shop
from tests.support.returns import created_return, delivered_order, line, paid_delivered_order


def _confirm(page: Page, action: str) -> None:
    """Click an action guarded by a confirmation, then its confirming button."""
    page.get_by_test_id("return-actions").get_by_role("button", name=action).click()
    pick_option(page, page.locator(".ant-popconfirm:visible").get_by_role("button", name=action))


def _row(page: Page, sku: str) -> Locator:
    return page.get_by_test_id("return-lines").locator("tbody tr", has_text=sku)


def _quantities(row: Locator, asked: str, received: str, inspected: str, waiting: str) -> None:
    expect(row.get_by_test_id("asked")).to_have_text(asked)
    expect(row.get_by_test_id("received")).to_have_text(received)
    expect(row.get_by_test_id("inspected")).to_have_text(inspected)
    expect(row.get_by_test_id("quarantined")).to_have_text(waiting)


def _open_inspection(page: Page, line_no: int, sku: str) -> Locator:
    """The inspection dialog of a line, once it has stopped zooming in: `choose` clicks its
    selects by force, which a moving dialog can swallow."""
    page.get_by_test_id(f"inspect-line-{line_no}").click()
    dialog = page.get_by_role("dialog", name=f"Inspect line {line_no} ({sku})")
    dialog.get_by_role("spinbutton", name="Quantity").click(trial=True)
    return dialog


def _inspect(page: Page, line_no: int, sku: str, grade: str, disposition: str) -> None:
    dialog = _open_inspection(page, line_no, sku)
    for label, option in (("Grade", grade), ("Disposition", disposition)):
        choose(page, dialog, label, option)
        # The next select opens only once this dropdown has finished closing.
        expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)
    dialog.get_by_role("button", name="Inspect").click()
    expect(dialog).to_be_hidden()


def test_staff_take_a_return_from_requested_to_resolved(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    order = paid_delivered_order(shop, (shop.sku_id, "3"), (shop.other_sku_id, "2"))
    bolts, nuts = order["lines"]
    rma = created_return(
        shop.owner.client,
        shop.customer_id,
        order,
        line(bolts["id"], "3", "NO_LONGER_NEEDED"),
        line(nuts["id"], "2", "DAMAGED", comment="Threads stripped"),
    )
    page = browsing.new_page()
    status = page.get_by_test_id("return-facts").get_by_test_id("return-status")

    with browsing.step("the open returns list shows the requested return"):
        page.goto("/returns")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        listed = page.get_by_test_id("returns").locator("tbody tr", has_text=rma["number"])
        expect(listed).to_contain_text("Requested")
        expect(listed).to_contain_text("Harbour Supplies")
        expect(listed).to_contain_text(order["number"])
        expect(listed).to_contain_text("Refund")

    with browsing.step("its page shows what the customer asks to send back"):
        listed.get_by_role("link", name=rma["number"]).click()
        expect(page).to_have_url(re.compile(rf"/returns/{rma['number']}$"))
        expect(status).to_have_text("Requested")
        expect(page.get_by_test_id("return-facts")).to_contain_text(order["number"])
        _quantities(_row(page, "BOLT"), "3", "0", "0", "0")
        _quantities(_row(page, "NUT"), "2", "0", "0", "0")
        expect(_row(page, "NUT")).to_contain_text("Damaged")
        expect(_row(page, "NUT")).to_contain_text("Threads stripped")

    with browsing.step("approving it lets the goods come"):
        _confirm(page, "Approve")
        expect(status).to_have_text("Awaiting goods")

    with browsing.step("the goods that arrived wait in quarantine"):
        page.get_by_role("button", name="Receive goods").click()
        dialog = page.get_by_role("dialog", name=f"Goods of {rma['number']} that arrived")
        expect(dialog.get_by_label("Received #1")).to_have_value("3")
        expect(dialog.get_by_label("Received #2")).to_have_value("2")
        dialog.get_by_role("button", name="Receive goods").click()
        expect(dialog).to_be_hidden()
        expect(status).to_have_text("Received")
        _quantities(_row(page, "BOLT"), "3", "3", "0", "3")
        _quantities(_row(page, "NUT"), "2", "2", "0", "2")

    with browsing.step("second-grade goods need the SKU they go to, as the server says"):
        dialog = _open_inspection(page, 1, "BOLT")
        choose(page, dialog, "Disposition", "Restock as second grade")
        dialog.get_by_role("button", name="Inspect").click()
        expect(dialog.get_by_role("alert")).to_have_text(
            "Choose the SKU that second-grade goods go to."
        )
        dialog.get_by_role("button", name="Cancel").click()
        expect(dialog).to_be_hidden()
        _quantities(_row(page, "BOLT"), "3", "3", "0", "3")

    with browsing.step("inspection restocks the bolts and scraps the nuts"):
        _inspect(page, 1, "BOLT", "A (as new)", "Restock")
        _quantities(_row(page, "BOLT"), "3", "3", "3", "0")
        expect(status).to_have_text("Received")
        _inspect(page, 2, "NUT", "C (damaged)", "Scrap")
        _quantities(_row(page, "NUT"), "2", "2", "2", "0")
        expect(status).to_have_text("Inspected")
        inspections = page.get_by_test_id("return-inspections")
        expect(inspections.locator("tbody tr", has_text="BOLT")).to_contain_text("Restock")
        expect(inspections.locator("tbody tr", has_text="BOLT")).to_contain_text("MAIN · BOLT")
        expect(inspections.locator("tbody tr", has_text="NUT")).to_contain_text("Scrap")

    with browsing.step("resolving shows the refund of what passed before confirming"):
        page.get_by_test_id("return-actions").get_by_role("button", name="Resolve").click()
        dialog = page.get_by_role("dialog", name=f"Resolve {rma['number']}")
        # Choose only once the dialog has stopped zooming in: a click on its radio while it
        # moved was once lost ("clicking the checkbox did not change its state").
        expect(page.locator(".ant-zoom-appear, .ant-zoom-enter")).to_have_count(0)
        expect(dialog.get_by_label("Refund")).to_be_checked()
        # 3 restocked bolts at 11.00 paid (tax included); the scrapped nuts give nothing.
        expect(dialog.get_by_test_id("resolve-refund-amount")).to_contain_text("33.00")
        dialog.get_by_label("Exchange").check()
        expect(dialog.get_by_test_id("resolve-preview")).to_contain_text("zero-priced")
        dialog.get_by_label("Refund").check()
        dialog.get_by_role("button", name="Resolve").click()
        expect(dialog).to_be_hidden()

    with browsing.step("the resolved return shows its refund and its label"):
        facts = page.get_by_test_id("return-facts")
        expect(status).to_have_text("Resolved")
        expect(facts.get_by_test_id("return-resolution")).to_have_text("Refund")
        expect(facts.get_by_test_id("return-refund")).to_contain_text("33.00")
        expect(facts.get_by_role("link", name="Refund requests")).to_be_visible()
        expect(page.get_by_test_id("return-actions")).to_contain_text("Close")
        label = page.get_by_test_id("return-label")
        href = label.get_attribute("href")
        assert href and re.fullmatch(r"/documents/returns/[0-9a-f-]{36}\.pdf", href), href
        with page.expect_response(lambda r: r.url.endswith(href)) as fetched:
            label.click()
        assert fetched.value.status == 200
        assert fetched.value.headers["content-type"].startswith("application/pdf")

    def returned(sku_id: str) -> list[Decimal]:
        edges = shop.owner.client.data(MOVEMENTS, {"skuId": sku_id})["stockMovements"]["edges"]
        return [
            Decimal(e["node"]["onHandDelta"])
            for e in edges
            if e["node"]["referenceType"] == "return_line"
        ]

    assert returned(shop.sku_id) == [Decimal("3")]
    assert returned(shop.other_sku_id) == []


def test_staff_ask_for_a_return_from_the_order_and_decline_it_with_a_reason(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    order = delivered_order(shop, (shop.sku_id, "3"), (shop.other_sku_id, "2"))
    page = browsing.new_page()

    with browsing.step("more than was delivered is refused on its line"):
        page.goto(f"/orders/{order['number']}")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        page.get_by_test_id("new-return").click()
        form = page.get_by_test_id("new-return-form")
        form.get_by_text("Exchange", exact=True).click()  # waits for the drawer to settle
        form.get_by_label("Quantity to return #2").fill("5")
        choose(page, form, "Reason #2", "Wrong item")
        form.get_by_label("Comment #2").fill("Metric, not imperial")
        page.get_by_role("button", name="Ask for return").click()
        expect(page.get_by_test_id("return-line-2")).to_contain_text(
            "More than was delivered less what other returns already ask for."
        )

    with browsing.step("within what was delivered it becomes a requested return"):
        form.get_by_label("Quantity to return #2").fill("2")
        page.get_by_role("button", name="Ask for return").click()
        expect(page).to_have_url(re.compile(r"/returns/RMA-\d{6}$"))
        facts = page.get_by_test_id("return-facts")
        expect(facts.get_by_test_id("return-status")).to_have_text("Requested")
        expect(facts.get_by_test_id("return-wish")).to_have_text("Exchange")
        expect(facts).to_contain_text(order["number"])
        expect(page.get_by_test_id("return-lines").locator("tr.ant-table-row")).to_have_count(1)
        _quantities(_row(page, "NUT"), "2", "0", "0", "0")
        expect(_row(page, "NUT")).to_contain_text("Metric, not imperial")
        number = page.url.rsplit("/", 1)[1]

    with browsing.step("declining needs a reason, which the return then shows"):
        page.get_by_test_id("return-actions").get_by_role("button", name="Decline").click()
        dialog = page.get_by_role("dialog", name=f"Decline {number}")
        dialog.get_by_role("button", name="Decline").click()
        expect(dialog.get_by_role("alert")).to_have_text("Say why the return is declined.")
        dialog.get_by_label("Why declined").fill("Opened and used")
        dialog.get_by_role("button", name="Decline").click()
        expect(dialog).to_be_hidden()
        expect(facts.get_by_test_id("return-status")).to_have_text("Declined")
        expect(facts).to_contain_text("Opened and used")
        expect(page.get_by_test_id("return-actions")).to_have_count(0)

    with browsing.step("the order lists its return"):
        facts.get_by_role("link", name=order["number"]).click()
        returns = page.get_by_test_id("order-returns")
        expect(returns.locator("tbody tr", has_text=number)).to_contain_text("Declined")


def test_an_admin_sets_the_approval_threshold_and_returns_address(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    page = browsing.new_page()

    with browsing.step("the settings page saves the threshold and the address"):
        page.goto("/settings")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        card = page.get_by_test_id("return-settings")
        card.get_by_label("Approval needed above (requested value, tax included)").fill("250")
        card.get_by_label("Company or department").fill("Harbour Returns Desk")
        card.get_by_label("City").fill("Rotterdam")
        card.get_by_role("button", name="Save return settings").click()
        expect(page.get_by_text("Return settings saved.")).to_be_visible()

    settings = shop.owner.client.data(
        "query { returnSettings { windowDays approvalThreshold returnAddress { name city } } }"
    )["returnSettings"]
    assert settings["windowDays"] == 30 and Decimal(settings["approvalThreshold"]) == 250
    assert settings["returnAddress"] == {"name": "Harbour Returns Desk", "city": "Rotterdam"}
