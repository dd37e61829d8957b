"""The owner sets the company's branding on the settings page (legal name, address, tax id,
bank-transfer instructions, logo); a PDF downloads under its number; a portal customer of a
tenant that takes no online payments is offered the bank-transfer instructions instead of
Pay now."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, portal_nav, sign_in_as_buyer
from tests.support.branding import ACME_BRANDING, branded, branding_of, image_base64
from tests.support.graphql import GraphQLClient
from tests.support.invoices import issued
from tests.support.orders import confirmed_order, open_shop
from tests.support.stack import Mailbox, Stack
from tests.support.stripe import open_stripe_shop, portal_placed


def logo_file(tmp_path: Path, kind: str, suffix: str) -> Path:
    path = tmp_path / f"logo.{suffix}"
    path.write_bytes(base64.b64decode(image_base64(kind)))
    return path


def choose_logo(page: Page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("branding-choose-logo").click()
    chooser.value.set_files(str(path))


def test_the_owner_sets_the_branding_and_downloads_a_pdf_named_by_its_number(
    browsing: Browsing, api: GraphQLClient, tmp_path: Path
) -> None:
    shop = open_shop(api)
    owner = shop.owner
    page = browsing.new_page()
    card = page.get_by_test_id("branding-settings")

    with browsing.step("the owner opens the settings: no branding yet"):
        page.goto("/settings")
        log_in(page, owner.slug, owner.email, owner.password)
        expect(card.get_by_text("No logo yet.")).to_be_visible()

    with browsing.step("a GIF is refused before anything is sent"):
        choose_logo(page, logo_file(tmp_path, "GIF", "gif"))
        expect(card.get_by_text("Upload the logo as a PNG or JPEG image.")).to_be_visible()
        expect(card.get_by_test_id("branding-logo-preview")).to_have_count(0)

    with browsing.step("fill in the branding, choose a PNG logo and save"):
        card.get_by_label("Legal name").fill(ACME_BRANDING["legalName"])
        card.get_by_label("Address").fill(ACME_BRANDING["address"])
        card.get_by_label("Tax ID").fill(ACME_BRANDING["taxId"])
        card.get_by_label("Bank-transfer instructions").fill(ACME_BRANDING["bankDetails"])
        choose_logo(page, logo_file(tmp_path, "PNG", "png"))
        expect(card.get_by_test_id("branding-logo-preview")).to_be_visible()
        card.get_by_test_id("branding-save").click()
        expect(page.get_by_text("Settings saved.")).to_be_visible()

    saved = branding_of(owner)
    assert {key: saved[key] for key in ACME_BRANDING} == ACME_BRANDING
    assert saved["logoUrl"].startswith("data:image/png;base64,")

    with browsing.step("after a reload the branding and the logo are shown"):
        page.reload()
        expect(card.get_by_label("Legal name")).to_have_value(ACME_BRANDING["legalName"])
        expect(card.get_by_label("Bank-transfer instructions")).to_have_value(
            ACME_BRANDING["bankDetails"]
        )
        expect(card.get_by_test_id("branding-logo-preview")).to_be_visible()

    with browsing.step("the invoice's PDF downloads as INV-000001.pdf"):
        invoice = issued(owner, confirmed_order(owner, shop)["id"], sendEmail=False)
        page.goto(f"/invoices/{invoice['id']}")
        with page.expect_download() as download:
            page.get_by_test_id("invoice-pdf").click()
        assert download.value.suggested_filename == "INV-000001.pdf"
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def test_chinese_labels_of_the_branding_card(browsing: Browsing, api: GraphQLClient) -> None:
    owner = open_shop(api).owner
    owner.client.data('mutation { setMyLocale(locale: "zh-CN") { userErrors { code } } }')
    page = browsing.new_page()
    page.goto("/settings")
    log_in(page, owner.slug, owner.email, owner.password)
    card = page.get_by_test_id("branding-settings")
    expect(card).to_contain_text("品牌与单据")
    expect(card.get_by_label("银行转账说明")).to_be_visible()


def test_without_online_payment_the_portal_shows_the_bank_transfer_instructions(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack, connect=False)
    branded(shop.owner)
    order = portal_placed(shop, "2")
    invoice = issued(shop.owner, order["id"])
    page = browsing.new_page()

    with browsing.step("the order offers bank transfer, not Pay now"):
        sign_in_as_buyer(page, mailbox, shop)
        page.goto(f"/portal/orders/{order['portalId']}")
        expect(page.get_by_test_id("portal-order-number")).to_have_text(order["number"])
        expect(page.get_by_test_id("pay-by-bank-transfer")).to_be_visible()
        expect(page.get_by_test_id("pay-now")).to_have_count(0)
        page.get_by_test_id("pay-by-bank-transfer").click()
        dialog = page.get_by_test_id("bank-transfer-dialog")
        expect(dialog.get_by_test_id("bank-transfer-instructions")).to_contain_text(
            "IBAN DE89 3704 0044 0532 0130 00"
        )
        expect(dialog).to_contain_text(f"Quote {order['number']} as the payment reference.")
        page.get_by_role("button", name="Close", exact=True).first.click()
        expect(dialog).to_be_hidden()

    with browsing.step("the invoices page offers bank transfer too"):
        portal_nav(page, "invoices")
        row = (
            page.get_by_test_id("portal-invoices-table")
            .get_by_role("row")
            .filter(has_text=invoice["number"])
        )
        expect(row.get_by_test_id("pay-by-bank-transfer")).to_be_visible()
        expect(row.get_by_test_id("pay-invoice")).to_have_count(0)
        expect(page.get_by_text(re.compile("Pay now"))).to_have_count(0)

    with browsing.step("on a 390 px phone the instructions fit the screen"):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"/portal/orders/{order['portalId']}")
        page.get_by_test_id("pay-by-bank-transfer").click()
        instructions = page.get_by_test_id("bank-transfer-instructions")
        expect(instructions).to_be_in_viewport()
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
