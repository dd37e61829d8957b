"""The order console: a salesperson's order entered through the form with live prices lands
on its detail page confirmed; on the Kanban board a card dragged to an allowed column moves
the order on the server, and a forbidden drop snaps back with a message."""

from __future__ import annotations

import re
import uuid
from urllib.parse import unquote

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in, pick_option
from tests.support.graphql import GraphQLClient, invite_and_join, sign_up
from tests.support.orders import Shop, created, customer, open_shop, order_input
from tests.support.shipments import ready_order, shipped
from tests.support.stack import Mailbox

# An order's page is at its number (the default format, SO-2026-000001).
ORDER_PAGE = re.compile(r"/orders/SO-\d{4}-\d{6}$")

WIDE = {"width": 2300, "height": 900}  # every board column on screen
STATUS = """query S($id: ID!) { node(id: $id) { ... on Order { status } } }"""
VIEWS = "query { orderViews { name shared filters } }"
PHONE_390 = {"width": 390, "height": 844}
# The order form's short-stock texts in zh-CN (Chinese punctuation is meant).
SHORT_ZH = "库存不足：MAIN 仅有 100"  # noqa: RUF001
SHORT_LINE_ZH = "第 1 行（BOLT）：订购 150，MAIN 仅有 100。"  # noqa: RUF001
MAY_NOT_BACKORDER_ZH = "请减少数量，或请有缺货订购权限的同事提交订单。"  # noqa: RUF001
SET_LOCALE = """mutation Locale($locale: String!) { setMyLocale(locale: $locale) {
  userErrors { code } } }"""


def pick(page: Page, within: Locator, label: str, option: re.Pattern[str]) -> None:
    """Open the antd select labelled `label` from the keyboard and choose `option`."""
    select = within.get_by_role("combobox", name=label, exact=True)
    select.focus()
    select.press("ArrowDown")
    pick_option(page, page.locator(".ant-select-dropdown:visible").get_by_title(option))


