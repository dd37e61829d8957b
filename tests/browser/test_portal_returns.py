"""Returns in the portal: a customer returns an item from a delivered order's page (never more
than may still return: the form says so, and so does the server when another return got there
first), follows the return from Requested to Approved with each step's date, downloads its
label, finds it under My returns and on the order; in Chinese on a phone the same pages read
in Chinese and fit the screen. A declined return says why, and another customer's return does
not exist for them; a resolved one shows every step and the refund; a final-sale item and a
past return window are refused in the customer's language."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, portal_nav
from tests.support.catalog import create_sku
from tests.support.graphql import GraphQLClient, global_id, row_id
from tests.support.inventory import receive
from tests.support.orders import open_shop
from tests.support.portal import Buyer, link_tokens, register_buyer, request_link
from tests.support.returns import (
    APPROVE,
    DECLINE,
    delivered_order,
    inspect,
    line,
    moved,
    paid_delivered_order,
    receive_goods,
    request_return,
    resolve_as,
)
from tests.support.stack import Mailbox

PHONE = {"width": 390, "height": 844}
RETURN_URL = re.compile(r"/portal/returns/([0-9a-f-]{36})$")


def sign_in(
    page: Page, api: GraphQLClient, mailbox: Mailbox, slug: str, buyer: Buyer, name: str, links: int
) -> None:
    """Follow the `links`-th sign-in link the buyer was sent (the first signed the API in)."""
    assert request_link(api, slug, buyer.email)["accepted"] is True
    token = link_tokens(mailbox, buyer.email, count=links)[-1]
    page.goto(f"/portal/login?token={token}")
    expect(page.get_by_test_id("portal-customer-name")).to_have_text(name)


def day_in_english(page: Page, instant: str) -> str:
    """The day of an API timestamp as the browser writes it in English ("Dec 7, 2026")."""
    day: str = page.evaluate(
        "(value) => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(value))",
        instant,
    )
    return day


def downloads_label(page: Page, link: Locator, return_id: str) -> None:
    """The label link fetches the PDF with the session's bearer token (no cookie), as the
    invoices' links do; without the token the PDF is refused."""
    href = link.get_attribute("href")
    assert href == f"/documents/returns/{return_id}.pdf", href
    with page.expect_response(lambda r: r.url.endswith(href)) as fetched:
        link.click()
    assert fetched.value.status == 200
    token = fetched.value.request.header_value("authorization")
    assert token and token.startswith("Bearer "), token
    response = page.request.get(href, headers={"Authorization": token})
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF")
    assert page.request.get(href).status == 401


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"


