"""The order console: a salesperson's order entered through the form with live prices lands
on its detail page confirmed; on the Kanban board a card dragged to an allowed column moves
the order on the server, and a forbidden drop snaps back with a message."""

from __future__ import annotations

import re
from urllib.parse import unquote

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in, pick_option
from tests.support.graphql import GraphQLClient, sign_up
from tests.support.orders import Shop, created, customer, open_shop, order_input

WIDE = {"width": 2300, "height": 900}  # every board column on screen
STATUS = """query S($id: ID!) { node(id: $id) { ... on Order { status } } }"""
VIEWS = "query { orderViews { name shared filters } }"


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
        expect(line.get_by_test_id("line-stock")).to_have_text("100 in stock")
        expect(page.get_by_test_id("order-preview")).to_contain_text("$30.00")

    with browsing.step("too much stock is flagged, and submit lands on the confirmed order"):
        line.get_by_label("Quantity").fill("150")
        expect(line.get_by_test_id("line-stock")).to_have_text("Only 100 in stock")
        line.get_by_label("Quantity").fill("3")
        page.get_by_role("button", name="Submit", exact=True).dblclick()
        expect(page).to_have_url(re.compile(r"/orders/[^/]+$"))
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


ORDER_TERMS = """query T($id: ID!) { node(id: $id) { ... on Order {
  paymentTerms { kind instalments { percent trigger daysAfter } } } } }"""


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
        expect(page).to_have_url(re.compile(r"/orders/[^/]+$"))
        expect(page.get_by_test_id("order-header").get_by_test_id("order-status")).to_have_text(
            "Confirmed"
        )
        expect(page.get_by_test_id("order-payment-terms")).to_have_text(
            "30% on confirmation · 70% on delivery"
        )

    order_id = page.url.rsplit("/", 1)[-1]
    stored = shop.owner.client.data(ORDER_TERMS, {"id": unquote(order_id)})["node"]
    assert stored["paymentTerms"] == {
        "kind": "INSTALMENTS",
        "instalments": [
            {"percent": "30", "trigger": "CONFIRMATION", "daysAfter": 0},
            {"percent": "70", "trigger": "DELIVERY", "daysAfter": 0},
        ],
    }
