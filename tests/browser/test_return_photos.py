"""Photos on a return in the browser: the customer adds a photo to the line they return (a
file that is not an image is refused on the spot), sees it on their return's page, and the
seller sees it on the RMA page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in, portal_sign_in
from tests.support.files import png
from tests.support.graphql import GraphQLClient, row_id
from tests.support.orders import open_shop
from tests.support.portal import register_buyer
from tests.support.returns import delivered_order
from tests.support.stack import Mailbox


def _image_loaded(page: Page, alt: str) -> bool:
    image = page.get_by_role("img", name=alt).first
    expect(image).to_be_visible()
    image.evaluate(
        "img => img.complete || new Promise(done => { img.onload = img.onerror = done; })"
    )
    return bool(image.evaluate("img => img.naturalWidth > 0"))


def test_a_photo_goes_with_the_returned_line_to_the_seller(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    buyer = register_buyer(api, mailbox, shop.owner, "Globex")
    order = delivered_order(shop, (shop.sku_id, "2"), customer_id=buyer.customer_id)
    page = browsing.new_page()

    with browsing.step("the customer returns a line with a photo; a PDF is refused"):
        portal_sign_in(page, api, mailbox, shop.owner.slug, buyer.email, "Globex", links=2)
        page.goto(f"/portal/orders/{row_id(order['id'])}/return")
        form = page.get_by_test_id("portal-return-form")
        form.get_by_label("Quantity to return #1").fill("1")
        choose(page, form, "Reason #1", "Arrived damaged")
        form.get_by_test_id("portal-return-line").locator("input[type=file]").set_input_files(
            [
                {"name": "crushed.png", "mimeType": "image/png", "buffer": png(90, 60, "purple")},
                {"name": "receipt.pdf", "mimeType": "image/png", "buffer": b"%PDF-1.4\n%%EOF\n"},
            ]
        )
        expect(form).to_contain_text("That file is not a JPEG, PNG, GIF or WebP image.")
        page.get_by_role("button", name="Request return").click()
        expect(page).to_have_url(re.compile(r"/portal/returns/[0-9a-f-]{36}$"))
        assert _image_loaded(page, "crushed.png")
        heading = page.get_by_role("heading").filter(has_text=re.compile(r"RMA-\d+")).first
        number = re.search(r"RMA-\d+", heading.inner_text())
        assert number is not None

    staff = browsing.new_page()
    with browsing.step("the seller sees the photo on the RMA page"):
        staff.goto(f"/returns/{number.group(0)}")
        log_in(staff, shop.owner.slug, shop.owner.email, shop.owner.password)
        assert _image_loaded(staff, "crushed.png")
