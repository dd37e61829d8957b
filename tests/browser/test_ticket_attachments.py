"""Files on tickets in the browser: a portal customer reports a problem with a photo (a file
that is not allowed is refused on the spot, before sending), staff see the photo on the
ticket page and answer with a PDF, and the customer sees the PDF under the answer."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, portal_sign_in
from tests.support.files import png
from tests.support.graphql import GraphQLClient, row_id
from tests.support.portal import discounted_order
from tests.support.stack import Mailbox

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _choose_files(page: Page, scope_test_id: str, *files: tuple[str, str, bytes]) -> None:
    page.get_by_test_id(scope_test_id).locator("input[type=file]").set_input_files(
        [{"name": name, "mimeType": kind, "buffer": content} for name, kind, content in files]
    )


def _image_loaded(page: Page, alt: str) -> bool:
    """The thumbnail is shown and its pixels arrived (a refused URL leaves width 0)."""
    image = page.get_by_role("img", name=alt).first
    expect(image).to_be_visible()
    image.evaluate(
        "img => img.complete || new Promise(done => { img.onload = img.onerror = done; })"
    )
    return bool(image.evaluate("img => img.naturalWidth > 0"))


def test_a_photo_and_a_pdf_travel_between_customer_and_staff(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, buyer, order = discounted_order(api, mailbox)
    portal = browsing.new_page()

    with browsing.step("the customer attaches a photo; a program is refused at once"):
        portal_sign_in(portal, api, mailbox, shop.owner.slug, buyer.email, "Globex", links=2)
        portal.goto(f"/portal/orders/{row_id(order['id'])}")
        portal.get_by_test_id("portal-report-problem").click()
        form = portal.get_by_test_id("portal-ticket-form")
        form.get_by_label("Subject").fill("Cracked lamp base")
        form.get_by_label("What happened?").fill("The base arrived cracked, photo attached.")
        _choose_files(
            portal,
            "portal-ticket-form",
            ("base.png", "image/png", png(120, 90, "orange")),
            ("setup.exe", "application/octet-stream", b"MZ\x90\x00" + bytes(64)),
        )
        expect(form).to_contain_text(
            "Only images, PDFs, Office documents and plain text can be attached."
        )
        portal.get_by_role("button", name="Send").click()
        expect(portal).to_have_url(re.compile(r"/portal/tickets/[0-9a-f-]{36}$"))
        ticket = portal.get_by_test_id("portal-ticket")
        assert _image_loaded(portal, "base.png")
        number = re.search(r"T-\d{6}", ticket.get_by_role("heading").inner_text())
        assert number is not None

    staff = browsing.new_page()
    with browsing.step("staff see the photo and answer with a PDF"):
        staff.goto(f"/tickets/{number.group(0)}")
        log_in(staff, shop.owner.slug, shop.owner.email, shop.owner.password)
        assert _image_loaded(staff, "base.png")
        staff.get_by_role("textbox", name="Reply to customer").fill(
            "Here is how to claim with the carrier."
        )
        _choose_files(staff, "ticket-reply-box", ("claim-guide.pdf", "application/pdf", PDF))
        expect(staff.get_by_test_id("ticket-reply-box")).to_contain_text("claim-guide.pdf")
        staff.get_by_role("button", name="Send reply").click()
        expect(staff.get_by_test_id("ticket-reply").last).to_contain_text("claim-guide.pdf")

    with browsing.step("the customer sees the PDF under the answer"):
        portal.reload()
        seller = portal.get_by_test_id("portal-message-seller")
        expect(seller).to_contain_text("Here is how to claim")
        link = seller.get_by_role("link", name=re.compile("claim-guide.pdf"))
        expect(link).to_be_visible()
        href = link.get_attribute("href")
        assert href is not None
        served = portal.request.get(href)
        assert served.status == 200
        assert served.body() == PDF