def drag(page: Page, card: Locator, column: Locator) -> None:
    """Drag with the mouse in small steps, as dnd-kit's pointer sensor needs."""
    source, target = card.bounding_box(), column.bounding_box()
    assert source and target
    x, y = source["x"] + source["width"] / 2, source["y"] + source["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 12, y + 12, steps=4)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 80, steps=20)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 90, steps=3)
    page.mouse.up()


def status_of(shop: Shop, order_id: str) -> str:
    status: str = shop.owner.client.data(STATUS, {"id": order_id})["node"]["status"]
    return status


def test_an_order_entered_in_the_form_lands_confirmed(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    page = browsing.new_page()

    with browsing.step("open the order form"):
        page.goto("/orders/new")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        expect(page.get_by_role("heading", name="New order", exact=True)).to_be_visible()

    with browsing.step("choose the customer and a line; the price and stock show live"):
        pick(page, page.locator("form"), "Customer", re.compile("^Harbour Supplies"))
        expect(page.get_by_role("combobox", name="Ship to")).to_be_visible()
        expect(page.locator(".ant-form-item").filter(has_text="Ship to")).to_contain_text("Dock 4")
        line = page.get_by_test_id("order-line")
        pick(page, line, "SKU", re.compile("^BOLT"))
        line.get_by_label("Quantity").fill("3")
        expect(line.get_by_test_id("line-price")).to_have_text("Unit price: $10.00")
        expect(line.get_by_test_id("line-price-source")).to_have_text(re.compile(r"\S"))
        expect(line.get_by_test_id("line-stock")).to_have_text("100 in stock at MAIN")
        expect(line.get_by_test_id("line-amounts")).to_have_text("Line $33.00 incl. tax $3.00")
        expect(page.get_by_test_id("order-preview").get_by_test_id("totals-total")).to_have_text(
            "$33.00"
        )

    with browsing.step("too much stock is flagged, and submit lands on the confirmed order"):
        line.get_by_label("Quantity").fill("150")
        expect(line.get_by_test_id("line-stock")).to_have_text("Short: only 100 at MAIN")
        line.get_by_label("Quantity").fill("3")
        page.get_by_role("button", name="Submit", exact=True).dblclick()
        expect(page).to_have_url(ORDER_PAGE)
        expect(page.get_by_test_id("order-header").get_by_test_id("order-status")).to_have_text(
            "Confirmed"
        )
        lines = page.get_by_test_id("order-lines")
        expect(lines).to_contain_text("BOLT")
        expect(lines.get_by_test_id("price-source")).to_have_text(re.compile(r"\S"))
        expect(page.get_by_test_id("order-totals")).to_contain_text("$33.00")

    with browsing.step("one order was created, even from a double click"):
        page.get_by_role("button", name="All orders").click()
        expect(page.get_by_role("heading", name="Orders", exact=True)).to_be_visible()
        rows = page.locator(".ant-table-tbody tr.ant-table-row")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Harbour Supplies")
        expect(rows.first).to_contain_text("Confirmed")

    with browsing.step("the status filter is saved as a shared view"):
        choose(page, page.locator("main"), "Status", "Confirmed", multiple=True)
        page.get_by_role("button", name="Save view").click()
        dialog = page.get_by_role("dialog", name="Save the filters and sort as a view")
        dialog.get_by_label("Name").fill("Confirmed orders")
        dialog.get_by_label("Share with everyone in the company").check()
        dialog.get_by_role("button", name="Save").click()
        expect(page.get_by_text("View saved.")).to_be_visible()
        expect(page.get_by_test_id("order-view-select")).to_contain_text("Confirmed orders")
        [view] = shop.owner.client.data(VIEWS)["orderViews"]
        assert (view["name"], view["shared"], view["filters"]) == (
            "Confirmed orders",
            True,
            {"statuses": ["CONFIRMED"]},
        )


def test_the_form_names_the_short_line_and_the_approval_it_will_need_before_submit(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    rep = invite_and_join(shop.owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    customer(rep, "Quay Traders")
    page = browsing.new_page()

    with browsing.step("a sales rep enters more than the warehouse has, at a discount"):
        page.goto("/orders/new")
        log_in(page, shop.owner.slug, rep.email, rep.password)
        pick(page, page.locator("form"), "Customer", re.compile("^Quay Traders"))
        line = page.get_by_test_id("order-line")
        pick(page, line, "SKU", re.compile("^BOLT"))
        line.get_by_label("Quantity").fill("150")
        line.get_by_label("Discount").fill("8")

    with browsing.step("before submit the form names the short line and what MAIN has"):
        expect(line.get_by_test_id("line-stock")).to_have_text("Short: only 100 at MAIN")
        short = page.get_by_test_id("order-short-lines")
        expect(short.get_by_test_id("short-line")).to_have_text(
            "Line 1 (BOLT): 150 ordered, only 100 available at MAIN."
        )
        expect(short).to_contain_text("ask someone allowed to backorder")
        expect(page.get_by_text("Allow backorder")).to_have_count(0)

    with browsing.step("it warns that the order will need a manager's approval, and why"):
        expect(page.get_by_test_id("order-approval-forecast")).to_contain_text(
            "Manager approval: A line discount of 8% is above the approval threshold of 5%."
        )
        totals = page.get_by_test_id("order-preview")
        expect(totals.get_by_test_id("totals-discounts")).to_have_attribute("data-amount", "120.00")
        expect(totals).to_contain_text("Tax 10% on $1,380.00")
        expect(totals.get_by_test_id("totals-total")).to_have_text("$1,518.00")

    with browsing.step("a quantity the warehouse has clears the warning"):
        line.get_by_label("Quantity").fill("50")
        expect(line.get_by_test_id("line-stock")).to_have_text("100 in stock at MAIN")
        expect(page.get_by_test_id("order-short-lines")).to_have_count(0)


def test_a_chinese_rep_on_a_phone_reads_the_short_line_warning(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    rep = invite_and_join(shop.owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    customer(rep, "Quay Traders")
    rep.client.data(SET_LOCALE, {"locale": "zh-CN"})
    page = browsing.new_page(PHONE_390)

    with browsing.step("on a 390 px phone, in Chinese, a rep enters more than MAIN has"):
        page.goto("/orders/new")
        log_in(page, shop.owner.slug, rep.email, rep.password)
        pick(page, page.locator("form"), "客户", re.compile("^Quay Traders"))
        line = page.get_by_test_id("order-line")
        pick(page, line, "SKU", re.compile("^BOLT"))
        line.get_by_label("数量").fill("150")

    with browsing.step("the line and the warning say so in Chinese, within the screen"):
        expect(line.get_by_test_id("line-stock")).to_have_text(SHORT_ZH)
        short = page.get_by_test_id("order-short-lines")
        expect(short.get_by_test_id("short-line")).to_have_text(SHORT_LINE_ZH)
        expect(short).to_contain_text(MAY_NOT_BACKORDER_ZH)
        short.scroll_into_view_if_needed()
        expect(short).to_be_in_viewport()
        box = short.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_390["width"]
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE_390["width"]


def test_an_order_shipped_in_part_says_so_in_the_list_and_on_the_board(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    order = ready_order(shop, (shop.sku_id, "6"), (shop.other_sku_id, "4"))
    shipped(shop.owner, order, (0, "3"), (1, "1"))
    page = browsing.new_page(viewport=WIDE)

    with browsing.step("the orders list shows Ready to ship with 4 of 10 shipped"):
        page.goto("/orders")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        row = page.locator(".ant-table-tbody tr.ant-table-row").filter(has_text=order["number"])
        expect(row).to_contain_text("Ready to ship")
        expect(row.get_by_test_id("shipped-in-part")).to_have_text("· 4 of 10 shipped")

    with browsing.step("so does its card on the board"):
        page.goto("/orders/board")
        card = page.locator(f"[data-order-number='{order['number']}']")
        expect(card.get_by_test_id("shipped-in-part")).to_have_text("· 4 of 10 shipped")


def test_dragging_a_card_on_the_board_moves_the_order(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    on_credit = customer(shop.owner, "Trusted Partner", paymentTerms={"kind": "NET", "netDays": 30})
    confirmed = created(
        shop.owner,
        {
            "customerId": on_credit,
            "submit": True,
            "lines": [{"skuId": shop.sku_id, "quantity": "1"}],
        },
    )
    draft = created(shop.owner, order_input(shop, (shop.sku_id, "1")))
    sign_up(api)  # another tenant's board stays apart
    page = browsing.new_page(viewport=WIDE)

    with browsing.step("open the board"):
        page.goto("/orders/board")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        expect(page.get_by_role("heading", name="Order board", exact=True)).to_be_visible()
        confirmed_column = page.get_by_test_id("board-column-CONFIRMED")
        expect(confirmed_column.get_by_test_id("board-card")).to_contain_text(confirmed["number"])

    with browsing.step("Confirmed -> Ready to ship for a customer on credit"):
        card = page.locator(f"[data-order-number='{confirmed['number']}']")
        ready = page.get_by_test_id("board-column-READY_TO_SHIP")
        drag(page, card, ready)
        expect(ready.locator(f"[data-order-number='{confirmed['number']}']")).to_be_visible()
        expect(page.get_by_text("Ready to ship: done.")).to_be_visible()
        assert status_of(shop, confirmed["id"]) == "READY_TO_SHIP"

    with browsing.step("a forbidden drop snaps back with a message"):
        card = page.locator(f"[data-order-number='{draft['number']}']")
        drag(page, card, page.get_by_test_id("board-column-DELIVERED"))
        expect(
            page.get_by_text(f"Order {draft['number']} cannot move to Delivered now.")
        ).to_be_visible()
        expect(
            page.get_by_test_id("board-column-DRAFT").locator(
                f"[data-order-number='{draft['number']}']"
            )
        ).to_be_visible()
        expect(
            page.get_by_test_id("board-column-DELIVERED").get_by_test_id("board-card")
        ).to_have_count(0)
        assert status_of(shop, draft["id"]) == "DRAFT"


ORDER_TERMS = """query T($number: String!) { orderByNumber(number: $number) {
  paymentTerms { kind instalments { percent trigger daysAfter } } } }"""


def test_an_order_gets_its_own_instalment_plan_in_the_form(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    page = browsing.new_page()

    with browsing.step("the form shows the customer's terms"):
        page.goto("/orders/new")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        pick(page, page.locator("form"), "Customer", re.compile("^Harbour Supplies"))
        terms = page.get_by_test_id("order-terms")
        expect(terms.get_by_test_id("customer-terms")).to_have_text(
            "The customer's terms apply: Prepaid"
        )
        line = page.get_by_test_id("order-line")
        pick(page, line, "SKU", re.compile("^BOLT"))
        line.get_by_label("Quantity").fill("3")

    with browsing.step("this deal: 30 % on confirmation, 70 % on delivery"):
        terms.get_by_label("This order has its own payment terms").check()
        pick(page, terms, "Payment terms", re.compile("^Instalments$"))
        terms.get_by_role("button", name="30 % on confirmation / 70 % on delivery").click()
        expect(terms.get_by_test_id("instalments-total")).to_contain_text("100")
        page.get_by_role("button", name="Submit", exact=True).click()
        expect(page).to_have_url(ORDER_PAGE)
        expect(page.get_by_test_id("order-header").get_by_test_id("order-status")).to_have_text(
            "Confirmed"
        )
        expect(page.get_by_test_id("order-payment-terms")).to_have_text(
            "30% on confirmation · 70% on delivery"
        )

    number = unquote(page.url.rsplit("/", 1)[-1])
    stored = shop.owner.client.data(ORDER_TERMS, {"number": number})["orderByNumber"]
    assert stored["paymentTerms"] == {
        "kind": "INSTALMENTS",
        "instalments": [
            {"percent": "30", "trigger": "CONFIRMATION", "daysAfter": 0},
            {"percent": "70", "trigger": "DELIVERY", "daysAfter": 0},
        ],
    }