def test_a_customer_returns_an_item_and_follows_it(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    buyer = register_buyer(api, mailbox, shop.owner, "Globex")
    order: dict[str, Any] = delivered_order(
        shop, (shop.sku_id, "3"), (shop.other_sku_id, "2"), customer_id=buyer.customer_id
    )
    order_id = row_id(order["id"])
    page = browsing.new_page()

    with browsing.step("the delivered order offers Return items; the form refuses too many"):
        sign_in(page, api, mailbox, shop.owner.slug, buyer, "Globex", links=2)
        page.goto(f"/portal/orders/{order_id}")
        page.get_by_test_id("portal-return-items").click()
        form = page.get_by_test_id("portal-return-form")
        expect(form.get_by_test_id("portal-return-line")).to_have_count(2)
        expect(form).to_contain_text("You can return up to 3")
        form.get_by_label("Quantity to return #1").fill("4")
        choose(page, form, "Reason #1", "Arrived damaged")
        page.get_by_role("button", name="Request return").click()
        expect(form.locator(".ant-form-item-explain-error")).to_have_text(
            "More than you can return: at most 3."
        )
        expect(page).to_have_url(re.compile(rf"/portal/orders/{order_id}/return$"))

    with browsing.step("another return got there first: the server's limit shows on the line"):
        first = request_return(buyer.portal, order_id, line(row_id(order["lines"][0]["id"]), "2"))
        assert first["userErrors"] == [], first["userErrors"]
        form.get_by_label("Quantity to return #1").fill("2")
        form.get_by_label("Comment #1").fill("The box was crushed.")
        page.get_by_role("button", name="Request return").click()
        expect(form.locator(".ant-form-item-explain-error")).to_have_text(
            "You can still return at most 1 of this item."
        )

    with browsing.step("one item returned: the return's page shows Requested with its date"):
        form.get_by_label("Quantity to return #1").fill("1")
        page.get_by_role("button", name="Request return").click()
        expect(page).to_have_url(RETURN_URL)
        match = RETURN_URL.search(page.url)
        assert match is not None
        return_id = match.group(1)
        shown = page.get_by_test_id("portal-return")
        expect(shown.get_by_test_id("portal-return-status")).to_have_text("Requested")
        asked = buyer.portal.data(
            "query R($id: ID!) { myReturn(id: $id) { number createdAt } }", {"id": return_id}
        )["myReturn"]
        expect(shown.get_by_test_id("portal-return-number")).to_have_text(asked["number"])
        expect(shown.get_by_test_id("portal-return-step-requested")).to_contain_text(
            day_in_english(page, asked["createdAt"])
        )
        expect(shown.get_by_test_id("portal-return-step-approved")).to_have_count(0)
        expect(shown.get_by_test_id("portal-return-label")).to_have_count(0)
        lines = shown.get_by_test_id("portal-return-lines")
        expect(lines).to_contain_text("BOLT")
        expect(lines).to_contain_text("Arrived damaged")
        expect(lines).to_contain_text("The box was crushed.")

    approved = moved(shop.owner.client, APPROVE, global_id("Return", return_id))
    assert approved["status"] == "AWAITING_RETURN"

    with browsing.step("staff approved it: the page shows Approved with the date"):
        page.reload()
        expect(shown.get_by_test_id("portal-return-status")).to_have_text("Approved")
        expect(shown.get_by_test_id("portal-return-step-approved")).to_contain_text(
            day_in_english(page, approved["approvedAt"])
        )
        expect(shown).to_contain_text("You may send the items back now.")

    with browsing.step("the approved return's label downloads as a PDF"):
        label = shown.get_by_test_id("portal-return-label")
        expect(label).to_have_text(re.compile("Download return label"))
        downloads_label(page, label, return_id)

    with browsing.step("My returns lists both returns; the order lists them with their status"):
        portal_nav(page, "returns")
        listed = page.get_by_test_id("portal-returns")
        expect(listed.get_by_test_id("portal-return-link")).to_have_count(2)
        row = listed.locator("tr", has_text=asked["number"])
        expect(row).to_contain_text(order["number"])
        expect(row.get_by_test_id("portal-return-status")).to_have_text("Approved")
        row.get_by_role("link", name=order["number"]).click()
        on_order = page.get_by_test_id("portal-order-returns")
        expect(on_order).to_contain_text(asked["number"])
        expect(on_order.get_by_test_id("portal-return-status")).to_have_text(
            ["Approved", "Requested"]
        )

    phone = browsing.new_page(viewport=PHONE, locale="zh-CN")
    with browsing.step("in Chinese on a phone: the list, the return and the form fit and read"):
        sign_in(phone, api, mailbox, shop.owner.slug, buyer, "Globex", links=3)
        phone.goto("/portal/returns")
        expect(phone.get_by_role("heading", name="我的退货")).to_be_visible()
        cards = phone.get_by_test_id("portal-return-card")
        expect(cards).to_have_count(2)
        fits(phone)
        phone.get_by_role("link", name=asked["number"]).click()
        expect(phone.get_by_test_id("portal-return-status")).to_have_text("已批准")
        expect(phone.get_by_test_id("portal-return")).to_contain_text("已申请")
        expect(phone.get_by_test_id("portal-return")).to_contain_text("到货损坏")
        fits(phone)
        phone.get_by_test_id("portal-return-order").click()
        phone.get_by_test_id("portal-return-items").click()
        form = phone.get_by_test_id("portal-return-form")
        expect(form.get_by_test_id("portal-return-line")).to_have_text(
            [re.compile("BOLT.*已全部申请退货"), re.compile("NUT.*最多可退 2")]
        )
        expect(phone.get_by_role("button", name="申请退货")).to_be_visible()
        fits(phone)


def test_a_declined_return_says_why_and_another_customer_finds_none(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    owner = register_buyer(api, mailbox, shop.owner, "Globex")
    order = delivered_order(shop, (shop.sku_id, "2"), customer_id=owner.customer_id)
    asked = request_return(
        owner.portal, row_id(order["id"]), line(row_id(order["lines"][0]["id"]), "1")
    )
    assert asked["userErrors"] == [], asked["userErrors"]
    declined = shop.owner.client.data(
        DECLINE,
        {
            "input": {
                "returnId": global_id("Return", asked["return"]["id"]),
                "reason": "Opened bolts are final sale.",
            }
        },
    )["declineReturn"]
    assert declined["userErrors"] == [], declined["userErrors"]
    rival = register_buyer(api, mailbox, shop.owner, "Initech")
    page = browsing.new_page()

    with browsing.step("the customer sees the return declined, with the seller's reason"):
        sign_in(page, api, mailbox, shop.owner.slug, owner, "Globex", links=2)
        page.goto(f"/portal/returns/{asked['return']['id']}")
        shown = page.get_by_test_id("portal-return")
        expect(shown.get_by_test_id("portal-return-status")).to_have_text("Declined")
        expect(shown.get_by_test_id("portal-return-step-declined")).to_contain_text(
            "Why: Opened bolts are final sale."
        )
        expect(shown.get_by_test_id("portal-return-label")).to_have_count(0)

    page = browsing.new_page()
    with browsing.step("another customer opens the return's address"):
        sign_in(page, api, mailbox, shop.owner.slug, rival, "Initech", links=2)
        page.goto(f"/portal/returns/{asked['return']['id']}")
        expect(page.get_by_test_id("portal-return-missing")).to_contain_text(
            "No such return among yours."
        )
        expect(page.get_by_text(asked["return"]["number"])).to_have_count(0)


def test_a_resolved_return_shows_every_step_and_the_refund(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    buyer = register_buyer(api, mailbox, shop.owner, "Globex")
    order = paid_delivered_order(shop, (shop.sku_id, "3"), customer_id=buyer.customer_id)
    asked = request_return(
        buyer.portal, row_id(order["id"]), line(row_id(order["lines"][0]["id"]), "2")
    )
    assert asked["userErrors"] == [], asked["userErrors"]
    return_id = asked["return"]["id"]
    staff, staff_id = shop.owner.client, global_id("Return", return_id)
    [returned] = moved(staff, APPROVE, staff_id)["lines"]
    assert receive_goods(staff, staff_id, (returned["id"], "2"))["userErrors"] == []
    assert inspect(staff, returned["id"], "2", "RESTOCK")["userErrors"] == []
    resolved = resolve_as(staff, staff_id, None)
    assert resolved["userErrors"] == [], resolved["userErrors"]
    page = browsing.new_page()

    with browsing.step("the customer sees each step dated, the goods inspected and the refund"):
        sign_in(page, api, mailbox, shop.owner.slug, buyer, "Globex", links=2)
        page.goto(f"/portal/returns/{return_id}")
        shown = page.get_by_test_id("portal-return")
        expect(shown.get_by_test_id("portal-return-status")).to_have_text("Resolved")
        for step in ("requested", "approved", "received", "inspected", "resolved"):
            expect(shown.get_by_test_id(f"portal-return-step-{step}")).to_contain_text(
                re.compile(r"\d{4}")
            )
        expect(shown.get_by_test_id("portal-return-refund")).to_have_text("$22.00")
        expect(shown).to_contain_text("Your refund is under way.")
        row = shown.get_by_test_id("portal-return-lines").locator("tbody tr")
        expect(row.locator("td")).to_have_text(
            [re.compile("BOLT"), "2", re.compile("Arrived damaged"), "2", "2"]
        )


def test_a_final_sale_item_and_a_past_window_are_refused_in_chinese(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    seal = create_sku(shop.owner, "SEAL", returnable=False)
    receive(shop.owner, shop.warehouse_id, seal, "10")
    buyer = register_buyer(api, mailbox, shop.owner, "Globex")
    long_ago = datetime.now(UTC) - timedelta(days=60)
    order = delivered_order(
        shop,
        (shop.sku_id, "2"),
        (seal, "1"),
        customer_id=buyer.customer_id,
        shipped_at=long_ago,
        delivered_at=long_ago + timedelta(days=1),
    )
    page = browsing.new_page(locale="zh-CN")

    with browsing.step("a return of an order delivered two months ago is refused"):
        sign_in(page, api, mailbox, shop.owner.slug, buyer, "Globex", links=2)
        page.goto(f"/portal/orders/{row_id(order['id'])}")
        page.get_by_test_id("portal-return-items").click()
        form = page.get_by_test_id("portal-return-form")
        expect(form.get_by_test_id("portal-return-line")).to_have_text(
            [re.compile("BOLT.*最多可退 2"), re.compile("SEAL.*该商品不可退货。")]
        )
        expect(form.get_by_label("退货数量 #2")).to_have_count(0)
        form.get_by_label("退货数量 #1").fill("1")
        choose(page, form, "原因 #1", "到货损坏")
        page.get_by_role("button", name="申请退货").click()
        expect(page.get_by_role("alert")).to_have_text("本订单的退货期限已过。")
        expect(page).to_have_url(re.compile(r"/return$"))
